"""Attached files: their type judged by content, their size limit, and their SHA-256."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

CHUNK = 1024 * 1024
DEFAULT_MAX_BYTES = 25 * 1024 * 1024

# Content types we accept, told apart by their first bytes, never by the file name.
MAGIC = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


def max_document_bytes() -> int:
    return getattr(settings, "TRACKER_DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES)


def sniff_content_type(head: bytes) -> str | None:
    """The type a file really is, from its first bytes; None when it is none we accept."""
    for magic, content_type in MAGIC:
        if head.startswith(magic):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return "text/plain" if _is_text(head) else None


def _is_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        return error.start >= len(head) - 3 and error.reason == "unexpected end of data"
    return True


def read_head(field_file, size: int = 2048) -> bytes:
    field_file.open("rb")
    try:
        field_file.seek(0)
        return field_file.read(size)
    finally:
        field_file.seek(0)


def document_content_type(field_file) -> str | None:
    return sniff_content_type(read_head(field_file))


def validate_document(field_file) -> None:
    """Refuse files too large or of a type we do not accept, whatever their name says."""
    if field_file.size > max_document_bytes():
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(field_file.size), "limit": filesizeformat(max_document_bytes())},
            code="too_large",
        )
    if document_content_type(field_file) is None:
        raise ValidationError(
            _("This file is not a PDF, PNG, JPEG, WebP image or plain text (judged by its content)."),
            code="bad_type",
        )


def file_sha256(field_file) -> str:
    digest = hashlib.sha256()
    field_file.open("rb")
    try:
        field_file.seek(0)
        for chunk in iter(lambda: field_file.read(CHUNK), b""):
            digest.update(chunk)
    finally:
        field_file.seek(0)
    return digest.hexdigest()
