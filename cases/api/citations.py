"""API for citations: which source supports which fact, with the quote. A citation names its
fact by kind and public id; it is read only where both its source and its fact may be read."""

from __future__ import annotations

import uuid

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases import visibility
from cases.api.base import TrackerViewSet
from cases.models import Charge, Citation, CourtRuling, Detention, Event, Participant, Source
from cases.models.sources import CITED_FACTS
from tracker.api_base import ModelRulesSerializer

FACT_MODELS = {
    "participant": Participant,
    "detention": Detention,
    "charge": Charge,
    "ruling": CourtRuling,
    "event": Event,
}


def _fact_of(citation: Citation):
    return next((name, getattr(citation, name)) for name in CITED_FACTS if getattr(citation, f"{name}_id"))


@extend_schema_field({"type": "string", "description": "The fact's public id (a case: its slug)."})
class FactReferenceField(serializers.CharField):
    pass


class CitationSerializer(ModelRulesSerializer):
    uid = serializers.UUIDField(read_only=True)
    source = serializers.SlugRelatedField(
        slug_field="uid", queryset=Source.objects.all(), help_text=gettext_lazy("Public id of the source.")
    )
    fact_kind = serializers.ChoiceField(
        choices=CITED_FACTS,
        source="*",
        required=False,
        help_text=gettext_lazy("What kind of fact the source supports."),
    )
    fact = FactReferenceField(
        source="*", required=False, help_text=gettext_lazy("The fact's public id; for a case, its slug.")
    )

    class Meta:
        model = Citation
        fields = ["uid", "source", "fact_kind", "fact", "quote", "locator"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = request.user if request else None
        fields["source"].queryset = visibility.sources_visible_to(user) if user else Source.objects.none()
        return fields

    def to_representation(self, citation):
        data = super().to_representation(citation)
        kind, fact = _fact_of(citation)
        data["fact_kind"] = kind
        data["fact"] = fact.slug if kind == "case" else str(fact.uid)
        return data

    def to_internal_value(self, data):
        # fact_kind and fact are read together below; DRF would hand each the whole record.
        values = super().to_internal_value(
            {key: value for key, value in data.items() if key not in ("fact_kind", "fact")}
        )
        kind = data.get("fact_kind", None)
        reference = data.get("fact", None)
        if self.partial and kind is None and reference is None:
            return values
        errors = {}
        if kind not in CITED_FACTS:
            errors["fact_kind"] = [_("Choose one of: %(kinds)s.") % {"kinds": ", ".join(CITED_FACTS)}]
        if not isinstance(reference, str) or not reference:
            errors["fact"] = [_("Give the fact's public id (a case: its slug).")]
        if errors:
            raise serializers.ValidationError(errors)
        values["__fact"] = (kind, self._readable_fact(kind, reference))
        return values

    def _readable_fact(self, kind: str, reference: str):
        user = self.context["request"].user
        if kind == "case":
            found = visibility.cases_visible_to(user).filter(slug=reference).first()
        else:
            records = visibility.records_visible_to(user, FACT_MODELS[kind].objects.all())
            found = records.filter(uid=reference).first() if _is_uuid(reference) else None
        if found is None:
            # A hidden fact answers as a missing one does.
            raise serializers.ValidationError({"fact": [_("No %(kind)s with this id.") % {"kind": kind}]})
        return found

    def _save(self, instance, validated_data):
        fact = validated_data.pop("__fact", None)
        if fact is not None:
            for name in CITED_FACTS:
                setattr(instance, name, None)
            setattr(instance, fact[0], fact[1])
        return super()._save(instance, validated_data)


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


class CitationFilter(filters.FilterSet):
    source = filters.UUIDFilter(field_name="source__uid", help_text=gettext_lazy("Public id of the source."))
    case = filters.CharFilter(method="filter_case", help_text=gettext_lazy("Slug of the case of the cited fact."))

    class Meta:
        model = Citation
        fields: list[str] = []

    def filter_case(self, queryset, name, value):
        condition = None
        for fact in CITED_FACTS:
            path = "case__slug" if fact == "case" else f"{fact}__case__slug"
            part = queryset.filter(**{path: value})
            condition = part if condition is None else condition | part
        return condition


class CitationViewSet(TrackerViewSet):
    serializer_class = CitationSerializer
    filterset_class = CitationFilter
    lookup_field = "uid"

    def get_queryset(self):
        user = self.request.user
        related = ("source", "case", *(f"{name}__case" for name in FACT_MODELS))
        return Citation.objects.filter(visibility.readable_citations_q(user)).select_related(*related).order_by("pk")
