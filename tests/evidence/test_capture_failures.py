"""Bad input: each failure is recorded with its reason, retried with backoff, and never half-stored."""

import socket

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.evidence.addresses import check_url
from cases.evidence.errors import AddressRefused
from cases.evidence.running import capture_run
from cases.evidence.services import capture_request
from cases.models import CaptureFile, SourceCapture
from tests.evidence.conftest import media_files
from tests.factories import SourceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def attempt(url: str) -> SourceCapture:
    capture = capture_request(source=SourceFactory(url=url), by=None)
    capture_run(capture.pk)
    capture.refresh_from_db()
    return capture


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/gone", "The server answered HTTP 410 Gone."),
        ("/loop-a", "The address redirects in a loop."),
        ("/large", "The page is larger than the limit of 1000000 bytes."),
        ("/slow", "The page did not finish loading within the time limit."),
    ],
)
def test_a_failed_capture_says_why_stores_nothing_and_is_retried_later(capturing, page_server, path, reason):
    capturing.EVIDENCE_CAPTURE_MAX_BYTES = 1_000_000
    capturing.EVIDENCE_CAPTURE_TIME_LIMIT = 3
    before = timezone.now()
    capture = attempt(page_server.url(path))
    assert (capture.state, capture.failure_reason, capture.attempts) == ("retrying", reason, 1)
    assert capture.next_attempt_at >= before + timezone.timedelta(seconds=1)
    assert not CaptureFile.objects.filter(capture=capture).exists()
    assert not capture.manifest and not capture.timestamp_token
    assert media_files(capturing) == []


def test_an_unreachable_address_backs_off_then_fails_for_good(capturing):
    capturing.EVIDENCE_CAPTURE_MAX_ATTEMPTS = 3
    capture = attempt(f"http://127.0.0.1:{closed_port()}/article")
    delays = []
    while capture.state == "retrying":
        delays.append((capture.next_attempt_at - timezone.now()).total_seconds())
        SourceCapture.objects.filter(pk=capture.pk).update(next_attempt_at=timezone.now())
        capture_run(capture.pk)
        capture.refresh_from_db()
    assert capture.state == "failed" and capture.attempts == 3
    assert capture.failure_reason.startswith("The address could not be reached")
    assert delays[1] > delays[0]  # exponential backoff: 1 s, then 2 s
    assert media_files(capturing) == []


def test_a_capture_not_yet_due_or_held_by_another_worker_is_left_alone(capturing, page_server):
    capture = capture_request(source=SourceFactory(url=page_server.url("/article")), by=None)
    SourceCapture.objects.filter(pk=capture.pk).update(next_attempt_at=timezone.now() + timezone.timedelta(hours=1))
    assert capture_run(capture.pk) is None
    SourceCapture.objects.filter(pk=capture.pk).update(
        state="running", claimed_until=timezone.now() + timezone.timedelta(minutes=5)
    )
    assert capture_run(capture.pk) is None
    capture.refresh_from_db()
    assert capture.attempts == 0 and not capture.files.exists()


@pytest.mark.parametrize("path", ["/article", "/to-metadata"])
def test_internal_addresses_are_refused_when_loopback_is_not_allowed(capturing, page_server, path):
    capturing.EVIDENCE_CAPTURE_ALLOW_LOOPBACK = False
    hits = len(page_server.hits)
    capture = attempt(page_server.url(path))
    assert capture.state == "failed" and capture.attempts == 1  # refused for good: asking again changes nothing
    assert "is an internal address (127.0.0.1); it is not captured." in capture.failure_reason
    assert len(page_server.hits) == hits  # not one request reached the server
    assert media_files(capturing) == []


def test_a_redirect_to_the_metadata_address_is_refused_even_with_loopback_allowed(capturing, page_server):
    capture = attempt(page_server.url("/to-metadata"))
    assert capture.state == "failed"
    assert capture.failure_reason == "169.254.169.254 is an internal address (169.254.169.254); it is not captured."


@pytest.mark.parametrize(
    "url",
    [
        "http://10.1.2.3/", "http://192.168.0.1/", "http://172.16.5.4/", "http://169.254.169.254/latest/",
        "http://[::1]/", "http://[fd00::1]/", "http://[::ffff:127.0.0.1]/", "http://100.64.0.1/", "http://0.0.0.0/",
    ],
)  # fmt: skip
def test_private_link_local_and_metadata_ranges_are_internal(settings, url):
    settings.EVIDENCE_CAPTURE_ALLOW_LOOPBACK = False
    with pytest.raises(AddressRefused):
        check_url(url)


@pytest.mark.parametrize("url", ["ftp://example.org/file", "file:///etc/passwd", "javascript:alert(1)"])
def test_only_http_and_https_are_captured(url):
    with pytest.raises(AddressRefused, match="Only http and https"):
        check_url(url)


@pytest.mark.parametrize(("url", "message"), [("", "This source has no URL to capture.")])
def test_a_source_without_a_url_cannot_be_captured(url, message):
    with pytest.raises(ValidationError, match=message):
        capture_request(source=SourceFactory(url=url), by=None)
    assert not SourceCapture.objects.exists()
