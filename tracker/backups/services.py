"""Make, prune and restore backups. The management commands and the Celery tasks call these."""

import contextlib
import datetime as dt
import os
import platform
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
from tracker.backups import archive, databases
from tracker.backups.errors import BackupError
from tracker.backups.keys import identities_read, recipients_parse

ARCHIVE_PREFIX = "tracker-backup-"
ARCHIVE_SUFFIX = ".tar.age"
DUMP_NAMES = {"postgresql": "database/snapshot.pgdump", "sqlite": "database/snapshot.sqlite3"}


@dataclass
class BackupResult:
    path: Path
    counts: dict[str, int]
    # Referenced by a record but absent from MEDIA_ROOT: the archive cannot hold them, and staff must know.
    missing_documents: list[str]


@dataclass
class RestoreReport:
    counts: dict[str, int]
    documents: int
    missing_documents: list[str]


def archive_name(now: dt.datetime) -> str:
    return f"{ARCHIVE_PREFIX}{now.astimezone(dt.UTC):%Y%m%dT%H%M%S%fZ}{ARCHIVE_SUFFIX}"


def archives_list(directory: Path) -> list[Path]:
    """Finished archives, oldest first (the name sorts by time; .partial files are not finished)."""
    if not directory.is_dir():
        return []
    return sorted(
        p for p in directory.iterdir() if p.name.startswith(ARCHIVE_PREFIX) and p.name.endswith(ARCHIVE_SUFFIX)
    )


def tracker_version() -> str:
    with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["project"]["version"]


def _manifest(snapshot: databases.Snapshot, files: dict, missing: list[str], now: dt.datetime) -> dict:
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
        "migrations": snapshot.migrations,
        "counts": snapshot.counts,
        "documents": snapshot.documents,
        # Referenced by a record but absent from MEDIA_ROOT when the backup ran: said, not hidden.
        "missing_documents": missing,
        "files": files,
    }


def backup_create(
    *,
    directory: Path,
    recipients_text: str,
    database: dict | None = None,
    media_root: Path | None = None,
    progress: archive.Progress | None = None,
) -> BackupResult:
    """Write one encrypted archive into directory."""
    recipients = recipients_parse(recipients_text)
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
        missing = _write_tar(plain, dump, snapshot, media_root, directory, now, progress)
        try:
            archive.encrypt(plain, partial, recipients)
            with open(partial, "rb") as handle:
                os.fsync(handle.fileno())
            partial.replace(final)
        finally:
            partial.unlink(missing_ok=True)
    return BackupResult(path=final, counts=snapshot.counts, missing_documents=missing)


def _write_tar(
    plain: Path,
    dump: Path,
    snapshot: databases.Snapshot,
    media_root: Path,
    backup_dir: Path,
    now: dt.datetime,
    progress: archive.Progress | None,
) -> list[str]:
    """Pack the dump, every document and the manifest; return the referenced documents that are not on disk."""
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
        missing = [name for name in snapshot.documents if f"media/{name}" not in files]
        archive.tar_add_manifest(tar, _manifest(snapshot, files, missing, now))
    return missing


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
    counts, _documents, _migrations = databases.state_read(database)
    with_data = databases.holds_data(counts)
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


def _reverify(database: dict, targets: dict[str, Path], manifest: dict) -> RestoreReport:
    counts, documents, _migrations = databases.state_read(database)
    if counts != manifest["counts"]:
        wrong = sorted(k for k in set(counts) | set(manifest["counts"]) if counts.get(k) != manifest["counts"].get(k))
        raise BackupError(
            _("After the restore the record counts differ from the manifest: %(models)s") % {"models": ", ".join(wrong)}
        )
    if documents != manifest["documents"]:
        raise BackupError(_("After the restore the records refer to other documents than the manifest lists."))
    for name, path in targets.items():
        if not path.is_file() or archive.sha256_file(path) != manifest["files"][name]["sha256"]:
            raise BackupError(_("After the restore %(path)s is missing or differs from the archive.") % {"path": path})
    return RestoreReport(counts=counts, documents=len(targets), missing_documents=manifest["missing_documents"])


def backup_restore(
    *,
    archive_path: Path,
    identity_path: Path,
    database: dict | None = None,
    media_root: Path | None = None,
    force: bool = False,
    progress: archive.Progress | None = None,
) -> RestoreReport:
    """Decrypt and verify everything first; only then replace the database and documents, then check again."""
    identities = identities_read(identity_path)
    database = database or settings.DATABASES["default"]
    media_root = Path(media_root or settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="tracker-restore-") as work:
        plain = Path(work) / "backup.tar"
        archive.decrypt(Path(archive_path), plain, identities)
        manifest = archive.verify(plain, progress)
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
    return _reverify(database, targets, manifest)
