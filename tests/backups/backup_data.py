"""Data, keys and comparisons shared by the backup tests (plain functions, not fixtures)."""

import hashlib
import uuid
from contextlib import contextmanager
from pathlib import Path

import psycopg
from django.core.files.base import ContentFile
from django.db import connection

from cases.services.status import case_change_status
from tests import factories
from tracker.backups import databases
from tracker.backups.keys import identity_file_text, keypair_generate
from tracker.backups.signing import signing_keypair_generate

# The server's signing key in these tests (tests/backups/conftest.py sets and trusts it).
SIGNING_KEY, SIGNING_PUBLIC = signing_keypair_generate()


def make_keys(directory: Path) -> tuple[str, Path]:
    """(public key text, secret key file), as `manage.py backup_keygen` makes them."""
    identity, recipient = keypair_generate()
    identity_path = directory / "backup-key.txt"
    identity_path.write_text(identity_file_text(identity, recipient, "test"))
    return recipient + "\n", identity_path


def populate(*, generated_cases: int = 5) -> None:
    """The demo-like case (aliases in several scripts, sources with files, citations, history) plus generated cases."""
    editor = factories.UserFactory(username="backup-editor")
    detainee = factories.PersonFactory(name="Serikzhan Bilash", slug="serikzhan-bilash")
    factories.PersonNameFactory(person=detainee, name="Серикжан Билаш", kind="transliteration")
    factories.PersonNameFactory(person=detainee, name="Серікжан Біләш", kind="transliteration")
    witness = factories.PersonFactory(name="Planted Restricted Witness", visibility="restricted")
    case = factories.CaseFactory(title="Detention of Serikzhan Bilash (2019)", slug="bilash-2019", by=editor)
    factories.TeamMemberFactory(case=case, user=editor, role="staff")
    factories.ParticipantFactory(case=case, person=detainee)
    factories.ParticipantFactory(case=case, person=witness, role="witness", visibility="restricted")
    article = factories.SourceFactory(title="RFE/RL: activist detained", publisher=factories.OrganizationFactory())
    article.file.save("rferl-bilash.html", ContentFile(b"<p>Almaty, March 10 2019 ...</p>"))
    testimony = factories.SourceFactory(kind="testimony", visibility="restricted")
    testimony.file.save("testimony.pdf", ContentFile(bytes(range(256)) * 40))
    detention = factories.DetentionFactory(case=case, detainee=detainee)
    charge = factories.ChargeFactory(case=case, defendant=detainee)
    factories.CitationFactory(source=article, case=case)
    factories.CitationFactory(source=article, detention=detention)
    factories.CitationFactory(source=testimony, charge=charge, locator="p. 2")
    case_change_status(case=case, status="charged", by=editor, note="charged under Art. 174")
    for number in range(generated_cases):
        generated = factories.CaseFactory()
        participant = factories.ParticipantFactory(case=generated)
        source = factories.SourceFactory()
        source.file.save(f"generated-{number}.txt", ContentFile(f"document {number} {uuid.uuid4()}".encode()))
        factories.CitationFactory(source=source, participant=participant)
        factories.EventFactory(case=generated)
        case_change_status(case=generated, status="released", by=editor)


def file_hashes(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


def all_rows(cursor) -> dict[str, list[tuple]]:
    """Every row of every model's table, ordered by primary key."""
    rows = {}
    for model in databases.tracked_models():
        table, pk = model._meta.db_table, model._meta.pk.column
        cursor.execute(f'SELECT * FROM "{table}" ORDER BY "{pk}"')
        rows[model._meta.label] = [tuple(row) for row in cursor.fetchall()]
    return rows


def source_rows() -> dict[str, list[tuple]]:
    """Through the driver itself, as target_rows reads, not through Django's type converters."""
    return target_rows(connection.settings_dict)


@contextmanager
def scratch_postgres():
    """A fresh, empty PostgreSQL database beside the test one; yields its Django settings dict."""
    name = f"tracker_restore_{uuid.uuid4().hex[:12]}"
    admin = {**databases._pg_params(connection.settings_dict), "dbname": "postgres"}
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {**connection.settings_dict, "NAME": name}
    finally:
        with psycopg.connect(**admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def target_rows(settings_dict: dict) -> dict[str, list[tuple]]:
    if databases.vendor_of(settings_dict) == "postgresql":
        with psycopg.connect(**databases._pg_params(settings_dict)) as conn:
            return all_rows(conn.cursor())
    conn = databases._sqlite_connect(settings_dict)
    try:
        return all_rows(conn.cursor())
    finally:
        conn.close()


def record_upload_hashes() -> None:
    """Give every source the SHA-256 of its file, as the admin does on upload (the factories leave it empty)."""
    from cases.models import Source

    for source in Source.objects.exclude(file=""):
        Source.objects.filter(pk=source.pk).update(
            sha256=hashlib.sha256(Path(source.file.path).read_bytes()).hexdigest()
        )


def repack(archive: Path, identity: Path, recipients: str, edit) -> None:
    """Rebuild an archive as someone holding only the public key could: edit(members) changes the dict in place."""
    import io
    import tarfile

    import pyrage

    from tracker.backups.keys import identities_read, recipients_parse

    plain = io.BytesIO(pyrage.decrypt(archive.read_bytes(), identities_read(identity)))
    with tarfile.open(fileobj=plain) as source:
        members = {m.name: source.extractfile(m).read() for m in source.getmembers()}
    edit(members)
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    archive.write_bytes(pyrage.encrypt(out.getvalue(), recipients_parse(recipients)))


@contextmanager
def fresh_target(tmp_path: Path):
    """An empty database of the test database's vendor, which is what an archive of it restores into."""
    if connection.vendor == "postgresql":
        with scratch_postgres() as target:
            yield target
        return
    yield {"ENGINE": "django.db.backends.sqlite3", "NAME": tmp_path / "fresh.sqlite3"}
