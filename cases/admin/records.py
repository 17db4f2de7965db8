"""Stand-alone lists of each kind of case record (participants, detentions, charges, rulings, events)."""

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases import visibility
from cases.admin.forms import RulingForm
from cases.admin.guards import (
    VisibilityGuardAdminMixin,
    VisiblePeopleSearchMixin,
)
from cases.history.admin import AuditedAdmin
from cases.models import (
    Charge,
    CourtRuling,
    Detention,
    Event,
    OrganizationInvolvement,
    Participant,
)
from tracker import roles
from tracker.date_forms import date_columns, with_date_texts
from tracker.visibility import Visibility


class CaseRecordAdmin(VisiblePeopleSearchMixin, VisibilityGuardAdminMixin, AuditedAdmin):
    """Stand-alone lists of one kind of record across cases."""

    list_select_related = ["case"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(visibility.staff_records_filter(request.user)).distinct()


@admin.register(Participant)
class ParticipantAdmin(CaseRecordAdmin):
    person_search_paths = ("person",)
    list_display = ["person", "role", "relationship", "case", "visibility"]
    list_filter = ["role", "visibility"]
    search_fields = ["person__name", "person__names__name", "case__title"]
    autocomplete_fields = ["case", "person", "organization"]
    list_select_related = ["case", "person"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if roles.is_editor(request.user):
            return queryset
        # A restricted person stays hidden from staff off the case's team, whatever the participation's level.
        on_team = Q(case__team_members__user=request.user)
        return queryset.filter(~Q(person__visibility=Visibility.RESTRICTED) | on_team).distinct()


@admin.register(Detention)
class DetentionAdmin(CaseRecordAdmin):
    form = with_date_texts(forms.ModelForm, Detention, ("started", "ended"))
    exclude = date_columns(Detention, ("started", "ended"))
    person_search_paths = ("detainee",)
    list_display = ["detainee", "kind", "started_display", "ended_display", "place", "case", "visibility"]
    list_filter = ["kind", "visibility", "place__country"]
    search_fields = ["detainee__name", "detainee__names__name", "case__title", "facility"]
    autocomplete_fields = ["case", "detainee", "place", "authority"]
    list_select_related = ["case", "detainee", "place"]

    @admin.display(description=_("started"), ordering="started_on")
    def started_display(self, detention: Detention) -> str:
        return str(detention.started)

    @admin.display(description=_("ended"), ordering="ended_on")
    def ended_display(self, detention: Detention) -> str:
        return str(detention.ended or "—")


@admin.register(Charge)
class ChargeAdmin(CaseRecordAdmin):
    form = with_date_texts(forms.ModelForm, Charge, ("filed", "closed"))
    exclude = date_columns(Charge, ("filed", "closed"))
    person_search_paths = ("defendant",)
    list_display = ["__str__", "defendant", "status", "case", "visibility"]
    list_filter = ["status", "visibility", "article__jurisdiction"]
    search_fields = ["description", "article__title", "article__number", "defendant__name", "case__title"]
    autocomplete_fields = ["case", "defendant", "article"]
    list_select_related = ["case", "defendant", "article"]


@admin.register(CourtRuling)
class CourtRulingAdmin(CaseRecordAdmin):
    form = with_date_texts(RulingForm, CourtRuling, ("decided",))
    exclude = date_columns(CourtRuling, ("decided",))
    person_search_paths = ("defendant",)
    list_display = ["court", "decided_display", "defendant", "verdict", "fine_display", "case", "visibility"]
    list_filter = ["proceeding", "verdict", "visibility"]
    search_fields = ["court__name", "defendant__name", "case__title", "summary"]
    autocomplete_fields = ["case", "court", "defendant", "judge", "appeal_of", "charges"]
    list_select_related = ["case", "court", "defendant"]

    @admin.display(description=_("decided"), ordering="decided_on")
    def decided_display(self, ruling: CourtRuling) -> str:
        return str(ruling.decided)

    @admin.display(description=_("fine"))
    def fine_display(self, ruling: CourtRuling) -> str:
        if ruling.fine_amount is None:
            return "—"
        return f"{ruling.fine_amount:,.0f} {ruling.fine_currency}"


@admin.register(Event)
class EventAdmin(CaseRecordAdmin):
    form = with_date_texts(forms.ModelForm, Event, ("occurred",))
    exclude = date_columns(Event, ("occurred",))
    list_display = ["title", "kind", "occurred_display", "place", "case", "visibility"]
    list_filter = ["kind", "visibility"]
    search_fields = ["title", "description", "case__title"]
    autocomplete_fields = ["case", "place"]
    list_select_related = ["case", "place"]

    @admin.display(description=_("date"), ordering="occurred_on")
    def occurred_display(self, event: Event) -> str:
        return str(event.occurred)


@admin.register(OrganizationInvolvement)
class OrganizationInvolvementAdmin(CaseRecordAdmin):
    list_display = ["organization", "role", "case", "visibility"]
    list_filter = ["role", "visibility"]
    search_fields = ["organization__name", "description", "case__title"]
    autocomplete_fields = ["case", "organization"]
