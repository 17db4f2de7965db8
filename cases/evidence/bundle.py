"""The evidence bundle: one zip of a capture's files, its manifest, its timestamp token and how to check them."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from cases.models import SourceCapture

CHUNK = 1024 * 1024


def _add(archive: zipfile.ZipFile, name: str, field_file) -> None:
    with field_file.storage.open(field_file.name, "rb") as source, archive.open(name, "w") as target:
        for chunk in iter(lambda: source.read(CHUNK), b""):
            target.write(chunk)


def bundle_build(capture: SourceCapture):
    """A temporary file holding the zip; spooled to disk, as a capture may be tens of megabytes."""
    spooled = tempfile.SpooledTemporaryFile(max_size=8 * CHUNK)  # noqa: SIM115 - handed to the response
    with zipfile.ZipFile(spooled, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for stored in capture.files.all():
            _add(archive, f"files/{stored.name}", stored.file)
        _add(archive, "manifest.json", capture.manifest)
        if capture.timestamp_token:
            _add(archive, "manifest.tsr", capture.timestamp_token)
            roots = settings.EVIDENCE_TSA_ROOTS_FILE
            if roots and Path(roots).is_file():
                archive.write(roots, "tsa-roots.pem")
        archive.writestr("README.txt", render_to_string("evidence/bundle-readme.txt", {"capture": capture}))
    spooled.seek(0)
    return spooled
