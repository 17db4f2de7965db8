"""django-filter sets for the API. Filters on related records only ever look at rows the
user may read (cases.visibility), so a filter cannot serve as an oracle for hidden facts:
searching a restricted witness's name matches nothing for the public."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField

from cases.models import (
    Case,
    CaseStatusChange,
    CaseTeamMember,
    Charge,
    CourtRuling,
    Detention,
    Event,
    Participant,
    Source,
)
from cases.visibility import participants_visible_to, records_visible_to
from people.names import fold_name
from tracker import roles
from tracker.visibility import Visibility


class UtcDateTimeField(IsoDateTimeField):
    """ISO time converted to UTC: PostgreSQL refuses offsets past ±15:59 that ISO 8601 allows.

    Converted while cleaning, so a time that falls outside years 1-9999 in UTC
    (9999-12-31T23:59:59-23:59) is a 400 naming the parameter, not an OverflowError.
    """

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        try:
            return value.astimezone(dt.UTC)
        except OverflowError:
            raise ValidationError(_("Give a time between the years 1 and 9999."), code="invalid") from None


class UtcDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UtcDateTimeField


class CaseFilter(filters.FilterSet):
    status = filters.MultipleChoiceFilter(choices=Case._meta.get_field("status").choices, help_text=_("Case status."))
    country = filters.CharFilter(field_name="country", help_text=_("ISO 3166 country code, e.g. KZ."))
    publication = filters.ChoiceFilter(
        choices=Case.Publication.choices, method="filter_publication", help_text=_("Staff only; ignored otherwise.")
    )
    article = filters.CharFilter(method="filter_article", help_text=_("Slug of a legal article charged."))
    detained_from = filters.DateFilter(method="filter_detained_from", help_text=_("A detention started on or after."))
    detained_to = filters.DateFilter(method="filter_detained_to", help_text=_("A detention started on or before."))
    updated_since = UtcDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", help_text=_("Changed at or after this time (for syncing).")
    )
    detainee = filters.CharFilter(method="filter_detainee", help_text=_("Slug of a detainee shown in the case."))
    search = filters.CharFilter(
        method="filter_search", help_text=_("Title, or any spelling of a shown participant's name, in any script.")
    )

    class Meta:
        model = Case
        fields = ["status", "country"]

    @property
    def user(self):
        return self.request.user

    def filter_publication(self, queryset, name, value):
        return queryset.filter(publication=value) if roles.is_staff_member(self.user) else queryset

    def _with_records(self, queryset, records):
        return queryset.filter(pk__in=records_visible_to(self.user, records).values("case_id"))

    def filter_article(self, queryset, name, value):
        return self._with_records(queryset, Charge.objects.filter(article__slug=value))

    def filter_detained_from(self, queryset, name, value):
        return self._with_records(queryset, Detention.objects.filter(started_on__gte=value))

    def filter_detained_to(self, queryset, name, value):
        return self._with_records(queryset, Detention.objects.filter(started_on__lte=value))

    def filter_detainee(self, queryset, name, value):
        named = participants_visible_to(self.user).filter(role=Participant.Role.DETAINEE, person__slug=value)
        return queryset.filter(pk__in=named.values("case_id"))

    def filter_search(self, queryset, name, value):
        folded = fold_name(value)
        if not folded:
            return queryset
        named = participants_visible_to(self.user).filter(person__names__folded__contains=folded)
        return queryset.filter(Q(title__icontains=value) | Q(pk__in=named.values("case_id")))


class CaseRecordFilter(filters.FilterSet):
    case = filters.CharFilter(field_name="case__slug", help_text=_("Slug of the case."))
    visibility = filters.ChoiceFilter(choices=Visibility.choices, help_text=_("Visibility level."))


def record_filter(record_model, extra: list[str]) -> type[filters.FilterSet]:
    meta = type("Meta", (), {"model": record_model, "fields": extra})
    return type(f"{record_model.__name__}Filter", (CaseRecordFilter,), {"Meta": meta})


ChargeFilter = record_filter(Charge, ["status"])
DetentionFilter = record_filter(Detention, ["kind"])
CourtRulingFilter = record_filter(CourtRuling, ["verdict", "proceeding"])
EventFilter = record_filter(Event, ["kind"])


class StatusChangeFilter(filters.FilterSet):
    case = filters.CharFilter(field_name="case__slug", help_text=_("Slug of the case."))
    since = UtcDateTimeFilter(field_name="changed_at", lookup_expr="gte", help_text=_("Recorded at or after."))

    class Meta:
        model = CaseStatusChange
        fields = ["to_status"]


class SourceFilter(filters.FilterSet):
    publisher = filters.CharFilter(field_name="publisher__slug", help_text=_("Slug of the publishing organization."))

    class Meta:
        model = Source
        fields = ["kind", "language", "reliability"]


class TeamMemberFilter(filters.FilterSet):
    case = filters.CharFilter(field_name="case__slug", help_text=_("Slug of the case."))
    user = filters.CharFilter(field_name="user__username", help_text=_("Username of the member."))

    class Meta:
        model = CaseTeamMember
        fields = ["role"]
