"""Make, prune and restore backups. The management commands and the Celery tasks call these."""

import contextlib
import datetime as dt
import os
import platform
import shutil
import tarfile
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

import django
from django.conf import settings
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

from tracker import page_cache
from tracker.backups import archive, databases, signing
from tracker.backups.errors import BackupError
from tracker.backups.keys import identities_read, recipients_parse
from tracker.backups.selectors import ARCHIVE_PREFIX, ARCHIVE_SUFFIX, archives_list

DUMP_NAMES = {"postgresql": "database/snapshot.pgdump", "sqlite": "database/snapshot.sqlite3"}


@dataclass
class BackupResult:
    path: Path
    counts: dict[str, int]
    # Referenced by a record but absent from MEDIA_ROOT: the archive cannot hold them, and staff must know.
    missing_documents: list[str]
    # On disk but not what their record says was uploaded: backed up as found, and reported.
    altered_documents: list[str]


@dataclass
class RestoreReport:
    counts: dict[str, int]
    documents: int
    missing_documents: list[str]
    altered_documents: list[str]
    signer: str
    # Files that were in the media folder but not in the archive, moved (not deleted) into set_aside_dir.
    set_aside: list[str]
    set_aside_dir: Path | None


def archive_name(now: dt.datetime) -> str:
    return f"{ARCHIVE_PREFIX}{now.astimezone(dt.UTC):%Y%m%dT%H%M%S%fZ}{ARCHIVE_SUFFIX}"


def tracker_version() -> str:
    with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["project"]["version"]


def _manifest(
    snapshot: databases.Snapshot, files: dict, problems: dict[str, list[str]], now: dt.datetime, signer: signing.Signer
) -> dict:
    return {
        "format": archive.FORMAT,
        "format_version": archive.FORMAT_VERSION,
        "created_at": now.isoformat(),
        "versions": {
            "tracker": tracker_version(),
            "python": platform.python_version(),
            "django": django.get_version(),
            "database_server": snapshot.server_version,
            "dump_tool": snapshot.tool_version,
        },
        "database": {"vendor": snapshot.vendor, "file": DUMP_NAMES[snapshot.vendor]},
        "signer": {"key_id": signer.key_id, "public_key": signer.public_text},
        "migrations": snapshot.state.migrations,
        "counts": snapshot.state.counts,
        "documents": snapshot.state.documents,
        "recorded_hashes": snapshot.state.recorded_hashes,
        # Referenced by a record but absent from MEDIA_ROOT when the backup ran: said, not hidden.
        "missing_documents": problems["missing"],
        # Present but not what the record says was uploaded: said too, and a restore accepts only these.
        "altered_documents": problems["altered"],
        "files": files,
    }


def backup_create(
    *,
    directory: Path,
    recipients_text: str,
    signing_key_text: str | None = None,
    database: dict | None = None,
    media_root: Path | None = None,
    progress: archive.Progress | None = None,
) -> BackupResult:
    """Write one signed, encrypted archive into directory; it gets its final name only once verified."""
    recipients = recipients_parse(recipients_text)
    key = signing.signing_key_parse(settings.BACKUP_SIGNING_KEY if signing_key_text is None else signing_key_text)
    database = database or settings.DATABASES["default"]
    media_root = Path(media_root or settings.MEDIA_ROOT)
    directory.mkdir(parents=True, exist_ok=True)
    now = timezone.now()
    final = directory / archive_name(now)
    partial = final.with_name(final.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="tracker-backup-") as work:
        dump, plain = Path(work) / "snapshot", Path(work) / "backup.tar"
        # The database first: a document uploaded afterwards is an extra file, never a dangling reference.
        snapshot = databases.snapshot_take(database, dump)
        problems = _write_tar(plain, dump, snapshot, media_root, directory, now, key, progress)
        # Read back what was written, as a restore will read it: a bad archive is never named as a backup.
        archive.verify(plain, {key.signer.key_number: key.signer})
        try:
            archive.encrypt(plain, partial, recipients)
            with open(partial, "rb") as handle:
                os.fsync(handle.fileno())
            partial.replace(final)
        finally:
            partial.unlink(missing_ok=True)
    return BackupResult(
        path=final,
        counts=snapshot.state.counts,
        missing_documents=problems["missing"],
        altered_documents=problems["altered"],
    )


def _write_tar(
    plain: Path,
    dump: Path,
    snapshot: databases.Snapshot,
    media_root: Path,
    backup_dir: Path,
    now: dt.datetime,
    key: signing.SigningKey,
    progress: archive.Progress | None,
) -> dict[str, list[str]]:
    """Pack the dump, every document and the signed manifest; return the documents missing or altered on disk."""
    files: dict[str, dict] = {}
    dump_name = DUMP_NAMES[snapshot.vendor]
    # Older archives never go inside a new one, even if BACKUP_DIR is put under MEDIA_ROOT.
    documents = [path for path in archive.media_files(media_root) if backup_dir.resolve() not in path.resolve().parents]
    with tarfile.open(plain, "w:", format=tarfile.PAX_FORMAT) as tar:
        files[dump_name] = archive.tar_add_file(tar, dump, dump_name)
        for number, path in enumerate(documents, start=1):
            member = "media/" + path.relative_to(media_root).as_posix()
            # Deleted since it was listed: skipped; if a record still names it, `missing` says so.
            with contextlib.suppress(FileNotFoundError):
                files[member] = archive.tar_add_file(tar, path, member)
            if progress:
                progress(_("Documents"), number, len(documents))
        problems = {
            "missing": [name for name in snapshot.state.documents if f"media/{name}" not in files],
            "altered": sorted(
                name
                for name, recorded in snapshot.state.recorded_hashes.items()
                if f"media/{name}" in files and files[f"media/{name}"]["sha256"] != recorded
            ),
        }
        archive.tar_add_manifest(tar, _manifest(snapshot, files, problems, now, key.signer), key)
    return problems


def backups_prune(*, directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` archives; return what was deleted."""
    if keep < 1:
        raise BackupError(_("Keeping fewer than one backup would delete them all."))
    old = archives_list(directory)[:-keep]
    for path in old:
        path.unlink()
    return old


def _check_compatible(manifest: dict, database: dict) -> None:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [f"{app}.{name}" for app, name in manifest["migrations"] if (app, name) not in known]
    if unknown:
        raise BackupError(
            _("The archive was made by a newer version of the tracker (migrations %(names)s); update the code first.")
            % {"names": ", ".join(unknown[:3])}
        )
    vendor = databases.vendor_of(database)
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(
            _("The archive holds a %(archived)s database; this instance uses %(target)s.")
            % {"archived": manifest["database"]["vendor"], "target": vendor}
        )


def _media_targets(manifest: dict, media_root: Path) -> dict[str, Path]:
    return {name: media_root / name.removeprefix("media/") for name in manifest["files"] if name.startswith("media/")}


def _check_target_empty(database: dict, targets: dict[str, Path], manifest: dict) -> None:
    with_data = databases.holds_data(databases.state_read(database).counts)
    if with_data:
        raise BackupError(
            _("The target database already holds data (%(models)s); restore into an empty one or use --force.")
            % {"models": ", ".join(with_data[:5])}
        )
    for name, path in targets.items():
        if path.exists() and archive.sha256_file(path) != manifest["files"][name]["sha256"]:
            raise BackupError(
                _("%(path)s already exists with other content. Restore into an empty media folder, or use --force.")
                % {"path": path}
            )


def _media_set_aside(media_root: Path, targets: dict[str, Path], now: dt.datetime) -> tuple[Path | None, list[str]]:
    """Move every file the archive does not hold out of the media folder, into a dated folder beside it.

    Moved, not deleted: a document uploaded after the backup may be the only copy left.
    """
    wanted = set(targets.values())
    # Older archives stay where they are, even if BACKUP_DIR is put under MEDIA_ROOT.
    backup_dir = Path(settings.BACKUP_DIR).resolve()
    strays = [
        path
        for path in sorted(media_root.rglob("*"))
        if (path.is_file() or path.is_symlink()) and path not in wanted and backup_dir not in path.resolve().parents
    ]
    if not strays:
        return None, []
    aside = media_root.parent / f"{media_root.name}-set-aside-{now.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"
    for path in strays:
        destination = aside / path.relative_to(media_root)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(path, destination)
    for folder in sorted((p for p in media_root.rglob("*") if p.is_dir()), reverse=True):
        with contextlib.suppress(OSError):
            folder.rmdir()  # only the folders the move left empty
    return aside, [path.relative_to(media_root).as_posix() for path in strays]


def _reverify(database: dict, targets: dict[str, Path], manifest: dict) -> databases.State:
    state = databases.state_read(database)
    if state.counts != manifest["counts"]:
        expected = manifest["counts"]
        wrong = sorted(k for k in set(state.counts) | set(expected) if state.counts.get(k) != expected.get(k))
        raise BackupError(
            _("After the restore the record counts differ from the manifest: %(models)s") % {"models": ", ".join(wrong)}
        )
    if state.documents != manifest["documents"] or state.recorded_hashes != manifest["recorded_hashes"]:
        raise BackupError(_("After the restore the records refer to other documents than the manifest lists."))
    for name, path in targets.items():
        if not path.is_file() or archive.sha256_file(path) != manifest["files"][name]["sha256"]:
            raise BackupError(_("After the restore %(path)s is missing or differs from the archive.") % {"path": path})
    return state


def backup_restore(
    *,
    archive_path: Path,
    identity_path: Path,
    trusted_signers_text: str | None = None,
    database: dict | None = None,
    media_root: Path | None = None,
    force: bool = False,
    progress: archive.Progress | None = None,
) -> RestoreReport:
    """Decrypt and verify everything first; only then replace the database and documents, then check again."""
    identities = identities_read(identity_path)
    trusted = signing.signers_parse(
        settings.BACKUP_TRUSTED_SIGNERS if trusted_signers_text is None else trusted_signers_text
    )
    database = database or settings.DATABASES["default"]
    media_root = Path(media_root or settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="tracker-restore-") as work:
        plain = Path(work) / "backup.tar"
        archive.decrypt(Path(archive_path), plain, identities)
        manifest = archive.verify(plain, trusted, progress)
        _check_compatible(manifest, database)
        targets = _media_targets(manifest, media_root)
        if not force:
            _check_target_empty(database, targets, manifest)
        dump = Path(work) / "snapshot"
        archive.extract_member(plain, manifest["database"]["file"], dump)
        databases.snapshot_load(database, dump)
        # Loaded by pg_restore or SQLite's backup API, outside Django: no write of it was seen.
        page_cache.invalidate()
        archive.extract_members(plain, targets, progress)
    set_aside_dir, set_aside = _media_set_aside(media_root, targets, timezone.now())
    state = _reverify(database, targets, manifest)
    return RestoreReport(
        counts=state.counts,
        documents=len(targets),
        missing_documents=manifest["missing_documents"],
        altered_documents=manifest["altered_documents"],
        signer=manifest["signer"]["key_id"],
        set_aside=set_aside,
        set_aside_dir=set_aside_dir,
    )
