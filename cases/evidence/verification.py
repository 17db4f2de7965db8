"""Where evidence is verified: every attached document, and every capture's files, manifest and timestamp.

A document is checked against the SHA-256 recorded when it was stored. A capture is
checked three ways: each file against its recorded hash, the manifest against its
recorded hash and against the files' rows, and the timestamp token against the
manifest (signature, imprint, chain to the trusted roots).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from cases.evidence.manifest import manifest_files
from cases.evidence.timestamps import TimestampInvalid, timestamp_verify
from cases.models import Source, SourceCapture
from tracker.files import file_sha256


@dataclass(frozen=True)
class DocumentProblem:
    source_uid: str
    title: str
    file_name: str
    problem: str  # "missing", "altered" or "tampered" (a capture's manifest or timestamp)
    expected: str
    found: str
    detail: str = ""


def verify_documents() -> list[DocumentProblem]:
    """Recompute the hash of every attached file; report the missing and the altered."""
    problems = []
    for source in Source.objects.exclude(file="").only("uid", "title", "file", "sha256").iterator():
        problem = _check(source)
        if problem:
            problems.append(problem)
    return problems


def _check(source) -> DocumentProblem | None:
    storage = source.file.storage
    if not storage.exists(source.file.name):
        return DocumentProblem(str(source.uid), source.title, source.file.name, "missing", source.sha256, "")
    found = file_sha256(source.file)
    source.file.close()
    if found != source.sha256:
        return DocumentProblem(str(source.uid), source.title, source.file.name, "altered", source.sha256, found)
    return None


def _read(field_file) -> bytes | None:
    if not field_file or not field_file.storage.exists(field_file.name):
        return None
    with field_file.storage.open(field_file.name, "rb") as handle:
        return handle.read()


def _file_problems(capture: SourceCapture) -> list[tuple[str, str, str, str]]:
    problems = []
    for stored in capture.files.all():
        if not stored.file.storage.exists(stored.file.name):
            problems.append((stored.file.name, "missing", stored.sha256, ""))
            continue
        found = file_sha256(stored.file)
        stored.file.close()
        if found != stored.sha256:
            problems.append((stored.file.name, "altered", stored.sha256, found))
    return problems


def _manifest_problems(capture: SourceCapture, manifest: bytes | None) -> list[tuple[str, str, str, str]]:
    name = capture.manifest.name
    if manifest is None:
        return [(name, "missing", capture.manifest_sha256, "")]
    found = hashlib.sha256(manifest).hexdigest()
    if found != capture.manifest_sha256:
        return [(name, "tampered", capture.manifest_sha256, found)]
    listed = manifest_files(manifest)
    recorded = {stored.name: stored.sha256 for stored in capture.files.all()}
    if listed != recorded:
        return [(name, "tampered", _("the files the manifest lists"), _("different files or hashes recorded"))]
    return []


def _token_problems(capture: SourceCapture, manifest: bytes | None) -> list[tuple[str, str, str, str]]:
    if not capture.timestamp_token:
        return []
    name = capture.timestamp_token.name
    token = _read(capture.timestamp_token)
    if token is None:
        return [(name, "missing", capture.timestamp_token_sha256, "")]
    problems = []
    found = hashlib.sha256(token).hexdigest()
    if found != capture.timestamp_token_sha256:
        problems.append((name, "tampered", capture.timestamp_token_sha256, found))
    if manifest is not None:
        try:
            timestamp_verify(token, manifest)
        except TimestampInvalid as error:
            problems.append((name, "tampered", _("a valid timestamp of the manifest"), str(error)))
    return problems


def capture_verify(capture: SourceCapture) -> list[DocumentProblem]:
    """Check one capture whole and record the outcome on it (shown in the admin)."""
    manifest = _read(capture.manifest)
    found = _file_problems(capture) + _manifest_problems(capture, manifest) + _token_problems(capture, manifest)
    problems = [
        DocumentProblem(str(capture.source.uid), capture.source.title, name, kind, expected, seen)
        for name, kind, expected, seen in found
    ]
    integrity = SourceCapture.Integrity.TAMPERED if problems else SourceCapture.Integrity.INTACT
    summary = "\n".join(f"{p.problem}: {p.file_name} (expected {p.expected}, found {p.found or '-'})" for p in problems)
    SourceCapture.objects.filter(pk=capture.pk).update(
        integrity=integrity, integrity_problems=summary, verified_at=timezone.now()
    )
    capture.integrity, capture.integrity_problems = integrity, summary
    return problems


def verify_captures() -> list[DocumentProblem]:
    captures = SourceCapture.objects.filter(state=SourceCapture.State.SUCCEEDED).select_related("source")
    problems = []
    for capture in captures.prefetch_related("files").iterator(chunk_size=200):
        problems += capture_verify(capture)
    return problems
