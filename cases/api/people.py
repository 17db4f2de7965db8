"""API viewsets for people, their names and organizations: the gate's querysets, name search
in any script, and the one name rule (people.services.person_name_check) the admin applies too."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases import visibility
from cases.api.base import SLUG_PATTERN, TrackerViewSet
from cases.api.guarded import VisibilityActionMixin
from cases.api.serializers import OrganizationSerializer, slug_field
from cases.visibility import people_visible_to
from people.models import Organization, Person, PersonName
from people.names import fold_name
from people.services import NameCheck, person_name_check, person_sync_primary_name
from tracker.api_base import ModelRulesSerializer


def identical_name_message(check: NameCheck) -> str:
    return gettext(
        "%(people)s already carries this name. If this is someone else, send namesake: true; "
        "if it is the same person, add to their record instead."
    ) % {"people": ", ".join(f"{person.name} ({person.slug})" for person in check.identical)}


def similar_name_warnings(check: NameCheck) -> list[str]:
    return [
        gettext("%(name)s (%(slug)s) has a similar name; check this is not the same person.")
        % {"name": person.name, "slug": person.slug}
        for person in check.similar
    ]


class NameRuleMixin:
    """Runs the name rule on a write; the warnings come back with the created or changed record."""

    name_check: NameCheck | None = None

    def check_names(self, names: list[str], *, person: Person | None, namesake: bool, field: str) -> None:
        user = self.context["request"].user
        self.name_check = person_name_check(names, among=people_visible_to(user), exclude=person)
        if self.name_check.identical and not namesake:
            raise serializers.ValidationError({field: [identical_name_message(self.name_check)]})

    @extend_schema_field({"type": "array", "items": {"type": "string"}, "readOnly": True})
    def get_warnings(self, record) -> list[str]:
        return similar_name_warnings(self.name_check) if self.name_check else []


class PersonSerializer(NameRuleMixin, ModelRulesSerializer):
    aliases = serializers.SerializerMethodField(help_text=_("Every recorded spelling of the name, in any script."))
    namesake = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text=_("True when another person already carries this exact name and this is someone else."),
    )

    warnings = serializers.SerializerMethodField(
        help_text=_("After a write: people with a similar name, perhaps in another script.")
    )

    class Meta:
        model = Person
        fields = [
            "slug", "name", "aliases", "visibility", "born_in", "citizenship", "description", "namesake", "warnings",
        ]  # fmt: skip

    def get_aliases(self, person: Person) -> list[str]:
        return [spelling.name for spelling in person.names.all()]

    def validate(self, attrs):
        namesake = attrs.pop("namesake", False)
        if "name" in attrs:
            self.check_names([attrs["name"]], person=self.instance, namesake=namesake, field="name")
        return attrs

    def _save(self, instance, validated_data):
        person = super()._save(instance, validated_data)
        # The name is a spelling like any other: folded, searchable in every script at once.
        person_sync_primary_name(person)
        return person


class PersonFilter(filters.FilterSet):
    search = filters.CharFilter(method="filter_name", help_text=_("Any spelling of the name, in any script."))
    name = filters.CharFilter(method="filter_name", help_text=_("Same as search."))

    class Meta:
        model = Person
        fields = ["citizenship"]

    def filter_name(self, queryset, name, value):
        if not fold_name(value):
            return queryset
        matching = Person.objects.matching_name(value).values("pk")
        return queryset.filter(pk__in=matching)


class PersonViewSet(VisibilityActionMixin, TrackerViewSet):
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    ordering_fields = ["name"]

    def get_queryset(self):
        return visibility.people_visible_to(self.request.user).prefetch_related("names").order_by("name")


class OrganizationFilter(filters.FilterSet):
    search = filters.CharFilter(method="filter_search", help_text=_("Any of its names or abbreviations, any script."))

    class Meta:
        model = Organization
        fields = ["kind", "country"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(other_names__icontains=value) | Q(slug__icontains=value))


class OrganizationViewSet(VisibilityActionMixin, TrackerViewSet):
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    ordering_fields = ["name"]

    def get_queryset(self):
        return visibility.organizations_visible_to(self.request.user).order_by("name")


class PersonNameSerializer(NameRuleMixin, ModelRulesSerializer):
    person = slug_field(Person, help_text=_("Slug of the person this spelling belongs to."))
    namesake = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text=_("True when another person already carries this exact name and this is someone else."),
    )
    warnings = serializers.SerializerMethodField(
        help_text=_("After a write: other people with a similar name, perhaps in another script.")
    )

    class Meta:
        model = PersonName
        fields = ["uid", "person", "name", "kind", "script", "language", "namesake", "warnings"]
        extra_kwargs = {"script": {"help_text": _("Detected from the name if left empty.")}}

    def validate(self, attrs):
        namesake = attrs.pop("namesake", False)
        person = attrs.get("person", getattr(self.instance, "person", None))
        if "name" in attrs:
            self.check_names([attrs["name"]], person=person, namesake=namesake, field="name")
        return attrs


class PersonNameViewSet(TrackerViewSet):
    """The spellings of a person's name: readable wherever the person is."""

    serializer_class = PersonNameSerializer
    filterset_fields = ["kind", "script", "language"]
    lookup_field = "uid"

    def get_queryset(self):
        people = visibility.people_visible_to(self.request.user)
        return PersonName.objects.filter(person__in=people.values("pk")).select_related("person").order_by("pk")
