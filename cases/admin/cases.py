"""The staff's data entry: one case page with inlines for everything the article tells."""

from django import forms
from django.contrib import admin
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country
from import_export.admin import ImportMixin

from cases import visibility
from cases.admin.forms import CaseAddForm, CaseChangeForm, CitedFactForm, RulingForm
from cases.admin.guards import (
    EditorOnlyWriteMixin,
    VisibilityGuardInlineMixin,
    visible_people_named,
)
from cases.admin.imports import CaseResource
from cases.admin.visible import citations_filter, with_person_shown
from cases.history.admin import AuditedAdmin
from cases.models import (
    Case,
    CaseStatusChange,
    CaseTeamMember,
    Charge,
    Citation,
    CourtRuling,
    Detention,
    Event,
    OrganizationInvolvement,
    Participant,
)
from cases.services.status import case_change_status, case_create
from people.names import fold_name
from tracker import roles
from tracker.admin_inlines import LabelledTabularInline
from tracker.date_forms import with_date_texts


def case_site_url(case: Case) -> str:
    if case.publication == Case.Publication.PUBLISHED:
        return case.get_absolute_url()
    return reverse("cases:staff-preview", args=[case.slug])


class CountryInUseFilter(admin.SimpleListFilter):
    """Only the countries that cases are about, not all 250."""

    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = Case.objects.order_by().values_list("country", flat=True).distinct()
        return sorted(((code, Country(code).name) for code in codes), key=lambda pair: str(pair[1]))

    def queryset(self, request, queryset):
        return queryset.filter(country=self.value()) if self.value() else queryset


# Each group of records folds away (a native <details>, no script needed), so the demo case's
# page is a screen of section headings rather than 15,000 px; a group with an error opens itself.
COLLAPSED = ["collapse"]


class CaseRecordInline(VisibilityGuardInlineMixin, admin.StackedInline):
    """A case's records, less the restricted ones for staff who are not on its team."""

    extra = 0
    form = CitedFactForm
    classes = COLLAPSED

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if issubclass(self.form, CitedFactForm):
            # The citation columns read each row's first citation: one query for all rows.
            queryset = queryset.prefetch_related("citations")
        case = getattr(request, "_admin_case", None)
        if case is None:
            return queryset
        return visibility.visible_records(queryset, visibility.levels_for(request.user, case))


class TeamMemberInline(EditorOnlyWriteMixin, LabelledTabularInline):
    model = CaseTeamMember
    extra = 1
    classes = COLLAPSED
    autocomplete_fields = ["user"]
    verbose_name_plural = _("team (staff and lawyers assigned to the case)")


class ParticipantInline(CaseRecordInline):
    model = Participant
    extra = 1
    autocomplete_fields = ["person", "organization"]
    fields = [
        ("person", "role", "relationship"),
        ("organization", "visibility"),
        "notes",
        ("cite_source", "cite_locator"),
        "cite_quote",
    ]


class DetentionInline(CaseRecordInline):
    model = Detention
    form = with_date_texts(CitedFactForm, Detention, ("started", "ended"))
    autocomplete_fields = ["detainee", "place", "authority"]
    fields = [
        ("detainee", "kind", "visibility"),
        ("place", "facility", "authority"),
        ("started", "ended"),
        "notes",
        ("cite_source", "cite_locator"),
        "cite_quote",
    ]


class ChargeInline(CaseRecordInline):
    model = Charge
    form = with_date_texts(CitedFactForm, Charge, ("filed", "closed"))
    autocomplete_fields = ["defendant", "article"]
    fields = [
        ("defendant", "article", "visibility"),
        ("description", "status"),
        ("filed", "closed"),
        ("cite_source", "cite_locator"),
        "cite_quote",
    ]


class CourtRulingInline(CaseRecordInline):
    model = CourtRuling
    form = with_date_texts(RulingForm, CourtRuling, ("decided",))
    fk_name = "case"
    autocomplete_fields = ["court", "defendant", "judge", "appeal_of"]
    fields = [
        ("court", "case_number", "judge", "visibility"),
        ("defendant", "plea", "verdict"),
        "decided",
        ("proceeding", "appeal_of"),
        "charges",
        ("prison_term_months", "sentence_suspended", "restriction_months"),
        ("fine_amount", "fine_currency", "fine_equivalent_amount", "fine_equivalent_currency"),
        "ban",
        "summary",
        ("cite_source", "cite_locator"),
        "cite_quote",
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "charges":
            case = getattr(request, "_admin_case", None)
            kwargs["queryset"] = Charge.objects.filter(case=case) if case else Charge.objects.none()
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class EventInline(CaseRecordInline):
    model = Event
    form = with_date_texts(CitedFactForm, Event, ("occurred",))
    extra = 1
    autocomplete_fields = ["place"]
    fields = [
        ("kind", "title", "visibility"),
        "occurred",
        "place",
        "description",
        ("cite_source", "cite_locator"),
        "cite_quote",
    ]


class InvolvementInline(CaseRecordInline):
    """Organizations taking part as organizations: support, representation, monitoring."""

    model = OrganizationInvolvement
    form = forms.ModelForm  # not a cited fact: no citation columns
    autocomplete_fields = ["organization"]
    fields = [("organization", "role", "visibility"), "description", "notes"]


class CaseCitationInline(LabelledTabularInline):
    model = Citation
    fk_name = "case"
    extra = 1
    classes = COLLAPSED
    autocomplete_fields = ["source"]
    fields = ["source", "quote", "locator"]
    verbose_name_plural = _("sources for the case as a whole")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(citations_filter(request.user)).distinct()


class StatusChangeInline(LabelledTabularInline):
    model = CaseStatusChange
    extra = 0
    classes = COLLAPSED
    can_delete = False
    fields = ["changed_at", "from_status", "to_status", "effective_display", "changed_by", "note"]
    readonly_fields = fields
    ordering = ["-changed_at"]
    verbose_name_plural = _("status history")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("happened"))
    def effective_display(self, change: CaseStatusChange) -> str:
        return str(change.effective or "")


@admin.register(Case)
class CaseAdmin(ImportMixin, AuditedAdmin):
    resource_classes = [CaseResource]
    list_display = ["title", "detainee", "status", "country", "status_changed_at", "publication"]
    list_filter = ["status", "publication", CountryInUseFilter]
    search_fields = ["title", "slug", "participants__person__name", "participants__person__names__name"]
    prepopulated_fields = {"slug": ["title"]}
    # Publication moves through its own page (case_set_publication), linked from the change page.
    readonly_fields = ["publication", "published_at", "status_changed_at", "updated_by", "updated_at"]
    inlines = [
        TeamMemberInline,
        ParticipantInline,
        DetentionInline,
        ChargeInline,
        CourtRulingInline,
        EventInline,
        InvolvementInline,
        CaseCitationInline,
        StatusChangeInline,
    ]
    date_hierarchy = "status_changed_at"
    # "View on site" only where the public can see the case; a draft opens the staff preview
    # (templates/admin/cases/case/change_form.html words the link accordingly).
    view_on_site = staticmethod(case_site_url)
    # Kept as they are when an old version is restored, like the guarded fields (cases/history/admin.py).
    revert_preserves = ("status_changed_at", "published_at")

    def restricted_records_shown(self, request, object_id) -> list:
        # The participant inline shows restricted witnesses to the team: those reads are logged too.
        case = self.get_queryset(request).filter(pk=object_id).first()
        if case is None:
            return []
        levels = visibility.levels_for(request.user, case)
        return list(visibility.visible_records(case.participants.select_related("person"), levels))

    def get_queryset(self, request):
        # The detainee column: only parts the user may read, and a hidden person as the role alone.
        detainees = Participant.objects.filter(role=Participant.Role.DETAINEE)
        detainees = with_person_shown(
            detainees.filter(visibility.staff_records_filter(request.user)), request.user
        ).select_related("person")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("participants", queryset=detainees, to_attr="detainee_participants"))
        )

    @admin.display(description=_("detainee"))
    def detainee(self, case: Case) -> str:
        withheld = _("a detainee (name withheld)")
        return ", ".join(p.person.name if p.person_shown else str(withheld) for p in case.detainee_participants)

    def get_search_fields(self, request):
        if roles.is_editor(request.user):
            return self.search_fields
        # Names are matched below, only among the parts and people this user may see (no oracle).
        return ["title", "slug"]

    def get_search_results(self, request, queryset, search_term):
        # Any spelling of any participant's name, in any script, finds the case.
        results, _dups = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if not term:
            return results, True
        if roles.is_editor(request.user):
            folded = fold_name(term)
            if folded:
                results = results | queryset.filter(participants__person__names__folded__contains=folded)
            return results, True
        parts = Participant.objects.filter(visibility.staff_records_filter(request.user)).filter(
            person__in=visible_people_named(request.user, term)
        )
        return results | queryset.filter(pk__in=parts.values("case_id")), True

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = CaseChangeForm if obj else CaseAddForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        main = ["title", "slug", "country", "publication", "summary", "internal_notes"]
        if obj is None:
            first_status = [
                "status",
                "status_effective",
                "status_note",
            ]
            return [(_("Case"), {"fields": [*main[:3], *first_status, *main[3:]]})]
        return [
            (_("Case"), {"fields": main}),
            (
                _("Status"),
                {
                    "fields": [
                        "status",
                        "status_changed_at",
                        "new_status",
                        "status_note",
                        "status_effective",
                    ]
                },
            ),
            (_("Record"), {"fields": ["published_at", "updated_by", "updated_at"], "classes": ["collapse"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj is not None:
            fields.append("status")
        return fields

    def get_inline_instances(self, request, obj=None):
        # Inlines read the case from the request to hide restricted rows from staff off its team.
        request._admin_case = obj
        return super().get_inline_instances(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            case_create(case=obj, by=request.user, note=form.cleaned_data.get("status_note", ""), **form.status_date())
            return
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        new_status = form.cleaned_data.get("new_status")
        if new_status:
            case_change_status(
                case=obj,
                status=new_status,
                by=request.user,
                note=form.cleaned_data.get("status_note", ""),
                **form.status_date(),
            )

    def save_formset(self, request, form, formset, change):
        request._admin_case = form.instance
        super().save_formset(request, form, formset, change)
        for fact_form in formset.forms:
            if hasattr(fact_form, "save_citation") and fact_form.has_changed():
                fact_form.save_citation()
