"""A capture of a page served locally, end to end: Chromium, the WARC, the manifest, the local RFC 3161 authority."""

import hashlib
import io
import json
import quopri
import subprocess
import zipfile

import pytest
from django.urls import reverse
from warcio.archiveiterator import ArchiveIterator

from cases.evidence.manifest import manifest_files
from cases.evidence.running import capture_run
from cases.evidence.services import capture_request
from cases.evidence.timestamps import timestamp_verify
from cases.models import SourceCapture
from tests.factories import SourceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def run_capture(source, by=None) -> SourceCapture:
    capture = capture_request(source=source, by=by)
    # In-process and synchronous; tests/evidence/test_worker.py runs it on a real worker.
    capture_run(capture.pk)
    capture.refresh_from_db()
    return capture


def test_a_local_page_is_captured_whole_and_timestamped(capturing, page_server, staff_member, tsa):
    source = SourceFactory(url=page_server.url("/moved"), visibility="internal")
    capture = run_capture(source, by=staff_member)

    assert capture.state == "succeeded", capture.failure_reason
    assert capture.final_url == page_server.url("/article")
    assert capture.http_status == 200
    assert capture.response_headers["X-Served-By"] == "local-test-server"
    assert "Chromium" in capture.method and "Playwright" in capture.method and "warcio" in capture.method
    files = {stored.kind: stored for stored in capture.files.all()}
    assert sorted(files) == ["headers", "html", "pdf", "png", "warc"]
    for stored in files.values():
        content = stored.file.read()
        assert hashlib.sha256(content).hexdigest() == stored.sha256
        assert len(content) == stored.size > 0
    assert files["png"].file.open("rb").read(8) == b"\x89PNG\r\n\x1a\n"
    assert files["pdf"].file.open("rb").read(5) == b"%PDF-"
    # MHTML: the rendered page and its resources in one file, quoted-printable inside.
    assert b"Serikzhan Bilash was detained" in quopri.decodestring(files["html"].file.open("rb").read())

    # The WARC holds the redirect, the document and the stylesheet; the metadata address was never asked.
    responses = {
        record.rec_headers.get_header("WARC-Target-URI"): record.content_stream().read()
        for record in ArchiveIterator(files["warc"].file.open("rb"))
        if record.rec_type == "response"
    }
    assert set(responses) == {page_server.url("/moved"), page_server.url("/article"), page_server.url("/style.css")}
    assert b"Serikzhan Bilash" in responses[page_server.url("/article")]

    manifest = capture.manifest.open("rb").read()
    assert hashlib.sha256(manifest).hexdigest() == capture.manifest_sha256
    log = json.loads(manifest)
    assert log["url"] == page_server.url("/moved") and log["operator"] == staff_member.username
    assert log["captured_at_utc"].endswith("+00:00")
    # The image and the page's WebSocket, both aimed at the metadata address: neither was opened.
    assert sorted(log["blocked_requests"]) == ["http://169.254.169.254/latest/meta-data/", "ws://169.254.169.254/socket"]
    assert manifest_files(manifest) == {stored.name: stored.sha256 for stored in files.values()}

    token = capture.timestamp_token.open("rb").read()
    assert timestamp_verify(token, manifest).tst_info.message_imprint.message == hashlib.sha256(manifest).digest()
    assert capture.timestamp_authority == tsa.NAME
    assert capture.integrity == "intact"


def test_the_source_page_and_the_bundle_verify_with_openssl_alone(
    capturing, page_server, staff_member, client, tmp_path, django_assert_max_num_queries
):
    source = SourceFactory(url=page_server.url("/article"), visibility="internal")
    capture = run_capture(source, by=staff_member)
    client.force_login(staff_member)

    with django_assert_max_num_queries(12):
        page = client.get(reverse("documents:source", args=[source.uid]))
    text = page.content.decode()
    assert page.status_code == 200
    assert f"{capture.captured_at:%H:%M:%S} UTC" in text
    assert f"SHA-256 {capture.manifest_sha256}" in text
    assert "timestamped by Local Test Time-Stamp Authority" in text

    bundle = client.get(reverse("documents:capture-bundle", args=[capture.uid]))
    assert bundle.status_code == 200 and "no-store" in bundle["Cache-Control"]
    with zipfile.ZipFile(io.BytesIO(b"".join(bundle.streaming_content))) as archive:
        archive.extractall(tmp_path / "bundle")
        names = set(archive.namelist())
    assert {"manifest.json", "manifest.tsr", "tsa-roots.pem", "README.txt", "files/print.pdf"} <= names
    folder = tmp_path / "bundle"
    verified = subprocess.run(
        ["openssl", "ts", "-verify", "-data", "manifest.json", "-in", "manifest.tsr", "-CAfile", "tsa-roots.pem"],
        cwd=folder, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert verified.returncode == 0 and "Verification: OK" in verified.stdout, verified.stderr
    listed = manifest_files((folder / "manifest.json").read_bytes())
    for name, digest in listed.items():
        assert hashlib.sha256((folder / "files" / name).read_bytes()).hexdigest() == digest


def test_captures_are_for_signed_in_readers_of_the_source(capturing, page_server, staff_member, client, other_lawyer):
    source = SourceFactory(url=page_server.url("/article"), visibility="restricted")
    capture = run_capture(source, by=staff_member)
    bundle = reverse("documents:capture-bundle", args=[capture.uid])
    page = reverse("documents:source", args=[source.uid])
    assert client.get(bundle).status_code == 404  # anonymous: the operator's name is in the log
    assert client.get(page).status_code == 404
    client.force_login(other_lawyer)  # on no team: the restricted source is hidden, as if missing
    assert client.get(bundle).status_code == 404
    assert client.get(page).status_code == 404
    assert client.get(reverse("documents:capture-file", args=[capture.uid, "pdf"])).status_code == 404
