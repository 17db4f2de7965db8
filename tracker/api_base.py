"""Pieces every API serializer shares: model rules on write, editor-only fields, the audience."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from django_countries.serializers import CountryFieldMixin
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings

from tracker.api_dates import BoundedDateField, DateTextField, LocalTimeField, apply_dates, conflicting_forms

# Fields written only by their services (tracker/guarded.py); a request that sends one is refused,
# naming the action that writes it, relative to the record's own address.
GUARDED_FIELDS = frozenset({"status", "publication", "visibility"})
GUARDED_ACTIONS = {"status": "status/", "publication": "publication/", "visibility": "visibility/"}


def drf_errors(error: DjangoValidationError) -> serializers.ValidationError:
    """A model's ValidationError as DRF field errors, `__all__` renamed to non_field_errors."""
    if not hasattr(error, "error_dict"):
        return serializers.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: error.messages})
    detail = {
        (api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field): messages
        for field, messages in error.message_dict.items()
    }
    return serializers.ValidationError(detail)


def audience_of(serializer: serializers.Serializer):
    return serializer.context["audience"]


class ModelRulesSerializer(CountryFieldMixin, serializers.ModelSerializer):
    """Writes validate with the model's own full_clean(), the rules the admin applies too.

    DRF's ModelSerializer skips model.clean(); here every create and update runs it so the
    API and the admin share one implementation of the rules.
    """

    # Notes for staff and the case's lawyers: null in responses to anyone else.
    internal_fields: tuple[str, ...] = ()

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateField: BoundedDateField,
        models.TimeField: LocalTimeField,
    }

    def to_internal_value(self, data):
        errors = {**unwritable_fields(self, data), **conflicting_forms(self, data)}
        if errors:
            raise serializers.ValidationError(errors)
        return super().to_internal_value(data)

    def get_fields(self):
        fields = super().get_fields()
        for name, field in list(fields.items()):
            # A date may come as one text instead of its columns; the model still requires the day.
            if isinstance(field, DateTextField) and f"{name}_on" in fields:
                fields[f"{name}_on"].required = False
        for name in self.internal_fields:
            if name in fields and not fields[name].read_only:
                fields[name].allow_null = True
        return fields

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is not None:
            self.refuse_guarded_writes()
        return attrs

    def refuse_guarded_writes(self) -> None:
        """An edit that sends a guarded field is refused, never half-applied: it names the action to use."""
        guarded = getattr(self.Meta.model, "guarded_fields", ())
        sent = [name for name in guarded if name in self.initial_data]
        if not sent:
            return
        address = self.context["request"].path.rstrip("/")
        raise serializers.ValidationError(
            {
                name: [
                    _("This changes only through POST %(address)s/%(action)s, which records who and why.")
                    % {"address": address, "action": GUARDED_ACTIONS[name]}
                ]
                for name in sent
            },
            code="guarded_field",
        )

    def create(self, validated_data):
        return self._save(self.Meta.model(), validated_data)

    def update(self, instance, validated_data):
        return self._save(instance, validated_data)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if self.internal_fields and not audience_of(self).sees_internal(instance):
            for name in self.internal_fields:
                data[name] = None
        return data

    @transaction.atomic
    def _save(self, instance, validated_data):
        blank_if_null(validated_data, self.internal_fields)
        many = {name: validated_data.pop(name) for name in list(validated_data) if self._is_many(name)}
        dates = {name: validated_data.pop(name) for name in list(validated_data) if name.startswith("__date_")}
        for name, value in validated_data.items():
            setattr(instance, name, value)
        # After the other fields: a time with an offset is read in the zone of the place just set.
        apply_dates(instance, dates)
        self.full_clean(instance)
        if instance._state.adding and "view" in self.context:
            self.context["view"].check_new_record(instance)
        try:
            instance.save()
        except IntegrityError as error:
            # A race past full_clean's unique checks; say so instead of a 500.
            raise serializers.ValidationError(
                {api_settings.NON_FIELD_ERRORS_KEY: [_("This conflicts with an existing record.")]}
            ) from error
        for name, value in many.items():
            getattr(instance, name).set(value)
        return instance

    def full_clean(self, instance) -> None:
        try:
            instance.full_clean()
        except DjangoValidationError as error:
            raise drf_errors(error) from error

    def _is_many(self, name: str) -> bool:
        field = self.fields.get(name)
        return isinstance(field, serializers.ManyRelatedField)


@extend_schema_field({"type": "string", "nullable": True, "description": "The date as precisely as it is known."})
class FuzzyDateField(serializers.Field):
    """A FuzzyDate in its honest ISO form: 2019-03 for "March 2019", never a made-up day."""

    def __init__(self, **kwargs) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return value.iso if value is not None else None


def unwritable_fields(serializer: serializers.Serializer, data) -> dict:
    """Fields a request may not send: unknown ones, and read-only ones given a new value.

    A read-only field sent back with the value the API printed (a client returning the record
    it read) changes nothing and is let through; any other value would be silently dropped.
    """
    if not hasattr(data, "keys"):
        return {}
    printed = serializer.to_representation(serializer.instance) if serializer.instance is not None else {}
    errors = {}
    for name in data:
        field = serializer.fields.get(name)
        if field is None:
            errors[name] = [_("Unknown field. This endpoint takes: %(fields)s.") % {"fields": _writable(serializer)}]
        elif name in GUARDED_FIELDS:
            continue  # refused, naming the endpoint that writes it, where guarded fields are checked
        elif field.read_only and (name not in printed or printed[name] != data[name]):
            errors[name] = [_("This field cannot be written here.")]
    return errors


def _writable(serializer: serializers.Serializer) -> str:
    return ", ".join(sorted(name for name, field in serializer.fields.items() if not field.read_only))


def blank_if_null(validated_data: dict, names) -> dict:
    """Internal text fields read as null for outsiders; a null written back means empty."""
    for name in names:
        if name in validated_data and validated_data[name] is None:
            validated_data[name] = ""
    return validated_data
