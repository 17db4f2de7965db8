"""Documents: type by content, size, SHA-256 on upload, same file recognized, gated download, checks."""

import hashlib
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from cases.evidence.tasks import verify_documents_task
from cases.models import RestrictedRead, Source
from tests.factories import CaseFactory, CitationFactory, EventFactory, SourceFactory
from tracker.files import sniff_content_type

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (PDF, "application/pdf"),
        (PNG, "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"),
        ("Показания свидетеля, 10 марта".encode(), "text/plain"),
        (b"MZ\x90\x00\x03\x00\x00\x00", None),  # a Windows executable
        (b"<html>\x00<script>", None),
        (b"", None),
    ],
)
def test_the_type_is_judged_by_content(head, expected):
    assert sniff_content_type(head) == expected


def _source_form(title: str, upload, **extra) -> dict:
    return {
        "kind": "court_document", "title": title, "language": "ru", "reliability": "B",
        "visibility": "internal", "url": "", "archive_url": "", "author": "", "notes": "",
        "captured_by": "", "file": upload,
        "citations-TOTAL_FORMS": "0", "citations-INITIAL_FORMS": "0",
        "citations-MIN_NUM_FORMS": "0", "citations-MAX_NUM_FORMS": "1000",
        **extra,
    }  # fmt: skip


def test_an_upload_gets_its_sha256_and_the_same_file_twice_is_recognized(client, editor, media):
    client.force_login(editor)
    url = reverse("admin:cases_source_add")

    client.post(url, _source_form("Ruling of 1 February", SimpleUploadedFile("ruling.pdf", PDF)))
    response = client.post(url, _source_form("Ruling, second copy", SimpleUploadedFile("copy.pdf", PDF)), follow=True)

    first, second = Source.objects.order_by("pk")
    assert first.sha256 == second.sha256 == hashlib.sha256(PDF).hexdigest()
    assert str(media) in first.file.path and "static" not in first.file.path
    warnings = [str(m) for m in response.context["messages"]]
    assert any("same file (same SHA-256)" in w and "Ruling of 1 February" in w for w in warnings), warnings
    assert reverse("admin:cases_source_change", args=[first.pk]) in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ruling.pdf", b"MZ\x90\x00\x03\x00\x00\x00binary", "not a PDF, PNG, JPEG, WebP image or plain text"),
        ("photo.png", b"\x00\x01\x02\x03", "not a PDF, PNG, JPEG, WebP image or plain text"),
        ("big.pdf", PDF + b"x" * 200, "the limit is 100"),
    ],
)
def test_a_bad_upload_is_refused_with_a_clear_message(client, editor, settings, name, content, message):
    settings.TRACKER_DOCUMENT_MAX_BYTES = 100
    client.force_login(editor)

    response = client.post(reverse("admin:cases_source_add"), _source_form("Bad", SimpleUploadedFile(name, content)))

    assert response.status_code == 200
    assert message in str(response.context["adminform"].form.errors["file"])
    assert not Source.objects.exists()


def _attached(source: Source, content: bytes = PDF) -> Source:
    source.file.save("ruling.pdf", ContentFile(content), save=False)
    source.sha256 = hashlib.sha256(content).hexdigest()
    source.save()
    return source


@pytest.fixture
def documents(case):
    """A public document cited by a public fact, a restricted one, and one cited only by a draft."""
    public = _attached(SourceFactory(title="Public ruling", visibility="public"))
    CitationFactory(source=public, event=EventFactory(case=case, visibility="public"))
    restricted = _attached(SourceFactory(title="Witness statement", visibility="restricted"))
    CitationFactory(source=restricted, event=EventFactory(case=case, visibility="restricted"))
    draft_only = _attached(SourceFactory(title="Draft ruling", visibility="public"))
    CitationFactory(source=draft_only, case=CaseFactory(publication="draft"))
    return {"public": public, "restricted": restricted, "draft": draft_only}


def _download(client, source):
    return client.get(reverse("documents:download", args=[source.uid]))


def test_the_public_gets_a_public_document_and_nothing_else(anon_client, documents):
    response = _download(anon_client, documents["public"])

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert _download(anon_client, documents["restricted"]).status_code == 404
    assert _download(anon_client, documents["draft"]).status_code == 404


def test_a_restricted_document_is_for_the_team_and_editors_and_each_read_is_logged(
    client, documents, staff_member, lawyer, other_lawyer, editor
):
    from tests.conftest import _user_with_role
    from tracker import roles

    outsider = _user_with_role(roles.STAFF, username="outsider", is_staff=True)
    expected = {staff_member: 200, lawyer: 200, editor: 200, outsider: 404, other_lawyer: 404}
    for user, status in expected.items():
        client.force_login(user)
        assert _download(client, documents["restricted"]).status_code == status, user.username

    readers = set(RestrictedRead.objects.values_list("user__username", flat=True))
    assert readers == {"staff", "lawyer", "editor"}


def test_a_missing_file_is_a_404_not_an_error(client, editor, documents):
    documents["public"].file.delete(save=False)
    client.force_login(editor)

    assert _download(client, documents["public"]).status_code == 404


def test_verify_documents_passes_when_all_files_match(documents, capsys):
    call_command("verify_documents")

    assert "All documents match" in capsys.readouterr().out


def test_verify_documents_reports_missing_and_altered_files_and_fails(documents, capsys):
    documents["public"].file.delete(save=False)
    with open(documents["restricted"].file.path, "ab") as handle:
        handle.write(b"tampered")

    with pytest.raises(CommandError, match="2 document"):
        call_command("verify_documents")

    out = capsys.readouterr().out
    assert f"MISSING: Public ruling ({documents['public'].uid})" in out
    assert f"ALTERED: Witness statement ({documents['restricted'].uid})" in out
    assert "Draft ruling" not in out


class _Inbox:
    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp(settings):
    inbox = _Inbox()
    with socket.socket() as probe:  # a free local port for the SMTP server
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = False
    yield inbox
    controller.stop()


def test_the_weekly_check_emails_editors_about_problems(documents, editor, staff_member, smtp):
    documents["restricted"].file.delete(save=False)

    assert verify_documents_task() == 1

    (message,) = smtp.messages
    assert message.rcpt_tos == [editor.email]
    body = message.content.decode()
    assert "1 document failed its integrity check" in body
    assert "MISSING: Witness statement" in body and str(documents["restricted"].uid) in body


def test_the_weekly_check_is_silent_when_all_is_well(documents, editor, smtp):
    assert verify_documents_task() == 0
    assert smtp.messages == []


def test_the_check_is_scheduled_weekly(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["verify-documents-weekly"]
    assert entry["task"] == "cases.verify_documents"
    assert entry["schedule"].day_of_week == {0}
