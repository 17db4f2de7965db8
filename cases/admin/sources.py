"""Records shared across cases: legal articles, places, sources and citations; the status log and teams."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from cases import visibility
from cases.admin.guards import (
    EditorOnlyWriteMixin,
    VisibilityGuardAdminMixin,
)
from cases.admin.visible import citations_filter
from cases.evidence.admin import (
    capture_from_admin,
    capture_progress_view,
    captures_table,
    warn_same_document,
)
from cases.evidence.services import may_capture
from cases.history.admin import AuditedAdmin
from cases.models import (
    CaseStatusChange,
    CaseTeamMember,
    Citation,
    LegalArticle,
    Place,
    Source,
)
from tracker.admin_guards import ReadOnlyAdminMixin
from tracker.admin_inlines import LabelledTabularInline
from tracker.files import file_sha256


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

    def get_queryset(self, request):
        # A place used only by restricted records is as restricted as they are.
        return super().get_queryset(request).filter(pk__in=visibility.places_visible_to(request.user).values("pk"))


class SourceCitationInline(LabelledTabularInline):
    model = Citation
    extra = 0
    fields = ["quote", "locator", "case", "participant", "detention", "charge", "ruling", "event"]
    autocomplete_fields = ["case", "participant", "detention", "charge", "ruling", "event"]

    def get_queryset(self, request):
        # A source's page lists only the citations whose fact (and person) the user may read.
        return super().get_queryset(request).filter(citations_filter(request.user)).distinct()


@admin.register(Source)
class SourceAdmin(VisibilityGuardAdminMixin, AuditedAdmin):
    list_display = ["title", "kind", "publisher", "published_on", "language", "reliability", "visibility"]
    list_filter = ["kind", "reliability", "visibility", "language"]
    search_fields = ["title", "author", "url", "publisher__name"]
    autocomplete_fields = ["publisher"]
    readonly_fields = ["sha256", "uid", "created_at", "capture_controls", "captures"]
    inlines = [SourceCitationInline]
    actions = ["capture_selected"]
    fieldsets = [
        (None, {"fields": ["kind", "title", "publisher", "author", "language", "reliability", "visibility"]}),
        (
            _("Where and when"),
            {"fields": ["url", "archive_url", ("published_on", "accessed_on"), ("captured_at", "captured_by")]},
        ),
        (_("Document"), {"fields": ["file", "sha256"]}),
        (_("Capture of the web page"), {"fields": ["capture_controls", "captures"]}),
        (_("Notes"), {"fields": ["notes", "uid", "created_at"]}),
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("publisher")
        return queryset.filter(visibility.staff_sources_filter(request.user)).distinct()

    @admin.display(description=_("capture"))
    def capture_controls(self, source: Source) -> str:
        """A submit button of the change form sent to the capture URL: no nested form, no script."""
        if not source.pk or not source.url:
            return gettext("Save a URL first; then the page can be captured.")
        url = reverse("admin:cases_source_capture", args=[source.pk])
        return format_html(
            '<button type="submit" class="button" formaction="{}" formnovalidate>{}</button> {}',
            url,
            gettext("Capture the page now"),
            gettext("(unsaved changes on this page are not saved by this button)"),
        )

    @admin.display(description=_("captures"))
    def captures(self, source: Source) -> str:
        return captures_table(source) if source.pk else ""

    def get_urls(self):
        urls = [
            path(
                "<path:object_id>/capture/", self.admin_site.admin_view(self.capture_view), name="cases_source_capture"
            ),
            path(
                "<path:object_id>/captures/<uuid:uid>/",
                self.admin_site.admin_view(self.progress_view),
                name="cases_source_capture_progress",
            ),
        ]
        return urls + super().get_urls()

    def capture_view(self, request, object_id):
        return require_POST(self._capture)(request, object_id)

    def _capture(self, request, object_id):
        source = get_object_or_404(self.get_queryset(request), pk=object_id)
        capture = capture_from_admin(request, source)
        if capture is None:
            return HttpResponseRedirect(reverse("admin:cases_source_change", args=[source.pk]))
        return HttpResponseRedirect(reverse("admin:cases_source_capture_progress", args=[source.pk, capture.uid]))

    def progress_view(self, request, object_id, uid):
        return capture_progress_view(self, request, object_id, uid)

    @admin.action(description=_("Capture the web pages of the selected sources"))
    def capture_selected(self, request, queryset) -> None:
        queued = 0
        for source in queryset:
            if may_capture(request.user, source) and capture_from_admin(request, source):
                queued += 1
        if queued:
            messages.info(request, gettext("%(n)s capture(s) queued.") % {"n": queued})

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

    def get_queryset(self, request):
        return super().get_queryset(request).filter(citations_filter(request.user)).distinct()


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
