"""A damaged, altered or foreign archive, or a target holding data: refused clearly, nothing written."""

import hashlib
import io
import json
import sqlite3
import tarfile
from collections.abc import Callable

import pyrage
import pytest
from django.db import connection

from tests.backups.backup_data import SIGNING_KEY, file_hashes, make_keys, populate, scratch_postgres, target_rows
from tracker.backups import BackupError
from tracker.backups.keys import identities_read, recipients_parse
from tracker.backups.services import backup_create, backup_restore
from tracker.backups.signing import sign, signing_key_parse

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def made(settings, tmp_path):
    """A real archive of a small data set, its keys, and a target that already holds something."""
    settings.MEDIA_ROOT = tmp_path / "media"
    populate(generated_cases=1)
    recipients, identity = make_keys(tmp_path)
    path = backup_create(directory=tmp_path / "backups", recipients_text=recipients).path
    target = {"ENGINE": "django.db.backends.sqlite3", "NAME": tmp_path / "target.sqlite3"}
    with sqlite3.connect(target["NAME"]) as conn:
        conn.execute("CREATE TABLE sentinel (note TEXT)")
        conn.execute("INSERT INTO sentinel VALUES ('still here')")
    media = tmp_path / "target-media"
    (media / "sources").mkdir(parents=True)
    (media / "sources" / "kept.txt").write_text("kept")
    return {"path": path, "recipients": recipients, "identity": identity, "target": target, "media": media}


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rebuild(
    made, edit: Callable[[str, bytes], bytes | None], extra: dict[str, bytes] | None = None, signing_key: str = ""
) -> None:
    """Re-pack the archive with members edited (None drops one), encrypted to the right key: only hashes can tell.

    With signing_key, an edited manifest is signed again by that key, as its maker would have.
    """
    plain = io.BytesIO(pyrage.decrypt(made["path"].read_bytes(), identities_read(made["identity"])))
    out = io.BytesIO()
    with tarfile.open(fileobj=plain) as source, tarfile.open(fileobj=out, mode="w") as tar:
        members = {m.name: source.extractfile(m).read() for m in source.getmembers()}
        if signing_key:
            manifest = edit("manifest.json", members["manifest.json"])
            members["manifest.json.minisig"] = sign(manifest, signing_key_parse(signing_key), "re-signed")
        for name, data in [*members.items(), *(extra or {}).items()]:
            data = edit(name, data)
            if data is not None:
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    made["path"].write_bytes(pyrage.encrypt(out.getvalue(), recipients_parse(made["recipients"])))


def _first_document(name: str) -> bool:
    return name.startswith("media/") and name.endswith("rferl-bilash.html")


def _flip_byte(made):
    raw = bytearray(made["path"].read_bytes())
    raw[len(raw) // 2] ^= 0x01
    made["path"].write_bytes(bytes(raw))


def _truncate(made):
    made["path"].write_bytes(made["path"].read_bytes()[:-1000])


def _wrong_key(made):
    _recipients, other = make_keys(made["identity"].parent / "elsewhere")
    made["identity"] = other


def _no_archive(made):
    made["path"] = made["path"].with_name("no-such-backup.tar.age")


def _drop_document(made):
    _rebuild(made, lambda name, data: None if _first_document(name) else data)


def _alter_document(made):
    _rebuild(made, lambda name, data: data + b"<p>forged</p>" if _first_document(name) else data)


def _add_unlisted(made):
    _rebuild(made, lambda name, data: data, extra={"media/planted.txt": b"not from the backup"})


def _not_a_key(made):
    made["identity"].write_text("AGE-SECRET-KEY-1NOTAKEY\n")


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (_flip_byte, "The archive is damaged or cut short"),
        (_truncate, "The archive is damaged or cut short"),
        (_wrong_key, "This key cannot open the archive"),
        (_no_archive, "There is no archive at"),
        (_drop_document, "The archive is missing 1 file(s) its manifest lists"),
        (_alter_document, "rferl-bilash.html in the archive does not match its SHA-256 in the manifest"),
        (_add_unlisted, "The archive holds media/planted.txt, which its manifest does not list"),
        (_not_a_key, "holds a line that is not an age secret key"),
    ],
)
def test_bad_archive_is_refused_and_nothing_is_written(made, tmp_path, damage, message):
    (tmp_path / "elsewhere").mkdir()
    target_before = _digest(made["target"]["NAME"])
    media_before = file_hashes(made["media"])
    damage(made)

    with pytest.raises(BackupError) as refused:
        # Even with --force: a bad archive must never reach the target.
        backup_restore(
            archive_path=made["path"],
            identity_path=made["identity"],
            database=made["target"],
            media_root=made["media"],
            force=True,
        )

    assert message in str(refused.value)
    assert _digest(made["target"]["NAME"]) == target_before
    assert file_hashes(made["media"]) == media_before


def _fresh_target(tmp_path):
    if connection.vendor == "postgresql":
        return scratch_postgres()
    from contextlib import nullcontext

    return nullcontext({"ENGINE": "django.db.backends.sqlite3", "NAME": tmp_path / "fresh.sqlite3"})


def test_target_holding_data_is_refused_without_force(made, tmp_path):
    media = tmp_path / "restored-media"
    with _fresh_target(tmp_path) as target:
        restore = {"archive_path": made["path"], "identity_path": made["identity"], "database": target}
        backup_restore(**restore, media_root=media)
        rows_before = target_rows(target)

        with pytest.raises(BackupError) as refused:
            backup_restore(**restore, media_root=media)
        assert "The target database already holds data (auth.User, cases.Case" in str(refused.value)
        assert "use --force" in str(refused.value)
        assert target_rows(target) == rows_before

        backup_restore(**restore, media_root=media, force=True)
        assert target_rows(target) == rows_before


@pytest.mark.postgres
def test_altered_dump_leaves_a_postgres_target_untouched_even_with_force(made, tmp_path):
    with scratch_postgres() as target:
        restore = {"identity_path": made["identity"], "database": target, "media_root": tmp_path / "m"}
        backup_restore(archive_path=made["path"], **restore)
        rows_before = target_rows(target)
        _rebuild(made, lambda name, data: data[:-10] if name.startswith("database/") else data)

        with pytest.raises(BackupError, match=r"database/snapshot\.pgdump in the archive does not match its SHA-256"):
            backup_restore(archive_path=made["path"], **restore, force=True)
        assert target_rows(target) == rows_before


def test_archive_from_a_newer_version_is_refused_before_anything_is_written(made):
    target_before = _digest(made["target"]["NAME"])

    def add_future_migration(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"].append(["cases", "9999_from_the_future"])
        return json.dumps(manifest).encode()

    _rebuild(made, add_future_migration, signing_key=SIGNING_KEY)
    with pytest.raises(BackupError, match=r"made by a newer version of the tracker \(migrations cases\.9999_from_the"):
        backup_restore(
            archive_path=made["path"],
            identity_path=made["identity"],
            database=made["target"],
            media_root=made["media"],
            force=True,
        )
    assert _digest(made["target"]["NAME"]) == target_before


@pytest.mark.postgres
def test_sqlite_archive_is_refused_by_a_postgres_instance(tmp_path):
    recipients, identity = make_keys(tmp_path)
    sqlite_instance = {"ENGINE": "django.db.backends.sqlite3", "NAME": tmp_path / "laptop.sqlite3"}
    path = backup_create(directory=tmp_path, recipients_text=recipients, database=sqlite_instance).path
    with scratch_postgres() as target, pytest.raises(BackupError) as refused:
        backup_restore(archive_path=path, identity_path=identity, database=target, media_root=tmp_path / "m")
    assert str(refused.value) == "The archive holds a sqlite database; this instance uses postgresql."
