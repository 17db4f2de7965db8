"""Tampering is found: a file changed on disk, a manifest edited, a token that does not match its imprint.

Each is reported by the verification, in the admin, in the job's output, and to the editors
by a real SMTP conversation with a local server.
"""

import hashlib

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from cases.evidence.running import capture_run
from cases.evidence.services import capture_request
from cases.evidence.tasks import verify_documents_task
from cases.evidence.timestamps import timestamp_obtain
from cases.evidence.verification import verify_captures
from cases.models import SourceCapture
from tests.alerts.servers import SmtpServer
from tests.factories import SourceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture
def smtp(settings):
    with SmtpServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        yield server.handler


@pytest.fixture
def capture(capturing, page_server, staff_member) -> SourceCapture:
    source = SourceFactory(title="Detention report, RFE/RL", url=page_server.url("/article"), visibility="internal")
    capture = capture_request(source=source, by=staff_member)
    capture_run(capture.pk)
    capture.refresh_from_db()
    assert capture.state == "succeeded", capture.failure_reason
    return capture


def overwrite(field_file, content: bytes) -> None:
    with open(field_file.path, "wb") as handle:
        handle.write(content)


def change_a_file(capture):
    overwrite(capture.files.get(kind="pdf").file, b"%PDF-1.4 a different document")
    return "print.pdf", "altered"


def edit_the_manifest(capture):
    manifest = capture.manifest.open("rb").read().replace(b'"http_status": 200', b'"http_status": 201')
    overwrite(capture.manifest, manifest)
    return "manifest.json", "tampered"


def swap_the_token(capture):
    # A genuine token from the same authority, but of other bytes; its recorded hash "fixed" too,
    # as someone with database access would: only the imprint check can tell.
    token = timestamp_obtain(b"some other manifest").token
    overwrite(capture.timestamp_token, token)
    SourceCapture.objects.filter(pk=capture.pk).update(timestamp_token_sha256=hashlib.sha256(token).hexdigest())
    return "manifest.tsr", "tampered"


def corrupt_the_token(capture):
    token = bytearray(capture.timestamp_token.open("rb").read())
    token[-40] ^= 0xFF  # inside the signature
    overwrite(capture.timestamp_token, bytes(token))
    return "manifest.tsr", "tampered"


TAMPERINGS = [change_a_file, edit_the_manifest, swap_the_token, corrupt_the_token]


def test_an_untouched_capture_verifies(capture):
    assert verify_captures() == []
    capture.refresh_from_db()
    assert capture.integrity == "intact" and capture.verified_at is not None


@pytest.mark.parametrize("tamper", TAMPERINGS, ids=lambda f: f.__name__)
def test_tampering_is_found_and_reported_everywhere(capture, tamper, editor, client, capsys, smtp):
    name, kind = tamper(capture)

    problems = verify_captures()
    assert {(p.file_name.rsplit("/", 1)[-1], p.problem) for p in problems} >= {(name, kind)}
    capture.refresh_from_db()
    assert capture.integrity == "tampered" and name in capture.integrity_problems

    with pytest.raises(CommandError, match="missing, altered or tampered"):
        call_command("verify_documents")
    assert f"{kind.upper()}: Detention report, RFE/RL" in capsys.readouterr().out

    assert verify_documents_task() == len(problems)
    (message,) = smtp.messages
    assert message["To"] == editor.email
    body = message.get_content()
    assert f"{kind.upper()}: Detention report, RFE/RL" in body and name in body

    client.force_login(editor)
    listing = client.get(reverse("admin:cases_sourcecapture_changelist") + "?integrity__exact=tampered")
    assert "Detention report, RFE/RL" in listing.content.decode()
    change = client.get(reverse("admin:cases_source_change", args=[capture.source.pk])).content.decode()
    assert "TAMPERED" in change and name in change
