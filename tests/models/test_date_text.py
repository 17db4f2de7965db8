"""One date text format: EDTF level 1 and what staff type, parsed to a precision and printed back."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tracker.date_text import format_edtf, format_human, localize, parse
from tracker.dates import DatePrecision, FuzzyDate

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021", FuzzyDate(D(2021, 1, 1), DatePrecision.YEAR)),
        ("2021-05", FuzzyDate(D(2021, 5, 1), DatePrecision.MONTH)),
        ("05.2021", FuzzyDate(D(2021, 5, 1), DatePrecision.MONTH)),
        ("May 2021", FuzzyDate(D(2021, 5, 1), DatePrecision.MONTH)),
        ("мая 2021", FuzzyDate(D(2021, 5, 1), DatePrecision.MONTH)),
        ("spring 2017", FuzzyDate(D(2017, 3, 1), DatePrecision.SEASON)),
        ("весна 2017", FuzzyDate(D(2017, 3, 1), DatePrecision.SEASON)),
        ("2017-21", FuzzyDate(D(2017, 3, 1), DatePrecision.SEASON)),
        ("winter 2019", FuzzyDate(D(2018, 12, 1), DatePrecision.SEASON)),
        ("2018-24", FuzzyDate(D(2018, 12, 1), DatePrecision.SEASON)),
        ("16.08.2019", FuzzyDate(D(2019, 8, 16), DatePrecision.DAY)),
        ("2019-08-16", FuzzyDate(D(2019, 8, 16), DatePrecision.DAY)),
        ("16 августа 2019 г.", FuzzyDate(D(2019, 8, 16), DatePrecision.DAY)),
        ("16.08.2019 14:30", FuzzyDate(D(2019, 8, 16), DatePrecision.MINUTE, time=dt.time(14, 30))),
        ("10 March 2019, 02:30", FuzzyDate(D(2019, 3, 10), DatePrecision.MINUTE, time=dt.time(2, 30))),
        ("around May 2021", FuzzyDate(D(2021, 5, 1), DatePrecision.MONTH, approximate=True)),
        ("2021-05~", FuzzyDate(D(2021, 5, 1), DatePrecision.MONTH, approximate=True)),
        ("около 10 марта 2019", FuzzyDate(D(2019, 3, 10), DatePrecision.DAY, approximate=True)),
        (
            "10.03.2019 – 20.03.2019",
            FuzzyDate(D(2019, 3, 10), DatePrecision.RANGE, until=D(2019, 3, 20)),
        ),
        ("2019-03/2019-05", FuzzyDate(D(2019, 3, 1), DatePrecision.RANGE, until=D(2019, 5, 31))),
    ],
)
def test_parse_infers_the_precision_typed(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("date", "edtf"),
    [
        (FuzzyDate(D(2021, 1, 1), DatePrecision.YEAR), "2021"),
        (FuzzyDate(D(2021, 5, 1), DatePrecision.MONTH, approximate=True), "2021-05~"),
        (FuzzyDate(D(2017, 3, 1), DatePrecision.SEASON), "2017-21"),
        (FuzzyDate(D(2019, 3, 10), DatePrecision.DAY), "2019-03-10"),
        (FuzzyDate(D(2019, 3, 10), DatePrecision.RANGE, until=D(2019, 3, 20)), "2019-03-10/2019-03-20"),
        (FuzzyDate(D(2019, 3, 10), DatePrecision.MINUTE, time=dt.time(2, 30)), "2019-03-10T02:30:00+06:00"),
    ],
)
def test_what_is_printed_is_read_back(date, edtf):
    assert format_edtf(date, "Asia/Almaty") == edtf
    assert localize(parse(edtf), "Asia/Almaty") == date
    for language in ("en", "ru"):
        with translation.override(language):
            assert parse(format_human(date)) == date


def test_an_offset_becomes_the_wall_clock_time_of_the_place():
    parsed = parse("2019-03-09T20:30:00Z")
    assert localize(parsed, "Asia/Almaty") == FuzzyDate(D(2019, 3, 10), DatePrecision.MINUTE, time=dt.time(2, 30))
    # Almaty moved from +06:00 to +05:00 in 2024: the offset printed is the one of that day.
    recent = FuzzyDate(D(2025, 3, 10), DatePrecision.MINUTE, time=dt.time(2, 30))
    assert format_edtf(recent, "Asia/Almaty") == "2025-03-10T02:30:00+05:00"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "Enter a date"),
        ("9999-12-31", "Give a date between"),
        ("1812", "Give a date between"),
        ("31.02.2019", "does not exist"),
        ("2019?", "uncertain"),
        ("hello", "is not a date"),
        ("2019-05-01/2019-04-01", "before its start"),
        ("10.03.2019 10:00 – 20.03.2019", "leave out the times"),
        ("16.08.2019 25:10", "not a time of day"),
        ("201X", "is not a date"),
    ],
)
def test_refusals_say_why(text, reason):
    with pytest.raises(ValidationError) as raised:
        parse(text)
    assert reason in " ".join(raised.value.messages)
