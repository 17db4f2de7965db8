"""The staff's data entry: one case page with inlines for everything the article tells."""

from django.contrib import admin
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country
from import_export.admin import ImportMixin

from cases import visibility
from cases.admin_forms import CaseAddForm, CaseChangeForm, CitedFactForm, RulingForm
from cases.document_admin import warn_same_document
from cases.documents import file_sha256
from cases.history_admin import AuditedAdmin
from cases.import_resources import CaseResource
from cases.models import (
    Case,
    CaseStatusChange,
    CaseTeamMember,
    Charge,
    Citation,
    CourtRuling,
    Detention,
    Event,
    LegalArticle,
    Participant,
    Place,
    Source,
)
from cases.services import case_change_status, case_create
from people.names import fold_name
from tracker import roles
from tracker.admin_guards import (
    EditorOnlyWriteMixin,
    ReadOnlyAdminMixin,
    VisibilityGuardAdminMixin,
    VisibilityGuardInlineMixin,
    VisiblePeopleSearchMixin,
    visible_people_named,
)
from tracker.visibility import Visibility

admin.site.site_header = _("Case tracker")
admin.site.site_title = _("Case tracker")
admin.site.index_title = _("Data entry")


class CountryInUseFilter(admin.SimpleListFilter):
    """Only the countries that cases are about, not all 250."""

    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = Case.objects.order_by().values_list("country", flat=True).distinct()
        return sorted(((code, Country(code).name) for code in codes), key=lambda pair: str(pair[1]))

    def queryset(self, request, queryset):
        return queryset.filter(country=self.value()) if self.value() else queryset


class CaseRecordInline(VisibilityGuardInlineMixin, admin.StackedInline):
    """A case's records, less the restricted ones for staff who are not on its team."""

    extra = 0
    form = CitedFactForm

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("citations")
        case = getattr(request, "_admin_case", None)
        if case is None:
            return queryset
        return visibility.visible_records(queryset, visibility.levels_for(request.user, case))


class TeamMemberInline(EditorOnlyWriteMixin, admin.TabularInline):
    model = CaseTeamMember
    extra = 1
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
    autocomplete_fields = ["detainee", "place", "authority"]
    fields = [
        ("detainee", "kind", "visibility"),
        ("place", "facility", "authority"),
        ("started_on", "started_time", "started_precision", "started_approximate"),
        ("ended_on", "ended_precision"),
        "notes",
        ("cite_source", "cite_locator"),
        "cite_quote",
    ]


class ChargeInline(CaseRecordInline):
    model = Charge
    autocomplete_fields = ["defendant", "article"]
    fields = [
        ("defendant", "article", "visibility"),
        ("description", "status"),
        ("filed_on", "filed_precision"),
        ("closed_on", "closed_precision"),
        ("cite_source", "cite_locator"),
        "cite_quote",
    ]


class CourtRulingInline(CaseRecordInline):
    model = CourtRuling
    form = RulingForm
    fk_name = "case"
    autocomplete_fields = ["court", "defendant", "judge", "appeal_of"]
    fields = [
        ("court", "judge", "visibility"),
        ("defendant", "plea", "verdict"),
        ("decided_on", "decided_precision", "decided_approximate"),
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
    extra = 1
    autocomplete_fields = ["place"]
    fields = [
        ("kind", "title", "visibility"),
        ("occurred_on", "occurred_time", "occurred_precision", "occurred_approximate", "occurred_until"),
        "place",
        "description",
        ("cite_source", "cite_locator"),
        "cite_quote",
    ]


class CaseCitationInline(admin.TabularInline):
    model = Citation
    fk_name = "case"
    extra = 1
    autocomplete_fields = ["source"]
    fields = ["source", "quote", "locator"]
    verbose_name_plural = _("sources for the case as a whole")


class StatusChangeInline(admin.TabularInline):
    model = CaseStatusChange
    extra = 0
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
    readonly_fields = ["status_changed_at", "updated_by", "updated_at"]
    inlines = [
        TeamMemberInline,
        ParticipantInline,
        DetentionInline,
        ChargeInline,
        CourtRulingInline,
        EventInline,
        CaseCitationInline,
        StatusChangeInline,
    ]
    date_hierarchy = "status_changed_at"
    # Restoring an old version never moves the status: that goes through case_change_status.
    revert_preserves = ("status", "status_changed_at", "published_at")

    def restricted_records_shown(self, request, object_id) -> list:
        # The participant inline shows restricted witnesses to the team: those reads are logged too.
        case = self.get_queryset(request).filter(pk=object_id).first()
        if case is None:
            return []
        levels = visibility.levels_for(request.user, case)
        return list(visibility.visible_records(case.participants.select_related("person"), levels))

    def get_queryset(self, request):
        detainees = Participant.objects.filter(role=Participant.Role.DETAINEE).select_related("person")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("participants", queryset=detainees, to_attr="detainee_participants"))
        )

    @admin.display(description=_("detainee"))
    def detainee(self, case: Case) -> str:
        return ", ".join(p.person.name for p in case.detainee_participants)

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
            return [(None, {"fields": [*main[:3], "status", "status_note", *main[3:]]})]
        return [
            (None, {"fields": main}),
            (
                _("Status"),
                {
                    "fields": [
                        "status",
                        "status_changed_at",
                        "new_status",
                        "status_note",
                        ("status_effective_on", "status_effective_precision"),
                    ]
                },
            ),
            (_("Record"), {"fields": ["updated_by", "updated_at"], "classes": ["collapse"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj is not None:
            fields.append("status")
        if not roles.is_editor(request.user):
            # Only editors publish or withdraw (four eyes over what the public sees).
            fields.append("publication")
        return fields

    def get_inline_instances(self, request, obj=None):
        # Inlines read the case from the request to hide restricted rows from staff off its team.
        request._admin_case = obj
        return super().get_inline_instances(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            case_create(case=obj, by=request.user, note=form.cleaned_data.get("status_note", ""))
            return
        obj.updated_by = request.user
        obj.save()
        new_status = form.cleaned_data.get("new_status")
        if new_status:
            case_change_status(
                case=obj,
                status=new_status,
                by=request.user,
                note=form.cleaned_data.get("status_note", ""),
                effective_on=form.cleaned_data.get("status_effective_on"),
                effective_precision=form.cleaned_data.get("status_effective_precision") or "day",
            )

    def save_formset(self, request, form, formset, change):
        request._admin_case = form.instance
        super().save_formset(request, form, formset, change)
        for fact_form in formset.forms:
            if hasattr(fact_form, "save_citation") and fact_form.has_changed():
                fact_form.save_citation()


class CaseRecordAdmin(VisiblePeopleSearchMixin, VisibilityGuardAdminMixin, AuditedAdmin):
    """Stand-alone lists of one kind of record across cases."""

    list_select_related = ["case"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(visibility.staff_records_filter(request.user)).distinct()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # An edit of any record is an edit of its case: the four-eyes rule of publishing reads this.
        Case.objects.filter(pk=obj.case_id).update(updated_by=request.user, updated_at=timezone.now())


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
    person_search_paths = ("defendant",)
    list_display = ["__str__", "defendant", "status", "case", "visibility"]
    list_filter = ["status", "visibility", "article__jurisdiction"]
    search_fields = ["description", "article__title", "article__number", "defendant__name", "case__title"]
    autocomplete_fields = ["case", "defendant", "article"]
    list_select_related = ["case", "defendant", "article"]


@admin.register(CourtRuling)
class CourtRulingAdmin(CaseRecordAdmin):
    person_search_paths = ("defendant",)
    form = RulingForm
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
    list_display = ["title", "kind", "occurred_display", "place", "case", "visibility"]
    list_filter = ["kind", "visibility"]
    search_fields = ["title", "description", "case__title"]
    autocomplete_fields = ["case", "place"]
    list_select_related = ["case", "place"]

    @admin.display(description=_("date"), ordering="occurred_on")
    def occurred_display(self, event: Event) -> str:
        return str(event.occurred)


@admin.register(LegalArticle)
class LegalArticleAdmin(AuditedAdmin):
    list_display = ["short_name", "title", "jurisdiction"]
    list_filter = ["jurisdiction", "code"]
    search_fields = ["title", "number", "code", "text"]
    prepopulated_fields = {"slug": ["code", "number"]}


@admin.register(Place)
class PlaceAdmin(AuditedAdmin):
    list_display = ["name", "region", "country", "timezone"]
    list_filter = ["country"]
    search_fields = ["name", "region"]


class SourceCitationInline(admin.TabularInline):
    model = Citation
    extra = 0
    fields = ["quote", "locator", "case", "participant", "detention", "charge", "ruling", "event"]
    autocomplete_fields = ["case", "participant", "detention", "charge", "ruling", "event"]


@admin.register(Source)
class SourceAdmin(VisibilityGuardAdminMixin, AuditedAdmin):
    list_display = ["title", "kind", "publisher", "published_on", "language", "reliability", "visibility"]
    list_filter = ["kind", "reliability", "visibility", "language"]
    search_fields = ["title", "author", "url", "publisher__name"]
    autocomplete_fields = ["publisher"]
    readonly_fields = ["sha256", "uid", "created_at"]
    inlines = [SourceCitationInline]
    fieldsets = [
        (None, {"fields": ["kind", "title", "publisher", "author", "language", "reliability", "visibility"]}),
        (
            _("Where and when"),
            {"fields": ["url", "archive_url", ("published_on", "accessed_on"), ("captured_at", "captured_by")]},
        ),
        (_("Document"), {"fields": ["file", "sha256"]}),
        (_("Notes"), {"fields": ["notes", "uid", "created_at"]}),
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("publisher")
        return queryset.filter(visibility.staff_sources_filter(request.user)).distinct()

    def save_model(self, request, obj, form, change):
        if "file" in form.changed_data:
            obj.sha256 = file_sha256(obj.file) if obj.file else ""
        super().save_model(request, obj, form, change)
        if "file" in form.changed_data and obj.sha256:
            warn_same_document(request, obj)


@admin.register(Citation)
class CitationAdmin(AuditedAdmin):
    list_display = ["source", "locator", "quote"]
    search_fields = ["quote", "source__title"]
    autocomplete_fields = ["source", "case", "participant", "detention", "charge", "ruling", "event"]
    list_select_related = ["source"]


@admin.register(CaseStatusChange)
class CaseStatusChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """History is read, never edited: new changes come from the case page."""

    list_display = ["case", "from_status", "to_status", "changed_at", "changed_by"]
    list_filter = ["to_status"]
    search_fields = ["case__title"]
    list_select_related = ["case", "changed_by"]
    date_hierarchy = "changed_at"


@admin.register(CaseTeamMember)
class CaseTeamMemberAdmin(EditorOnlyWriteMixin, AuditedAdmin):
    list_display = ["case", "user", "role"]
    list_filter = ["role"]
    autocomplete_fields = ["case", "user"]
    list_select_related = ["case", "user"]


from cases import admin_alerts  # noqa: E402, F401 (webhooks, subscriptions, delivery log)
