"""Writes for captures that web requests make: ask for one. The workers run it (cases/evidence/running.py)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cases import visibility
from cases.evidence.addresses import SCHEMES
from cases.evidence.running import capture_create
from cases.evidence.tasks import capture_enqueue
from cases.models import Source, SourceCapture
from tracker import roles


def may_capture(user, source: Source) -> bool:
    """Staff (editors included) who may work on the source in the admin may have it captured."""
    if not roles.is_staff_member(user):
        return False
    return Source.objects.filter(visibility.staff_sources_filter(user), pk=source.pk).exists()


def capture_request(*, source: Source, by=None) -> SourceCapture:
    """Queue a capture of the source's URL; ValidationError (and nothing written) when it has none to capture."""
    if not source.url:
        raise ValidationError(_("This source has no URL to capture."), code="no_url")
    if source.url.split(":", 1)[0].lower() not in SCHEMES:
        raise ValidationError(_("Only http and https addresses are captured."), code="bad_scheme")
    with transaction.atomic():
        capture = capture_create(source=source, by=by)
        transaction.on_commit(lambda: capture_enqueue(capture.pk))
    return capture
