"""Reads for captures: which a user may open, and a source's captures for its page."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from cases import visibility
from cases.models import CaptureFile, Source, SourceCapture


def access_capture_source(user, uid) -> Source:
    """Captures are for signed-in readers of the source: they name the operator. Hidden and missing are one 404."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(visibility.sources_visible_to(user).select_related("publisher"), uid=uid)


def access_capture(user, uid) -> SourceCapture:
    if not user.is_authenticated:
        raise Http404
    sources = visibility.sources_visible_to(user)
    queryset = SourceCapture.objects.filter(source__in=sources.values("pk"), state=SourceCapture.State.SUCCEEDED)
    return get_object_or_404(queryset.select_related("source").prefetch_related("files"), uid=uid)


def source_captures(source: Source) -> QuerySet[SourceCapture]:
    """Every capture of the source, newest first, with its files: two queries whatever their number."""
    files = Prefetch("files", queryset=CaptureFile.objects.order_by("kind"))
    return source.captures.select_related("requested_by").prefetch_related(files).order_by("-requested_at")


def latest_capture(source: Source) -> SourceCapture | None:
    return source.captures.filter(state=SourceCapture.State.SUCCEEDED).order_by("-captured_at").first()
