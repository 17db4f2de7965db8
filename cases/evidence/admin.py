"""Admin help for documents: the same file uploaded twice is recognized by its hash."""

from django.contrib import messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from cases import visibility
from cases.models import Source


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
