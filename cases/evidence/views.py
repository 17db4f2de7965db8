"""Documents are served only through here, after the gate; files are never on a public path."""

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from cases import visibility
from cases.history.read_log import log_restricted_read
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
