"""Integrity of attached documents."""

import hashlib

CHUNK = 1024 * 1024


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
