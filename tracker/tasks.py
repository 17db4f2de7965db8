"""Scheduled backups (celery beat, see CELERY_BEAT_SCHEDULE) and the check that they keep happening."""

import datetime as dt
import logging
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from tracker.backups.alerts import backup_alert_send
from tracker.backups.services import archives_list, backup_create, backups_prune

logger = logging.getLogger(__name__)


def last_success(directory: Path) -> dt.datetime | None:
    archives = archives_list(directory)
    if not archives:
        return None
    return dt.datetime.fromtimestamp(archives[-1].stat().st_mtime, tz=dt.UTC)


def backup_is_stale(directory: Path, now: dt.datetime) -> bool:
    latest = last_success(directory)
    return latest is None or now - latest > dt.timedelta(hours=settings.BACKUP_MAX_AGE_HOURS)


# Long jobs opt out of the alerts' short limits: acknowledged on receipt (a backup lost with its
# worker is caught by the freshness check, while a redelivered one would run twice) and allowed hours.
LONG_JOB = {"acks_late": False, "soft_time_limit": 6 * 3600, "time_limit": 6 * 3600 + 60}


@shared_task(**LONG_JOB)
def backup_run() -> str | None:
    """Make today's archive and keep the newest BACKUP_KEEP; on any failure, tell staff."""
    directory = Path(settings.BACKUP_DIR)
    try:
        result = backup_create(directory=directory, recipients_text=settings.BACKUP_RECIPIENTS)
        backups_prune(directory=directory, keep=settings.BACKUP_KEEP)
    except Exception as exc:
        # Any failure, expected or not, must reach a person: a silent backup failure is found only after a loss.
        logger.exception("backup failed")
        backup_alert_send(
            problem=_("The backup failed: %(error)s") % {"error": exc}, last_success=last_success(directory)
        )
        return None
    logger.info("backup written: %s", result.path.name)
    if result.missing_documents:
        backup_alert_send(problem=missing_documents_problem(result.missing_documents), last_success=timezone.now())
    return str(result.path)


def missing_documents_problem(names: list[str]) -> str:
    return _(
        "The backup was made, but %(count)d document(s) that records refer to are missing from the media folder"
        " and could not be backed up, e.g. %(name)s."
    ) % {"count": len(names), "name": names[0]}


@shared_task
def backup_check_freshness() -> bool:
    """Tell staff when no backup has succeeded for longer than BACKUP_MAX_AGE_HOURS; return whether it was fresh."""
    directory = Path(settings.BACKUP_DIR)
    if not backup_is_stale(directory, timezone.now()):
        return True
    backup_alert_send(
        problem=_("No backup has succeeded for more than %(hours)d hours.") % {"hours": settings.BACKUP_MAX_AGE_HOURS},
        last_success=last_success(directory),
    )
    return False
