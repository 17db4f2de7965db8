"""Uncertain dates as text: one format in and out for the API, the import, open data and the admin.

The machine form is EDTF level 1 (Library of Congress Extended Date/Time Format), which the
`edtf` package parses: "2021", "2021-05", "2021-05-10", "2019-03-10T02:30:00+06:00", "2017-21"
(spring), "2019-03-10/2019-03-20", and "~" for "around" ("2021-05~"). `format_edtf` prints
it and `parse` takes it back, so whatever the API prints it accepts.

`parse` also takes what staff type in the admin, in English or Russian: "05.2021",
"May 2021", "мая 2021", "spring 2017", "весна 2017", "16.08.2019" (day first, in every
language: a day-first date is never read month-first), "16.08.2019 14:30", "around May 2021",
"около 10 марта 2019", and a range "10.03.2019 – 20.03.2019". The precision is what was
typed: a year is a year, a month a month, and a time makes it a minute. `format_human` prints
the form the admin shows, which `parse` reads back too.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import zoneinfo
from dataclasses import replace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tracker.dates import SEASON_START_MONTH, DatePrecision, FuzzyDate, fact_date_error, normalize_start, season_of

EDTF_SEASONS = {"21": "spring", "22": "summer", "23": "autumn", "24": "winter"}
SEASON_CODES = {season: code for code, season in EDTF_SEASONS.items()}

MONTH_WORDS = {
    **{calendar.month_name[number].lower(): number for number in range(1, 13)},
    **{calendar.month_abbr[number].lower(): number for number in range(1, 13)},
    "sept": 9,
    # Russian, nominative ("май 2021") and genitive ("10 мая 2021").
    **dict.fromkeys(("январь", "января", "янв"), 1),
    **dict.fromkeys(("февраль", "февраля", "фев"), 2),
    **dict.fromkeys(("март", "марта", "мар"), 3),
    **dict.fromkeys(("апрель", "апреля", "апр"), 4),
    **dict.fromkeys(("май", "мая"), 5),
    **dict.fromkeys(("июнь", "июня", "июн"), 6),
    **dict.fromkeys(("июль", "июля", "июл"), 7),
    **dict.fromkeys(("август", "августа", "авг"), 8),
    **dict.fromkeys(("сентябрь", "сентября", "сен", "сент"), 9),
    **dict.fromkeys(("октябрь", "октября", "окт"), 10),
    **dict.fromkeys(("ноябрь", "ноября", "ноя"), 11),
    **dict.fromkeys(("декабрь", "декабря", "дек"), 12),
}
SEASON_WORDS = {
    **dict.fromkeys(("spring", "весна", "весной"), "spring"),
    **dict.fromkeys(("summer", "лето", "летом"), "summer"),
    **dict.fromkeys(("autumn", "fall", "осень", "осенью"), "autumn"),
    **dict.fromkeys(("winter", "зима", "зимой"), "winter"),
}
AROUND_WORDS = ("around", "about", "approximately", "circa", "c.", "ca.", "около", "примерно", "приблизительно", "ок.")

EDTF_SHAPE = re.compile(r"^[0-9X?~%/T:+\-Z.]+$")
DAY_FIRST = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,?\s+(\d{1,2}):(\d{2}))?$")
MONTH_DOT_YEAR = re.compile(r"^(\d{1,2})\.(\d{4})$")
WORDS_DATE = re.compile(r"^(?:(\d{1,2})\s+)?(\w+\.?)\s+(\d{4})(?:\s*г\.?)?(?:,?\s+(\d{1,2}):(\d{2}))?$")
ISO_MINUTE = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?$")
RANGE_SEPARATOR = re.compile(r"\s*[–—]\s*|\s+-\s+|\s*/\s*|\s+(?:to|until|по|до)\s+")


def parse(text: str) -> FuzzyDate:
    """The date a text names, as precisely as it names it; ValidationError with a reason otherwise.

    A time with an offset comes back as an aware time: `localize` turns it into the place's.
    """
    cleaned = " ".join(str(text).split())
    if not cleaned:
        raise ValidationError(_("Enter a date."), code="required")
    approximate, body = _strip_around(cleaned)
    parts = RANGE_SEPARATOR.split(body)
    if len(parts) == 2 and all(parts):
        date = _range(parts[0], parts[1], whole=cleaned)
    elif len(parts) == 1:
        date = _single(body, whole=cleaned)
    else:
        raise _not_a_date(cleaned)
    date = replace(date, approximate=approximate or date.approximate)
    _check_bounds(date)
    return date


def localize(date: FuzzyDate, zone_name: str | None) -> FuzzyDate:
    """A time given with an offset, as the wall-clock time at the place (the records keep local times)."""
    if date.time is None or date.time.tzinfo is None:
        return date
    zone = zoneinfo.ZoneInfo(zone_name or settings.TRACKER_DEFAULT_PLACE_TIMEZONE)
    moment = dt.datetime.combine(date.on, date.time).astimezone(zone)
    return replace(date, on=moment.date(), time=moment.time().replace(tzinfo=None))


def format_edtf(date: FuzzyDate | None, zone_name: str | None = None) -> str | None:
    """The EDTF level 1 text of a date; a time carries the offset of the place's zone on that day."""
    if date is None:
        return None
    text = _edtf_body(date, zone_name)
    return f"{text}~" if date.approximate and date.precision != DatePrecision.RANGE else text


def format_human(date: FuzzyDate | None) -> str:
    """The form the admin shows, in the active language; `parse` reads it back."""
    return "" if date is None else str(date)


def _edtf_body(date: FuzzyDate, zone_name: str | None) -> str:
    if date.precision == DatePrecision.YEAR:
        return f"{date.on.year:04d}"
    if date.precision == DatePrecision.MONTH:
        return f"{date.on.year:04d}-{date.on.month:02d}"
    if date.precision == DatePrecision.SEASON:
        # EDTF numbers a winter by the year it starts in: 2018-24 is December 2018 to February 2019.
        return f"{date.on.year:04d}-{SEASON_CODES[season_of(date.on.month)]}"
    if date.precision == DatePrecision.RANGE and date.until is not None:
        suffix = "~" if date.approximate else ""
        return f"{date.on.isoformat()}{suffix}/{date.until.isoformat()}{suffix}"
    if date.precision == DatePrecision.MINUTE and date.time is not None:
        zone = zoneinfo.ZoneInfo(zone_name or settings.TRACKER_DEFAULT_PLACE_TIMEZONE)
        moment = dt.datetime.combine(date.on, date.time.replace(tzinfo=None)).replace(tzinfo=zone)
        return moment.isoformat(timespec="seconds")
    return date.on.isoformat()


def _strip_around(text: str) -> tuple[bool, str]:
    lowered = text.lower()
    for word in AROUND_WORDS:
        if lowered.startswith(word + " "):
            return True, text[len(word) + 1 :].strip()
    if text.startswith("~"):
        return True, text[1:].strip()
    return False, text


def _range(first: str, second: str, *, whole: str) -> FuzzyDate:
    start = _single(first, whole=whole)
    end = _single(second, whole=whole)
    if start.time is not None or end.time is not None:
        raise ValidationError(_("A date range is kept by day: leave out the times."), code="range_time")
    until = _last_day(end)
    if until < start.on:
        raise ValidationError(_("The end of the range is before its start."), code="range_order")
    return FuzzyDate(
        on=start.on, precision=DatePrecision.RANGE, until=until, approximate=start.approximate or end.approximate
    )


def _single(text: str, *, whole: str) -> FuzzyDate:
    approximate = text.endswith("~")
    if text.endswith(("?", "%")):
        raise ValidationError(
            _("“?” (uncertain) is not kept; write “~” for an approximate date, or leave the part out."),
            code="uncertain",
        )
    core = text.removesuffix("~")
    for reader in (_iso_minute, _edtf, _day_first, _month_dot_year, _words):
        date = reader(core)
        if date is not None:
            return replace(date, approximate=approximate or date.approximate)
    raise _not_a_date(whole)


def _edtf(text: str) -> FuzzyDate | None:
    if not EDTF_SHAPE.match(text) or "/" in text:
        return None
    try:
        parsed = _edtf_package().parse_edtf(text)
    except _edtf_package().EDTFParseException:
        return None
    kind = type(parsed).__name__
    lower = dt.date(*parsed.lower_strict()[:3])
    if kind == "Season":
        season = EDTF_SEASONS.get(str(parsed.season))
        if season is None:
            return None
        start = dt.date(lower.year, SEASON_START_MONTH[season], 1)
        return FuzzyDate(on=start, precision=DatePrecision.SEASON)
    if kind != "Date":
        return None
    precision = {4: DatePrecision.YEAR, 7: DatePrecision.MONTH, 10: DatePrecision.DAY}.get(len(text))
    return FuzzyDate(on=lower, precision=precision) if precision else None


def _iso_minute(text: str) -> FuzzyDate | None:
    match = ISO_MINUTE.match(text)
    if not match:
        return None
    day, hour, minute, _seconds, offset = match.groups()
    on = _date_or_error(lambda: dt.date.fromisoformat(day))
    tzinfo = _offset(offset) if offset else None
    return FuzzyDate(on=on, precision=DatePrecision.MINUTE, time=_time(hour, minute, tzinfo))


def _day_first(text: str) -> FuzzyDate | None:
    match = DAY_FIRST.match(text)
    if not match:
        return None
    day, month, year, hour, minute = match.groups()
    on = _date_or_error(lambda: dt.date(int(year), int(month), int(day)))
    if hour is None:
        return FuzzyDate(on=on, precision=DatePrecision.DAY)
    return FuzzyDate(on=on, precision=DatePrecision.MINUTE, time=_time(hour, minute))


def _month_dot_year(text: str) -> FuzzyDate | None:
    match = MONTH_DOT_YEAR.match(text)
    if not match:
        return None
    month, year = int(match.group(1)), int(match.group(2))
    on = _date_or_error(lambda: dt.date(year, month, 1))
    return FuzzyDate(on=on, precision=DatePrecision.MONTH)


def _words(text: str) -> FuzzyDate | None:
    match = WORDS_DATE.match(text)
    if not match:
        return None
    day, word, year, hour, minute = match.groups()
    word = word.lower()
    if word in SEASON_WORDS and day is None and hour is None:
        season = SEASON_WORDS[word]
        # "winter 2019" is the winter that ends in 2019, as the timeline labels it.
        start_year = int(year) - 1 if season == "winter" else int(year)
        return FuzzyDate(on=dt.date(start_year, SEASON_START_MONTH[season], 1), precision=DatePrecision.SEASON)
    month = MONTH_WORDS.get(word) or MONTH_WORDS.get(word.rstrip("."))
    if month is None:
        return None
    if day is None:
        return None if hour else FuzzyDate(on=dt.date(int(year), month, 1), precision=DatePrecision.MONTH)
    on = _date_or_error(lambda: dt.date(int(year), month, int(day)))
    if hour is None:
        return FuzzyDate(on=on, precision=DatePrecision.DAY)
    return FuzzyDate(on=on, precision=DatePrecision.MINUTE, time=_time(hour, minute))


def _time(hour: str, minute: str, tzinfo: dt.tzinfo | None = None) -> dt.time:
    try:
        return dt.time(int(hour), int(minute), tzinfo=tzinfo)
    except ValueError as error:
        raise ValidationError(_("“%(time)s” is not a time of day.") % {"time": f"{hour}:{minute}"}) from error


def _offset(text: str) -> dt.tzinfo:
    if text == "Z":
        return dt.UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 14 or minutes > 59:
        raise ValidationError(_("“%(offset)s” is not a time zone offset.") % {"offset": text}, code="offset")
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


def _date_or_error(build) -> dt.date:
    try:
        return build()
    except ValueError as error:
        raise ValidationError(_("That day does not exist in the calendar."), code="no_such_day") from error


def _last_day(date: FuzzyDate) -> dt.date:
    """The last day of the period a date names: the end of a range that ends "in May" is 31 May."""
    start = normalize_start(date.on, date.precision)
    if date.precision == DatePrecision.YEAR:
        return dt.date(start.year, 12, 31)
    if date.precision == DatePrecision.MONTH:
        return dt.date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
    if date.precision == DatePrecision.SEASON:
        end_month = (start.month + 1) % 12 + 1
        end_year = start.year + 1 if end_month < start.month else start.year
        return dt.date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])
    return date.until or date.on


def _check_bounds(date: FuzzyDate) -> None:
    # The one rule for the dates of facts (tracker/dates.py), so forms, API and import say the same.
    for day in (date.on, date.until):
        if error := fact_date_error(day):
            raise ValidationError(error, code="out_of_range")


def _not_a_date(text: str) -> ValidationError:
    return ValidationError(
        _(
            "“%(text)s” is not a date this tracker reads. Write it as 2021, 2021-05, 05.2021, May 2021, "
            "spring 2017, 16.08.2019, 16.08.2019 14:30, around May 2021, or a range 10.03.2019 – 20.03.2019."
        )
        % {"text": text[:80]},
        code="invalid",
    )


def _edtf_package():
    """The edtf package, imported when a text first needs it: it costs every process about 20 MB,
    and most (a restore, a worker sending mail) never read a date."""
    import edtf
    from edtf.parser.edtf_exceptions import EDTFParseException

    edtf.EDTFParseException = EDTFParseException
    return edtf
