"""The check of every attached document against the SHA-256 recorded when it was stored."""

from __future__ import annotations

from dataclasses import dataclass

from cases.models import Source
from tracker.files import file_sha256


@dataclass(frozen=True)
class DocumentProblem:
    source_uid: str
    title: str
    file_name: str
    problem: str  # "missing" or "altered"
    expected: str
    found: str


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
