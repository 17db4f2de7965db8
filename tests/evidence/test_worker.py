"""Captures on a real `celery worker`, PostgreSQL and Redis: asked for by a new source, taken, stored, timestamped."""

import pytest
from django.db import connection

from cases.evidence.services import capture_request
from cases.models import SourceCapture
from tests.alerts.servers import CeleryWorkers, wait_for
from tests.factories import SourceFactory

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.browser, pytest.mark.celery_worker]


class CaptureWorkers(CeleryWorkers):
    """The alerts' worker pool, told where the pages, the authority and the media folder are."""

    def __init__(self, tmp_dir, queue, tsa) -> None:
        super().__init__(tmp_dir, smtp_port=1, queue=queue)
        self.tsa = tsa

    def env(self) -> dict[str, str]:
        return {
            **super().env(),
            "TRACKER_VAR_DIR": str(self.tmp_dir / "var"),
            "EVIDENCE_CAPTURE_ALLOW_LOOPBACK": "true",
            "EVIDENCE_CAPTURE_TIME_LIMIT": "20",
            "EVIDENCE_CAPTURE_RETRY_BASE_SECONDS": "1",
            "EVIDENCE_TSA_URL": self.tsa.url,
            "EVIDENCE_TSA_ROOTS_FILE": str(self.tsa.roots_file),
        }


@pytest.fixture(scope="module")
def workers(django_db_setup, django_db_blocker, tsa, tmp_path_factory):
    pool = CaptureWorkers(
        tmp_path_factory.mktemp("capture-workers"), f"captures-{connection.settings_dict['NAME']}", tsa
    )
    try:
        pool.start("capture")
        yield pool
    finally:
        pool.stop_all()


@pytest.fixture
def on_worker(workers, capturing, transactional_db):
    capturing.MEDIA_ROOT = workers.tmp_dir / "var" / "media"
    capturing.CELERY_TASK_DEFAULT_QUEUE = workers.queue
    return capturing


def settled(capture_id: int) -> SourceCapture:
    def done():
        capture = SourceCapture.objects.get(pk=capture_id)
        return capture if capture.state in ("succeeded", "failed", "retrying") else None

    return wait_for(done, 90, interval=0.3, message="the capture to end")


def test_a_new_source_with_a_url_is_captured_by_the_worker(on_worker, page_server, tsa):
    on_worker.EVIDENCE_CAPTURE_NEW_SOURCES = True
    source = SourceFactory(url=page_server.url("/article"), visibility="internal")
    capture = wait_for(lambda: source.captures.first(), 30, message="the automatic capture to be created")
    capture = settled(capture.pk)
    assert capture.state == "succeeded", capture.failure_reason
    assert capture.requested_by is None and capture.timestamp_authority == tsa.NAME
    assert sorted(capture.files.values_list("kind", flat=True)) == ["headers", "html", "pdf", "png", "warc"]
    for stored in capture.files.all():
        assert stored.file.storage.exists(stored.file.name)  # written by the worker, read here


def test_a_failure_on_the_worker_is_recorded_with_its_reason(on_worker, page_server, staff_member):
    capture = capture_request(source=SourceFactory(url=page_server.url("/gone")), by=staff_member)
    capture = settled(capture.pk)
    assert (capture.state, capture.failure_reason) == ("retrying", "The server answered HTTP 410 Gone.")
    assert not capture.files.exists()
