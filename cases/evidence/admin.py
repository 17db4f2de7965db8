"""Admin for evidence: the same file uploaded twice recognized by its hash; captures, their progress and checks."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import visibility
from cases.evidence.services import capture_request, may_capture
from cases.evidence.verification import capture_verify
from cases.models import CaptureFile, CorroborationPolicy, Source, SourceCapture
from tracker.admin_guards import ReadOnlyAdminMixin


def same_document_sources(source: Source, user):
    """Other sources (that the user may see) carrying a file with the same SHA-256."""
    others = Source.objects.filter(sha256=source.sha256).exclude(pk=source.pk)
    return others.filter(visibility.staff_sources_filter(user)).distinct().order_by("pk")


def warn_same_document(request, source: Source) -> None:
    others = list(same_document_sources(source, request.user)[:5])
    if not others:
        return
    links = format_html_join(
        ", ", '<a href="{}">{}</a>', ((reverse("admin:cases_source_change", args=[o.pk]), o.title) for o in others)
    )
    messages.warning(request, format_html(_("The same file (same SHA-256) is already attached to: {}"), links))


def capture_summary(capture: SourceCapture) -> str:
    """One line: "captured <UTC> · SHA-256 … · timestamped by <authority>", or the state and the step."""
    if capture.state != SourceCapture.State.SUCCEEDED:
        parts = [str(capture.get_state_display()), capture.step, capture.failure_reason]
        return " · ".join(part for part in parts if part)
    stamp = (
        _("timestamped by %(authority)s") % {"authority": capture.timestamp_authority}
        if capture.timestamp_authority
        else _("not timestamped")
    )
    return f"{_('captured')} {capture.captured_at:%Y-%m-%d %H:%M:%S} UTC · SHA-256 {capture.manifest_sha256} · {stamp}"


def captures_table(source: Source) -> str:
    """A source's captures, newest first: progress while one runs, the outcome and the integrity check after."""
    captures = source.captures.order_by("-requested_at")[:20]
    if not captures:
        return _("Not captured yet.")
    rows = format_html_join(
        "",
        '<li><a href="{}">{}</a>: {}{}</li>',
        (
            (
                reverse("admin:cases_source_capture_progress", args=[source.pk, capture.uid]),
                f"{capture.requested_at:%Y-%m-%d %H:%M} UTC",
                capture_summary(capture),
                format_html(' <strong class="errornote">{}: {}</strong>', _("TAMPERED"), capture.integrity_problems)
                if capture.integrity == SourceCapture.Integrity.TAMPERED
                else "",
            )
            for capture in captures
        ),
    )
    return format_html("<ul>{}</ul>", rows)


def capture_from_admin(request, source: Source) -> SourceCapture | None:
    """The admin button: queue a capture, or say plainly why not; never a 500."""
    if not may_capture(request.user, source):
        raise PermissionDenied
    try:
        capture = capture_request(source=source, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None
    messages.success(request, _("The capture was queued; this page shows its progress."))
    return capture


def capture_progress_view(model_admin, request, object_id, uid) -> HttpResponse:
    """Progress of one capture in the admin; refreshes itself (no script needed) until the capture ends."""
    source = get_object_or_404(model_admin.get_queryset(request), pk=object_id)
    capture = get_object_or_404(source.captures.all(), uid=uid)
    running = capture.state in (SourceCapture.State.PENDING, SourceCapture.State.RUNNING)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Capture of “%(title)s”") % {"title": source.title},
        "source": source,
        "capture": capture,
        "summary": capture_summary(capture),
        "running": running,
        "opts": model_admin.model._meta,
    }
    return TemplateResponse(request, "admin/cases/source/capture_progress.html", context)


@admin.register(SourceCapture)
class SourceCaptureAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every capture, with its integrity as the last check found it; tampering shows here first."""

    list_display = ["source", "requested_at", "state", "captured_at", "timestamp_authority", "integrity"]
    list_filter = ["state", "integrity"]
    search_fields = ["source__title", "url", "manifest_sha256"]
    list_select_related = ["source"]
    actions = ["verify_now"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    # Files have no URL (MEDIA_URL is None): their names are shown, the downloads are on the source's page.
    exclude = ["claimed_until", "requested_by", "manifest", "timestamp_token"]
    readonly_fields = ["manifest_file", "token_file"]

    @admin.display(description=gettext_lazy("hash manifest"))
    def manifest_file(self, capture: SourceCapture) -> str:
        return capture.manifest.name

    @admin.display(description=gettext_lazy("timestamp token (.tsr)"))
    def token_file(self, capture: SourceCapture) -> str:
        return capture.timestamp_token.name

    def get_queryset(self, request):
        sources = Source.objects.filter(visibility.staff_sources_filter(request.user)).values("pk")
        return super().get_queryset(request).filter(source__in=sources)

    def has_change_permission(self, request, obj=None) -> bool:
        # The action below only reads files and records what it found; Django asks for "change" to show it.
        return False

    @admin.action(description=gettext_lazy("Verify the selected captures now"))
    def verify_now(self, request, queryset) -> None:
        tampered = 0
        for capture in queryset.filter(state=SourceCapture.State.SUCCEEDED).select_related("source"):
            tampered += bool(capture_verify(capture))
        if tampered:
            messages.error(request, _("%(n)s capture(s) failed their integrity check.") % {"n": tampered})
        else:
            messages.success(request, _("Every selected capture is intact."))


@admin.register(CorroborationPolicy)
class CorroborationPolicyAdmin(admin.ModelAdmin):
    """One row, set by editors (the role permissions give no one else access)."""

    list_display = ["__str__", "minimum_sources", "updated_at"]
    fields = ["minimum_sources"]

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not CorroborationPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        obj.pk = 1  # the single row the constraint allows
        super().save_model(request, obj, form, change)


@admin.register(CaptureFile)
class CaptureFileAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Each captured file with the hash recorded when it was written; downloads go through the source's page."""

    list_display = ["capture", "kind", "size", "sha256"]
    list_filter = ["kind"]
    search_fields = ["sha256", "capture__source__title"]
    list_select_related = ["capture", "capture__source"]
    # Files have no URL (MEDIA_URL is None): the name is shown, the download is on the source's page.
    fields = ["capture", "kind", "stored_as", "sha256", "size", "content_type"]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("file"))
    def stored_as(self, stored: CaptureFile) -> str:
        return stored.file.name

    def get_queryset(self, request):
        sources = Source.objects.filter(visibility.staff_sources_filter(request.user)).values("pk")
        return super().get_queryset(request).filter(capture__source__in=sources)
