"""API representations of people and organizations; the views hand over only what the gate allows."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from people.models import Organization, Person
from tracker.api_base import FuzzyDateField, ModelRulesSerializer


class PersonSerializer(ModelRulesSerializer):
    aliases = serializers.SerializerMethodField(help_text=_("Every recorded spelling of the name, in any script."))

    class Meta:
        model = Person
        fields = ["slug", "name", "aliases", "visibility", "born_in", "citizenship", "description"]

    def get_aliases(self, person: Person) -> list[str]:
        return [spelling.name for spelling in person.names.all()]


class OrganizationSerializer(ModelRulesSerializer):
    active_since = FuzzyDateField()

    class Meta:
        model = Organization
        fields = [
            "slug", "name", "other_names", "kind", "country", "city", "active_since_on", "active_since_precision",
            "active_since", "visibility", "description",
        ]  # fmt: skip
