"""Uncertain dates render only as precisely as known, in English and Russian, and sort sensibly."""

import datetime as dt

import pytest
from django.utils import translation

from tracker.dates import FuzzyDate, normalize_start

CASES = [
    (
        FuzzyDate(dt.date(2019, 3, 10), "minute", time=dt.time(2, 30), approximate=True),
        "around 10 March 2019, 02:30",
        "около 10 марта 2019, 02:30",
    ),
    (FuzzyDate(dt.date(2019, 3, 10), "day"), "10 March 2019", "10 марта 2019"),
    (FuzzyDate(dt.date(2019, 2, 1), "month"), "February 2019", "Февраль 2019"),
    (FuzzyDate(dt.date(2017, 3, 1), "season"), "spring 2017", "весна 2017"),
    (FuzzyDate(dt.date(2018, 12, 1), "season"), "winter 2019", "зима 2019"),
    (FuzzyDate(dt.date(2016, 1, 1), "year"), "2016", "2016"),
    (
        FuzzyDate(dt.date(2018, 10, 1), "range", until=dt.date(2019, 3, 9), approximate=True),
        "around 1 October 2018 – 9 March 2019",
        "около 1 октября 2018 – 9 марта 2019",
    ),
]


@pytest.mark.parametrize(("date", "english", "russian"), CASES)
def test_renders_as_precisely_as_known(date, english, russian):
    with translation.override("en"):
        assert str(date) == english
    with translation.override("ru"):
        assert str(date) == russian


@pytest.mark.parametrize(
    ("on", "precision", "start"),
    [
        (dt.date(2019, 2, 17), "month", dt.date(2019, 2, 1)),
        (dt.date(2017, 4, 20), "season", dt.date(2017, 3, 1)),
        (dt.date(2019, 1, 15), "season", dt.date(2018, 12, 1)),
        (dt.date(2019, 7, 4), "year", dt.date(2019, 1, 1)),
        (dt.date(2019, 7, 4), "day", dt.date(2019, 7, 4)),
    ],
)
def test_a_vague_date_starts_at_its_period(on, precision, start):
    assert normalize_start(on, precision) == start


def test_timeline_order_puts_vaguer_dates_first_and_times_in_order():
    arrest = FuzzyDate(dt.date(2019, 3, 10), "minute", time=dt.time(2, 30))
    transfer = FuzzyDate(dt.date(2019, 3, 10), "minute", time=dt.time(14, 0))
    that_day = FuzzyDate(dt.date(2019, 3, 10), "day")
    that_month = FuzzyDate(dt.date(2019, 3, 1), "month")
    spring = FuzzyDate(dt.date(2017, 3, 1), "season")

    ordered = sorted([transfer, that_day, arrest, that_month, spring], key=lambda d: d.sort_key)

    assert ordered == [spring, that_month, that_day, arrest, transfer]


def test_iso_form_does_not_overstate():
    assert FuzzyDate(dt.date(2019, 2, 1), "month").iso == "2019-02"
    assert FuzzyDate(dt.date(2019, 3, 10), "minute", time=dt.time(2, 30)).iso == "2019-03-10T02:30"
