"""Uncertain dates: a date that knows how precisely it is known.

Sources say "around 2:30 a.m. on March 10", "in February", "since spring 2017".
A record stores such a date in plain columns named after one prefix
(`<p>_on`, `<p>_precision`, and where it applies `<p>_time`, `<p>_approximate`,
`<p>_until`); `FuzzyDateField("<p>")` reads them back as a `FuzzyDate` that
renders only as precisely as it is known. Dates and times are local to the place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class DatePrecision(models.TextChoices):
    MINUTE = "minute", gettext_lazy("minute")
    DAY = "day", gettext_lazy("day")
    MONTH = "month", gettext_lazy("month")
    SEASON = "season", gettext_lazy("season")
    YEAR = "year", gettext_lazy("year")
    RANGE = "range", gettext_lazy("date range")


# Sorting puts the vaguer of two dates with the same start first ("March 2019"
# before "10 March 2019"), as a reader expects of a timeline.
PRECISION_RANK = {
    DatePrecision.YEAR: 0,
    DatePrecision.SEASON: 1,
    DatePrecision.RANGE: 2,
    DatePrecision.MONTH: 3,
    DatePrecision.DAY: 4,
    DatePrecision.MINUTE: 5,
}

SEASON_START_MONTH = {"winter": 12, "spring": 3, "summer": 6, "autumn": 9}


def season_of(month: int) -> str:
    return {
        12: "winter",
        1: "winter",
        2: "winter",
        3: "spring",
        4: "spring",
        5: "spring",
        6: "summer",
        7: "summer",
        8: "summer",
    }.get(month, "autumn")


def season_label(season: str, year: int) -> str:
    labels = {
        "winter": _("winter %(year)s"),
        "spring": _("spring %(year)s"),
        "summer": _("summer %(year)s"),
        "autumn": _("autumn %(year)s"),
    }
    return labels[season] % {"year": year}


@dataclass(frozen=True)
class FuzzyDate:
    on: dt.date
    precision: str = DatePrecision.DAY
    time: dt.time | None = None
    until: dt.date | None = None
    approximate: bool = False

    def __str__(self) -> str:
        text = self._exact_text()
        return _("around %(date)s") % {"date": text} if self.approximate else text

    def _exact_text(self) -> str:
        if self.precision == DatePrecision.MINUTE and self.time is not None:
            return _("%(date)s, %(time)s") % {
                "date": dateformat.format(self.on, "j E Y"),
                "time": self.time.strftime("%H:%M"),
            }
        if self.precision == DatePrecision.MONTH:
            return dateformat.format(self.on, "F Y")
        if self.precision == DatePrecision.SEASON:
            # Winter that starts in December belongs to the next year's label.
            year = self.on.year + 1 if self.on.month == 12 else self.on.year
            return season_label(season_of(self.on.month), year)
        if self.precision == DatePrecision.YEAR:
            return str(self.on.year)
        if self.precision == DatePrecision.RANGE and self.until is not None:
            return _("%(start)s – %(end)s") % {
                "start": dateformat.format(self.on, "j E Y"),
                "end": dateformat.format(self.until, "j E Y"),
            }
        return dateformat.format(self.on, "j E Y")

    @property
    def sort_key(self) -> tuple:
        return (self.on, PRECISION_RANK.get(self.precision, 4), self.time or dt.time.min)

    @property
    def iso(self) -> str:
        """The most precise machine-readable form that does not overstate what is known."""
        if self.precision == DatePrecision.MINUTE and self.time is not None:
            return f"{self.on.isoformat()}T{self.time.strftime('%H:%M')}"
        if self.precision == DatePrecision.MONTH:
            return self.on.strftime("%Y-%m")
        if self.precision in (DatePrecision.YEAR, DatePrecision.SEASON):
            return str(self.on.year)
        return self.on.isoformat()


def normalize_start(on: dt.date, precision: str) -> dt.date:
    """The first day of the period a precision names, so that sorting is honest."""
    if precision == DatePrecision.MONTH:
        return on.replace(day=1)
    if precision == DatePrecision.YEAR:
        return on.replace(month=1, day=1)
    if precision == DatePrecision.SEASON:
        month = SEASON_START_MONTH[season_of(on.month)]
        year = on.year - 1 if on.month in (1, 2) else on.year
        if year < dt.MINYEAR:
            # Winter of year 1 began in year 0, which no date type holds. fact_date_error refuses
            # such a date anyway; this only keeps the arithmetic from raising before it does.
            return dt.date(dt.MINYEAR, 1, 1)
        return dt.date(year, month, 1)
    return on


# Facts on a timeline fall within these bounds; a date outside them is a typo (9999-12-31,
# 0001-01-01, 2109 for 2019), and on a public timeline it would mislead. A year ahead leaves
# room for a hearing or a release already scheduled.
EARLIEST_FACT_DATE = dt.date(1900, 1, 1)
FACT_DAYS_AHEAD = 366


def latest_fact_date() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=FACT_DAYS_AHEAD)


def fact_date_error(on: dt.date | None) -> str | None:
    """Why a fact's date (an event, a detention, a ruling, a status change) cannot be right, or None."""
    if on is None or EARLIEST_FACT_DATE <= on <= latest_fact_date():
        return None
    return _("Give a date between %(earliest)s and %(latest)s.") % {
        "earliest": dateformat.format(EARLIEST_FACT_DATE, "j E Y"),
        "latest": dateformat.format(latest_fact_date(), "j E Y"),
    }


def source_date_error(on: dt.date | None) -> str | None:
    """Why a source's date (published, accessed) cannot be right: no source comes from the future."""
    if on is None or EARLIEST_FACT_DATE <= on <= timezone.localdate():
        return None
    return _("Give a date between %(earliest)s and today.") % {
        "earliest": dateformat.format(EARLIEST_FACT_DATE, "j E Y"),
    }


def validate_fact_date(on: dt.date | None) -> None:
    """The fact-date rule as a form and serializer validator."""
    error = fact_date_error(on)
    if error:
        raise ValidationError(error, code="date_out_of_range")


def validate_source_date(on: dt.date | None) -> None:
    error = source_date_error(on)
    if error:
        raise ValidationError(error, code="date_out_of_range")


class FuzzyDateField:
    """Read-only accessor that assembles a FuzzyDate from a record's columns."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        on = getattr(instance, f"{self.prefix}_on")
        if on is None:
            return None
        return FuzzyDate(
            on=on,
            precision=getattr(instance, f"{self.prefix}_precision"),
            time=getattr(instance, f"{self.prefix}_time", None),
            until=getattr(instance, f"{self.prefix}_until", None),
            approximate=getattr(instance, f"{self.prefix}_approximate", False),
        )


def precision_field(**kwargs) -> models.CharField:
    kwargs.setdefault("default", DatePrecision.DAY)
    kwargs.setdefault("help_text", gettext_lazy("How precisely the date is known; it is shown no more precisely."))
    return models.CharField(gettext_lazy("precision"), max_length=10, choices=DatePrecision.choices, **kwargs)


def fuzzy_date_constraints(prefix: str, model: str, *, has_time: bool = False, has_until: bool = False) -> list:
    """Database checks that keep a fuzzy date self-consistent."""
    precision = f"{prefix}_precision"
    checks = [
        models.CheckConstraint(
            condition=Q(**{f"{precision}__in": DatePrecision.values}),
            name=f"{model}_{prefix}_precision_valid",
        )
    ]
    if has_time:
        checks.append(
            models.CheckConstraint(
                condition=Q(**{f"{prefix}_time__isnull": True}) | Q(**{precision: DatePrecision.MINUTE}),
                name=f"{model}_{prefix}_time_only_with_minute",
            )
        )
    if has_until:
        checks.append(
            models.CheckConstraint(
                condition=Q(**{f"{prefix}_until__isnull": True})
                | Q(**{precision: DatePrecision.RANGE, f"{prefix}_until__gte": models.F(f"{prefix}_on")}),
                name=f"{model}_{prefix}_until_after_start",
            )
        )
    return checks


def clean_fuzzy_date(instance, prefix: str) -> dict[str, str]:
    """Field errors for a fuzzy date, and normalize its start to the period's first day."""
    errors: dict[str, str] = {}
    on = getattr(instance, f"{prefix}_on", None)
    precision = getattr(instance, f"{prefix}_precision", None)
    if on is None:
        return errors
    for field, day in ((f"{prefix}_on", on), (f"{prefix}_until", getattr(instance, f"{prefix}_until", None))):
        if error := fact_date_error(day):
            errors[field] = error
    if errors:
        return errors
    time = getattr(instance, f"{prefix}_time", None)
    until = getattr(instance, f"{prefix}_until", None)
    if time is not None and precision != DatePrecision.MINUTE:
        errors[f"{prefix}_time"] = _("A time is only kept when the precision is 'minute'.")
    if precision == DatePrecision.MINUTE and time is None and hasattr(instance, f"{prefix}_time"):
        errors[f"{prefix}_time"] = _("Give the time, or choose 'day' as the precision.")
    if precision == DatePrecision.RANGE:
        if until is None:
            errors[f"{prefix}_until"] = _("A date range needs its end date.")
        elif until < on:
            errors[f"{prefix}_until"] = _("The end of the range is before its start.")
    elif until is not None:
        errors[f"{prefix}_until"] = _("An end date is only kept when the precision is 'date range'.")
    setattr(instance, f"{prefix}_on", normalize_start(on, precision))
    return errors
