"""API viewsets for people and organizations: the gate's querysets, name search in any script."""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from cases import visibility
from cases.api.base import SLUG_PATTERN, TrackerViewSet
from cases.api.serializers import OrganizationSerializer, PersonSerializer
from people.models import Person
from people.names import fold_name


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


class PersonViewSet(TrackerViewSet):
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    ordering_fields = ["name"]

    def get_queryset(self):
        return visibility.people_visible_to(self.request.user).prefetch_related("names").order_by("name")


class OrganizationViewSet(TrackerViewSet):
    serializer_class = OrganizationSerializer
    filterset_fields = ["kind", "country"]
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    ordering_fields = ["name"]

    def get_queryset(self):
        return visibility.organizations_visible_to(self.request.user).order_by("name")
