"""Uncertain dates in the API: one EDTF text per date, printed and accepted (tracker/date_text.py).

A record keeps a date in columns named after a prefix (`occurred_on`, `occurred_precision`, ...).
`DateTextField` is the whole date as one text, named after the prefix (`occurred`); writing it
sets every column. The columns stay readable and writable for clients that set them one by one,
but a request may not give both forms of one date.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tracker import date_text
from tracker.dates import FuzzyDate, fact_date_error

EDTF_SCHEMA = {
    "type": "string",
    "nullable": True,
    "description": (
        "The date as precisely as it is known, in EDTF level 1: a year (2019), a month (2019-03), a season "
        "(2019-21 spring, 22 summer, 23 autumn, 24 winter), a day (2019-03-10), a minute with the place's "
        "offset (2019-03-10T02:30:00+06:00), a range (2019-03-10/2019-03-20), and ~ for around (2019-03~). "
        "Also accepted: 10.03.2019, March 2019, spring 2019, around 10 March 2019."
    ),
    "examples": ["2019", "2019-03", "2019-03-10", "2019-03-10T02:30:00+06:00", "2019-21", "2019-03-10~"],
}


@extend_schema_field(EDTF_SCHEMA)
class DateTextField(serializers.Field):
    """A record's whole uncertain date as one EDTF text, named after the columns' prefix."""

    def __init__(self, **kwargs) -> None:
        kwargs.update(source="*")
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, record):
        return date_text.format_edtf(getattr(record, self.field_name), place_zone(record))

    def to_internal_value(self, data):
        if not isinstance(data, str):
            raise serializers.ValidationError(_("Give the date as text, e.g. 2019-03-10 or 2019-03."))
        try:
            return {date_key(self.field_name): date_text.parse(data)}
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error

    def validate_empty_values(self, data):
        if data is None and self.allow_null and not self.read_only:
            return True, {date_key(self.field_name): None}
        return super().validate_empty_values(data)


def date_key(prefix: str) -> str:
    return f"__date_{prefix}"


def place_zone(record) -> str | None:
    place = getattr(record, "place", None)
    return getattr(place, "timezone", None)


def conflicting_forms(serializer: serializers.Serializer, data) -> dict:
    """The dates a request gives both as text and as columns: refused rather than guessed."""
    errors = {}
    if not hasattr(data, "keys"):
        return errors
    for name, field in serializer.fields.items():
        if isinstance(field, DateTextField) and name in data:
            columns = sorted(key for key in data if key.startswith(f"{name}_"))
            if columns:
                errors[name] = [
                    _("Give the date either as %(name)s or as %(columns)s, not both.")
                    % {"name": name, "columns": ", ".join(columns)}
                ]
    return errors


def apply_dates(instance, validated_data: dict) -> dict:
    """Set the columns of each date given as text; errors name the text field."""
    errors = {}
    for key in [key for key in validated_data if key.startswith("__date_")]:
        prefix = key.removeprefix("__date_")
        date = validated_data.pop(key)
        problem = set_date_columns(instance, prefix, date)
        if problem:
            errors[prefix] = [problem]
    if errors:
        raise serializers.ValidationError(errors)
    return validated_data


def set_date_columns(instance, prefix: str, date: FuzzyDate | None) -> str | None:
    if date is None:
        for suffix, empty in (("on", None), ("time", None), ("until", None), ("approximate", False)):
            if hasattr(instance, f"{prefix}_{suffix}"):
                setattr(instance, f"{prefix}_{suffix}", empty)
        return None
    date = date_text.localize(date, place_zone(instance))
    parts = {"time": date.time, "until": date.until, "approximate": date.approximate}
    refusals = {
        "time": _("This date is kept without a time of day."),
        "until": _("This date cannot be a range."),
        "approximate": _("This date cannot be marked approximate."),
    }
    for suffix, value in parts.items():
        if value and not hasattr(instance, f"{prefix}_{suffix}"):
            return refusals[suffix]
    setattr(instance, f"{prefix}_on", date.on)
    setattr(instance, f"{prefix}_precision", date.precision)
    for suffix, value in parts.items():
        if hasattr(instance, f"{prefix}_{suffix}"):
            setattr(instance, f"{prefix}_{suffix}", value or (False if suffix == "approximate" else None))
    return None


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^\d{2}:\d{2}(:\d{2})?$",
        "description": "Wall-clock time at the place, without an offset (the place's time zone gives it).",
        "example": "02:30",
    }
)
class LocalTimeField(serializers.TimeField):
    """A local time of day: printed as HH:MM, as staff and sources state it."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("format", "%H:%M")
        super().__init__(**kwargs)


class BoundedDateField(serializers.DateField):
    """A day within the years records are kept for: 9999-12-31 is a typing mistake, not a date."""

    def to_internal_value(self, value):
        day = super().to_internal_value(value)
        # The facts' rule (tracker/dates.py); a source's own, stricter one is checked by its model.
        if error := fact_date_error(day):
            raise serializers.ValidationError(error)
        return day


def effective_kwargs(date: FuzzyDate | None, field: str) -> dict:
    """A status's effective date as the service's keyword arguments; it is kept to the day at most."""
    if date is None:
        return {}
    if date.time is not None or date.until is not None:
        raise serializers.ValidationError(
            {field: [_("When a status became true is kept to the day: give a day, month, season or year.")]}
        )
    return {"effective_on": date.on, "effective_precision": date.precision, "effective_approximate": date.approximate}
