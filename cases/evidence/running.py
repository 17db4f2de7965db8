"""Running a capture on a worker: claim it, take it, store it whole or not at all, or record why not.

Like the alert outbox: a capture is a row; a worker claims it with a conditional UPDATE
and a lease, so a redelivered task or a second worker finds nothing to do; the sweep
queues what is due again. Files are written before the rows that name them, and removed
again if anything fails, so there is never a capture with half its files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.evidence import capture as capturing
from cases.evidence.errors import CaptureFailed
from cases.evidence.manifest import ManifestFile, manifest_build
from cases.evidence.timestamps import timestamp_obtain, timestamps_enabled
from cases.models import CaptureFile, SourceCapture

logger = logging.getLogger(__name__)
State = SourceCapture.State
# A claim outlives the page's time limit and the storing after it, so a live worker never loses it.
LEASE_EXTRA_SECONDS = 120


def capture_create(*, source, by=None) -> SourceCapture:
    """The capture's row, due at once; the caller queues it once the transaction commits."""
    return SourceCapture.objects.create(
        source=source, url=source.url, requested_by=by, step=_("Waiting for a worker"), next_attempt_at=timezone.now()
    )


def capture_claim(capture_id: int) -> SourceCapture | None:
    """Take the capture for this worker; None when it is not due, or another worker holds it."""
    now = timezone.now()
    lease = now + dt.timedelta(seconds=settings.EVIDENCE_CAPTURE_TIME_LIMIT + LEASE_EXTRA_SECONDS)
    due = Q(state__in=[State.PENDING, State.RETRYING], next_attempt_at__lte=now) | Q(
        state=State.RUNNING, claimed_until__lt=now
    )
    claimed = SourceCapture.objects.filter(due, pk=capture_id).update(
        state=State.RUNNING, claimed_until=lease, step=_("Loading the page"), next_attempt_at=None
    )
    if not claimed:
        return None
    return SourceCapture.objects.select_related("source", "requested_by").get(pk=capture_id)


def capture_progress(capture: SourceCapture, step: str) -> None:
    SourceCapture.objects.filter(pk=capture.pk, state=State.RUNNING).update(step=step)


def capture_run(capture_id: int) -> str | None:
    """Run one claimed attempt; the capture's state afterwards, or None when there was nothing to do."""
    capture = capture_claim(capture_id)
    if capture is None:
        return None
    try:
        taken = capturing.take(capture.url)
        capture_progress(capture, _("Storing and timestamping"))
        _store(capture, taken)
    except CaptureFailed as failure:
        return _record_failure(capture, failure)
    except Exception as error:  # a crash must still be recorded and retried, never leave the capture running
        logger.exception("capture %s failed unexpectedly", capture.uid)
        reason = _("The capture failed unexpectedly (%(error)s).") % {"error": type(error).__name__}
        return _record_failure(capture, CaptureFailed(reason))
    return State.SUCCEEDED


def _files(taken: capturing.Taken, headers_json: bytes) -> list[ManifestFile]:
    Kind = CaptureFile.Kind
    return [
        ManifestFile("snapshot.mhtml", Kind.HTML, taken.snapshot, "multipart/related"),
        ManifestFile("screenshot.png", Kind.SCREENSHOT, taken.screenshot, "image/png"),
        ManifestFile("print.pdf", Kind.PDF, taken.pdf, "application/pdf"),
        ManifestFile("capture.warc.gz", Kind.WARC, taken.warc, "application/warc"),
        ManifestFile("headers.json", Kind.HEADERS, headers_json, "application/json"),
    ]


def _headers_json(taken: capturing.Taken) -> bytes:
    hops = [{"url": hop.url, "status": hop.status, "headers": hop.headers} for hop in taken.hops]
    return (json.dumps({"final_url": taken.final.url, "hops": hops}, indent=2, ensure_ascii=False) + "\n").encode()


def _store(capture: SourceCapture, taken: capturing.Taken) -> None:
    capture.captured_at = timezone.now()
    capture.method = taken.method
    files = _files(taken, _headers_json(taken))
    manifest = manifest_build(
        capture=capture, source=capture.source, files=files, hops=taken.hops, blocked=taken.blocked
    )
    stamp = timestamp_obtain(manifest) if timestamps_enabled() else None
    folder = f"captures/{capture.captured_at:%Y/%m}/{capture.uid}"
    written: list[str] = []
    try:
        rows = []
        for entry in files:
            written.append(default_storage.save(f"{folder}/{entry.name}", ContentFile(entry.content)))
            rows.append(
                CaptureFile(
                    capture=capture,
                    kind=entry.kind,
                    file=written[-1],
                    sha256=entry.sha256,
                    size=entry.size,
                    content_type=entry.content_type,
                )
            )
        written.append(default_storage.save(f"{folder}/manifest.json", ContentFile(manifest)))
        capture.manifest.name = written[-1]
        if stamp:
            written.append(default_storage.save(f"{folder}/manifest.tsr", ContentFile(stamp.token)))
            capture.timestamp_token.name = written[-1]
        _save_capture(capture, taken, rows, manifest, stamp)
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise


@transaction.atomic
def _save_capture(capture, taken, rows, manifest: bytes, stamp) -> None:
    CaptureFile.objects.bulk_create(rows)
    capture.state = State.SUCCEEDED
    capture.step = ""
    capture.failure_reason = ""
    capture.attempts += 1
    capture.claimed_until = None
    capture.final_url = taken.final.url[:2000]
    capture.http_status = taken.final.status
    capture.response_headers = dict(taken.final.headers)
    capture.manifest_sha256 = hashlib.sha256(manifest).hexdigest()
    if stamp:
        capture.timestamp_token_sha256 = hashlib.sha256(stamp.token).hexdigest()
        capture.timestamp_authority = stamp.authority
        capture.timestamped_at = stamp.time
    capture.integrity = SourceCapture.Integrity.INTACT
    capture.verified_at = timezone.now()
    capture.save()


def retry_delay(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=settings.EVIDENCE_CAPTURE_RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1))


def _record_failure(capture: SourceCapture, failure: CaptureFailed) -> str:
    attempts = capture.attempts + 1
    retry = failure.retry and attempts < settings.EVIDENCE_CAPTURE_MAX_ATTEMPTS
    state = State.RETRYING if retry else State.FAILED
    logger.info("capture %s attempt %s failed: %s", capture.uid, attempts, failure.reason)
    SourceCapture.objects.filter(pk=capture.pk).update(
        state=state,
        attempts=attempts,
        failure_reason=failure.reason,
        step="",
        claimed_until=None,
        next_attempt_at=timezone.now() + retry_delay(attempts) if retry else None,
    )
    return state


def captures_due() -> list[int]:
    """Captures whose (re)try is due, and those a lost worker left running past its lease."""
    now = timezone.now()
    due = Q(state__in=[State.PENDING, State.RETRYING], next_attempt_at__lte=now) | Q(
        state=State.RUNNING, claimed_until__lt=now
    )
    return list(SourceCapture.objects.filter(due).values_list("pk", flat=True)[:100])
