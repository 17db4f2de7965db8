"""The commands staff run, including the restore steps of docs/backups.md end to end."""

import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pyrage
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.backups.backup_data import make_keys
from tracker.backups import databases
from tracker.backups.keys import recipients_parse
from tracker.backups.progress import terminal_progress
from tracker.backups.signing import signing_key_parse

ROOT = Path(__file__).resolve().parents[2]


def test_keygen_writes_a_private_secret_key_and_prints_the_public_one(tmp_path, capsys):
    key = tmp_path / "backup-key.txt"
    call_command("backup_keygen", identity_file=key)

    public = capsys.readouterr().out.strip()
    assert public.startswith("age1")
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert f"# public key: {public}" in key.read_text()
    assert "AGE-SECRET-KEY-1" in key.read_text()
    with pytest.raises(CommandError, match="already exists; choose another name"):
        call_command("backup_keygen", identity_file=key)


def test_keygen_writes_a_private_signing_key_and_prints_its_public_key(tmp_path, capsys):
    key = tmp_path / "signing.key"
    call_command("backup_keygen", signing_key_file=key)

    public = capsys.readouterr().out.strip()
    assert public.startswith("RW") and len(public) == 56  # a minisign public key
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert f"public key (add it to BACKUP_TRUSTED_SIGNERS): {public}" in key.read_text()
    assert signing_key_parse(key.read_text()).signer.public_text == public
    with pytest.raises(CommandError, match="already exists; choose another name"):
        call_command("backup_keygen", signing_key_file=key)


def test_backup_without_a_signing_key_says_how_to_set_one(tmp_path, settings):
    settings.BACKUP_RECIPIENTS, _identity = make_keys(tmp_path)
    settings.BACKUP_SIGNING_KEY = ""
    with pytest.raises(CommandError, match="No key to sign backups with: set BACKUP_SIGNING_KEY_FILE"):
        call_command("backup", output_dir=tmp_path)


def test_backup_without_a_public_key_says_how_to_set_one(tmp_path, settings):
    settings.BACKUP_RECIPIENTS = ""
    with pytest.raises(CommandError, match="No public key to encrypt backups with: set BACKUP_RECIPIENTS"):
        call_command("backup", output_dir=tmp_path)


def test_restore_refuses_a_file_that_is_no_archive_and_the_wrong_key(tmp_path):
    archive = tmp_path / "tracker-backup-x.tar.age"
    archive.write_bytes(b"not an age file")
    (tmp_path / "other").mkdir()
    recipients, identity = make_keys(tmp_path)
    _other_recipients, other_identity = make_keys(tmp_path / "other")
    with pytest.raises(CommandError, match="is not an encrypted backup archive"):
        call_command("restore", str(archive), identity=identity)

    archive.write_bytes(pyrage.encrypt(b"anything", recipients_parse(recipients)))
    with pytest.raises(CommandError, match="This key cannot open the archive"):
        call_command("restore", str(archive), identity=other_identity)


def test_check_fails_when_there_is_no_recent_backup(tmp_path):
    with pytest.raises(CommandError, match="No backup newer than 24 hours"):
        call_command("backup", output_dir=tmp_path, check=True)


def _manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_documented_restore_steps_work_on_a_fresh_embedded_instance(tmp_path):
    """docs/backups.md, "Test a restore": keygen, backup, lose everything, restore, verify."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env["TRACKER_VAR_DIR"] = str(tmp_path / "var")
    if connection.vendor == "sqlite":  # the migrated test database is what `migrate` makes, without its 10 s
        (tmp_path / "var").mkdir()
        databases.snapshot_take(connection.settings_dict, tmp_path / "var" / "tracker.sqlite3")
    else:
        assert _manage(env, "migrate", "--no-input", "-v0").returncode == 0
    keygen = _manage(env, "backup_keygen", "--identity-file", str(tmp_path / "key.txt"))
    document = tmp_path / "var" / "media" / "sources" / "2019" / "03" / "ruling.pdf"
    document.parent.mkdir(parents=True)
    document.write_bytes(b"%PDF court ruling")
    env["BACKUP_RECIPIENTS"] = keygen.stdout.strip()
    signing = _manage(env, "backup_keygen", "--signing-key-file", str(tmp_path / "signing.key"))
    env["BACKUP_SIGNING_KEY_FILE"] = str(tmp_path / "signing.key")
    env["BACKUP_TRUSTED_SIGNERS"] = signing.stdout.strip()
    backup = _manage(env, "backup")
    assert backup.returncode == 0, backup.stderr
    assert backup.stderr == ""  # quiet when not on a terminal, as under cron
    archive = backup.stdout.removeprefix("Backup written: ").strip()

    for path in (tmp_path / "var").glob("tracker.sqlite3*"):
        path.unlink()
    document.unlink()
    restore = _manage(env, "restore", archive, "--identity", str(tmp_path / "key.txt"))

    assert restore.returncode == 0, restore.stderr
    assert "Restored and verified:" in restore.stdout
    assert "1 documents." in restore.stdout
    assert document.read_bytes() == b"%PDF court ruling"
    again = _manage(env, "restore", archive, "--identity", str(tmp_path / "key.txt"))
    assert again.returncode == 0  # only what migrate seeds: still an empty instance


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_and_silence_elsewhere():
    assert terminal_progress(io.StringIO()) is None
    terminal = _Terminal()
    show = terminal_progress(terminal)
    show("Documents", 1, 4)
    show("Documents", 4, 4)
    assert terminal.getvalue() == (
        "\rDocuments: [#######.......................] 1/4\rDocuments: [##############################] 4/4\n"
    )
