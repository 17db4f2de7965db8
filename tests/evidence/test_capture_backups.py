"""Captured files are documents: a backup finds each of them, with the hash recorded when it was written."""

import pytest
from django.db import connection
from django.utils import timezone

from cases.models import CaptureFile, SourceCapture
from tests.factories import SourceFactory
from tracker.backups.databases import _read_state

pytestmark = pytest.mark.django_db


def test_a_backup_knows_every_captured_file_and_its_recorded_hash():
    capture = SourceCapture.objects.create(
        source=SourceFactory(), url="https://news.example.org/1", state="succeeded", captured_at=timezone.now(),
        manifest="captures/2026/12/x/manifest.json", manifest_sha256="a" * 64,
        timestamp_token="captures/2026/12/x/manifest.tsr", timestamp_token_sha256="b" * 64,
    )  # fmt: skip
    CaptureFile.objects.create(
        capture=capture, kind="pdf", file="captures/2026/12/x/print.pdf", sha256="c" * 64, size=10,
        content_type="application/pdf",
    )  # fmt: skip

    state = _read_state(connection.cursor(), set(connection.introspection.table_names()))

    assert state.recorded_hashes["captures/2026/12/x/manifest.json"] == "a" * 64
    assert state.recorded_hashes["captures/2026/12/x/manifest.tsr"] == "b" * 64
    assert state.recorded_hashes["captures/2026/12/x/print.pdf"] == "c" * 64
