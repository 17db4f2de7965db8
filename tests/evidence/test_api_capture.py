"""POST /api/v1/sources/<uid>/capture/: staff queue a capture; bad input is refused with a reason, nothing written."""

import pytest
from django.urls import reverse

from cases.models import SourceCapture
from tests.api_data import token_header
from tests.factories import CitationFactory, SourceFactory

pytestmark = pytest.mark.django_db


def capture_url(source) -> str:
    return reverse("source-capture", args=[source.uid])


@pytest.fixture
def source(case):
    source = SourceFactory(url="https://news.example.org/bilash", visibility="internal")
    CitationFactory(source=source, case=case)
    return source


def test_staff_queue_a_capture_and_are_told_where_it_stands(client, staff_member, source):
    response = client.post(capture_url(source), content_type="application/json", **token_header(staff_member))
    assert response.status_code == 202
    capture = SourceCapture.objects.get()
    assert response.json() == {
        "uid": str(capture.uid), "source": str(source.uid), "url": "https://news.example.org/bilash",
        "state": "pending", "step": "Waiting for a worker", "requested_at": response.json()["requested_at"],
        "captured_at": None, "manifest_sha256": "",
    }  # fmt: skip
    assert capture.requested_by == staff_member


def test_fields_are_refused_by_name(client, staff_member, source):
    response = client.post(
        capture_url(source), {"url": "http://169.254.169.254/"}, content_type="application/json",
        **token_header(staff_member),
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json() == {"url": ["This action takes no fields."]}
    assert not SourceCapture.objects.exists()


def test_a_source_without_a_url_is_refused_with_a_reason(client, staff_member, case):
    source = SourceFactory(url="", visibility="internal")
    CitationFactory(source=source, case=case)
    response = client.post(capture_url(source), content_type="application/json", **token_header(staff_member))
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["This source has no URL to capture."]}
    assert not SourceCapture.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("anon", 401), ("lawyer", 403), ("other_lawyer", 403)])
def test_only_staff_may_ask(client, request, source, role, status):
    headers = {} if role == "anon" else token_header(request.getfixturevalue(role))
    response = client.post(capture_url(source), content_type="application/json", **headers)
    assert response.status_code == status
    assert not SourceCapture.objects.exists()
