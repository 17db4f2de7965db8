"""Pieces every API serializer shares: model rules on write, editor-only fields, the audience."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django_countries.serializers import CountryFieldMixin
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings

# Where each guarded field (tracker/guarded.py) is changed, relative to the record's own address.
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

    def get_fields(self):
        fields = super().get_fields()
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
        for name, value in validated_data.items():
            setattr(instance, name, value)
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


def blank_if_null(validated_data: dict, names) -> dict:
    """Internal text fields read as null for outsiders; a null written back means empty."""
    for name in names:
        if name in validated_data and validated_data[name] is None:
            validated_data[name] = ""
    return validated_data
