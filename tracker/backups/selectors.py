"""Reads about the backups on disk: which archives exist and how old the newest is."""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

ARCHIVE_PREFIX = "tracker-backup-"
ARCHIVE_SUFFIX = ".tar.age"


def archives_list(directory: Path) -> list[Path]:
    """Finished archives, oldest first (the name sorts by time; .partial files are not finished).

    An archive gets its final name only after it was read back and checked against its signed
    manifest (services.backup_create), so every archive listed here is a verified one.
    """
    if not directory.is_dir():
        return []
    return sorted(
        p for p in directory.iterdir() if p.name.startswith(ARCHIVE_PREFIX) and p.name.endswith(ARCHIVE_SUFFIX)
    )


def backup_last_verified(directory: Path) -> dt.datetime | None:
    archives = archives_list(directory)
    if not archives:
        return None
    return dt.datetime.fromtimestamp(archives[-1].stat().st_mtime, tz=dt.UTC)


@dataclass(frozen=True)
class BackupAge:
    """What the admin index, `manage.py check` and /healthz say about backups: times only, no names or paths."""

    last_verified: dt.datetime | None
    age_hours: float | None
    max_age_hours: int

    @property
    def stale(self) -> bool:
        return self.age_hours is None or self.age_hours > self.max_age_hours


def backup_age(now: dt.datetime, directory: Path | None = None) -> BackupAge:
    last = backup_last_verified(Path(directory or settings.BACKUP_DIR))
    age = None if last is None else max(0.0, (now - last).total_seconds() / 3600)
    return BackupAge(last_verified=last, age_hours=age, max_age_hours=settings.BACKUP_MAX_AGE_HOURS)


def backup_is_stale(directory: Path, now: dt.datetime) -> bool:
    return backup_age(now, directory).stale
