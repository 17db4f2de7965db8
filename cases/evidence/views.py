"""Documents and captures are served only through here, after the gate; files are never on a public path."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from cases import visibility
from cases.evidence.bundle import bundle_build
from cases.evidence.selectors import access_capture, access_capture_source, source_captures
from cases.history.read_log import log_restricted_read
from cases.models import SourceCapture
from tracker.files import document_content_type


def access_document(user, uid):
    """Hidden and missing look alike: both are a 404."""
    source = get_object_or_404(visibility.sources_visible_to(user), uid=uid)
    if not source.file:
        raise Http404
    if not source.file.storage.exists(source.file.name):
        raise Http404
    return source


@require_GET
def document_download(request: HttpRequest, uid) -> FileResponse:
    source = access_document(request.user, uid)
    log_restricted_read(request.user, source, path=request.path)
    content_type = document_content_type(source.file) or "application/octet-stream"
    response = FileResponse(
        source.file.open("rb"),
        content_type=content_type,
        as_attachment=content_type not in ("application/pdf", "image/png", "image/jpeg", "image/webp"),
        filename=source.file.name.rsplit("/", 1)[-1],
    )
    # Evidence files may be hostile: no sniffing, no scripts, no caching by shared proxies.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    # Never kept by a proxy: a case may be withdrawn and its documents must go with it.
    response["Cache-Control"] = "private, no-store"
    response["X-Document-SHA256"] = source.sha256
    return response


@require_GET
def source_page(request: HttpRequest, uid) -> HttpResponse:
    """A source with its captures: when, which hash, which authority; the files and the bundle to download."""
    source = access_capture_source(request.user, uid)
    log_restricted_read(request.user, source, path=request.path)
    captures = list(source_captures(source))
    running = any(c.state in (SourceCapture.State.PENDING, SourceCapture.State.RUNNING) for c in captures)
    context = {"source": source, "captures": captures, "running": running}
    return render(request, "evidence/source.html", context)


def _private(response):
    # Captured pages are hostile content: no sniffing, no scripts, never kept by a proxy.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def capture_file(request: HttpRequest, uid, kind: str) -> FileResponse:
    capture = access_capture(request.user, uid)
    stored = next((f for f in capture.files.all() if f.kind == kind), None)
    if stored is None or not stored.file.storage.exists(stored.file.name):
        raise Http404
    log_restricted_read(request.user, capture.source, path=request.path)
    response = FileResponse(
        stored.file.open("rb"), content_type="application/octet-stream", as_attachment=True, filename=stored.name
    )
    response["X-Document-SHA256"] = stored.sha256
    return _private(response)


@require_GET
def capture_bundle(request: HttpRequest, uid) -> FileResponse:
    capture = access_capture(request.user, uid)
    log_restricted_read(request.user, capture.source, path=request.path)
    name = f"capture-{capture.captured_at:%Y%m%dT%H%M%SZ}-{capture.manifest_sha256[:12]}.zip"
    response = FileResponse(bundle_build(capture), content_type="application/zip", as_attachment=True, filename=name)
    return _private(response)
