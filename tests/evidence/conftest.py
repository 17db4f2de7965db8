"""Capture test helpers: a local web server, a local RFC 3161 authority, private media, loopback allowed."""

import pytest

from tests.evidence.servers import PageServer, TimestampAuthority
from tracker.celery import app as celery_app


@pytest.fixture(scope="module")
def page_server():
    with PageServer() as server:
        yield server


@pytest.fixture(scope="module")
def tsa(tmp_path_factory):
    with TimestampAuthority(tmp_path_factory.mktemp("tsa")) as authority:
        yield authority


@pytest.fixture
def capturing(settings, tmp_path, tsa):
    """Settings for a capture of the local server, timestamped by the local authority, quickly retried."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EVIDENCE_CAPTURE_ALLOW_LOOPBACK = True
    settings.EVIDENCE_TSA_URL = tsa.url
    settings.EVIDENCE_TSA_ROOTS_FILE = str(tsa.roots_file)
    settings.EVIDENCE_TSA_NAME = ""
    settings.EVIDENCE_CAPTURE_TIME_LIMIT = 20
    settings.EVIDENCE_CAPTURE_RETRY_BASE_SECONDS = 1
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings


@pytest.fixture
def eager(request):
    """Tasks run in this process, as in the embedded default (REDIS_URL may be set for the cache)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def media_files(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []
