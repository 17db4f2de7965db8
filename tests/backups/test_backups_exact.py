"""`restore --force` leaves the media folder holding exactly the archive's documents; the rest is moved aside."""

import os
from functools import partial

import pytest
import time_machine
from django.core.management import call_command

from tests.backups.backup_data import file_hashes, fresh_target, make_keys, populate
from tracker.backups.services import backup_create, backup_restore
from tracker.management.commands import restore as restore_command

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_force_restore_moves_stray_files_into_a_dated_folder_and_lists_them(settings, tmp_path, capsys, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "media" / "backups"  # even there, archives are not strays
    populate(generated_cases=1)
    recipients, identity = make_keys(tmp_path)
    archive = backup_create(directory=settings.BACKUP_DIR, recipients_text=recipients).path
    backed_up = {name: digest for name, digest in file_hashes(settings.MEDIA_ROOT).items() if "backups/" not in name}
    stray = settings.MEDIA_ROOT / "sources" / "2031" / "01" / "uploaded-after-the-backup.pdf"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"%PDF newer than the backup")
    (settings.MEDIA_ROOT / "leftover.txt").write_text("from an older instance")
    os.symlink("/etc/hostname", settings.MEDIA_ROOT / "link")
    with fresh_target(tmp_path) as target, time_machine.travel("2031-01-02 03:04:05Z", tick=False):
        # The command, pointed at a scratch database rather than the test database it would replace.
        monkeypatch.setattr(restore_command, "backup_restore", partial(backup_restore, database=target))
        call_command("restore", str(archive), identity=identity, force=True)

    kept = {name: digest for name, digest in file_hashes(settings.MEDIA_ROOT).items() if "backups/" not in name}
    assert kept == backed_up
    assert (settings.BACKUP_DIR / archive.name).exists()
    aside = tmp_path / "media-set-aside-20310102T030405Z"
    assert (aside / "sources" / "2031" / "01" / "uploaded-after-the-backup.pdf").read_bytes() == (
        b"%PDF newer than the backup"
    )
    assert (aside / "leftover.txt").read_text() == "from an older instance"
    assert (aside / "link").is_symlink()
    assert not (settings.MEDIA_ROOT / "sources" / "2031").exists()  # emptied folders go too
    out = capsys.readouterr().out
    assert f"3 file(s) in the media folder were not in the archive; moved to {aside}:" in out
    assert "  leftover.txt\n  link\n  sources/2031/01/uploaded-after-the-backup.pdf\n" in out
