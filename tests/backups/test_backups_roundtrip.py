"""Backup -> restore into a fresh database: every row and every document come back equal."""

import json
import tarfile

import pyrage
import pytest
from django.db import connection

from tests.backups.backup_data import file_hashes, make_keys, populate, scratch_postgres, source_rows, target_rows
from tracker.backups import archive
from tracker.backups.keys import identities_read
from tracker.backups.services import backup_create, backup_restore

# Committed data is what another process (pg_dump, the SQLite backup API) can see.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _round_trip(tmp_path, media_root, target: dict) -> None:
    populate()
    recipients, identity = make_keys(tmp_path)
    path = backup_create(directory=tmp_path / "backups", recipients_text=recipients).path
    restored_media = tmp_path / "restored-media"

    report = backup_restore(archive_path=path, identity_path=identity, database=target, media_root=restored_media)

    restored, original = target_rows(target), source_rows()
    for label in original:
        assert restored[label] == original[label], label
    assert restored == original
    assert file_hashes(restored_media) == file_hashes(media_root)
    assert len(file_hashes(media_root)) == 7  # 2 demo documents + 5 generated
    assert report.documents == 7
    assert report.counts["cases.Case"] == 6
    assert report.counts["cases.Citation"] == 8


def test_round_trip_sqlite(tmp_path, media_root):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite path runs in the suite without DATABASE_URL")
    target = {"ENGINE": "django.db.backends.sqlite3", "NAME": tmp_path / "fresh.sqlite3"}
    _round_trip(tmp_path, media_root, target)


@pytest.mark.postgres
def test_round_trip_postgres(tmp_path, media_root):
    with scratch_postgres() as target:
        _round_trip(tmp_path, media_root, target)


def test_manifest_lists_versions_counts_and_every_file_hash(tmp_path, media_root):
    populate(generated_cases=1)
    recipients, identity = make_keys(tmp_path)
    path = backup_create(directory=tmp_path / "backups", recipients_text=recipients).path
    plain = tmp_path / "plain.tar"
    pyrage.decrypt_file(str(path), str(plain), identities_read(identity))

    with tarfile.open(plain) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        members = {m.name for m in tar.getmembers()} - {"manifest.json", "manifest.json.minisig"}

    assert set(manifest["files"]) == members
    assert manifest["database"]["vendor"] == connection.vendor
    assert {"tracker", "python", "django", "database_server", "dump_tool"} <= set(manifest["versions"])
    assert manifest["counts"]["cases.Case"] == 2
    assert manifest["counts"]["people.PersonName"] == 2
    assert manifest["missing_documents"] == []
    assert ["cases", "0001_initial"] in manifest["migrations"]
    documents = {f"media/{name}" for name in manifest["documents"]}
    assert documents == {name for name in members if name.startswith("media/")}
    for name in documents:
        assert manifest["files"][name]["sha256"] == archive.sha256_file(media_root / name.removeprefix("media/"))


def test_archive_is_unreadable_without_the_secret_key(tmp_path, media_root):
    populate(generated_cases=0)
    recipients, _identity = make_keys(tmp_path)
    path = backup_create(directory=tmp_path / "backups", recipients_text=recipients).path
    raw = path.read_bytes()
    assert raw.startswith(b"age-encryption.org/v1")
    for planted in (b"Planted Restricted Witness", b"Serikzhan", b"Almaty, March 10"):
        assert planted not in raw
