"""Scheduled backups (celery beat, see CELERY_BEAT_SCHEDULE) and the check that they keep happening."""

import logging
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from tracker.backups.alerts import backup_alert_send
from tracker.backups.selectors import backup_is_stale, backup_last_verified
from tracker.backups.services import backup_create, backups_prune

logger = logging.getLogger(__name__)


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
            problem=_("The backup failed: %(error)s") % {"error": exc}, last_success=backup_last_verified(directory)
        )
        return None
    logger.info("backup written: %s", result.path.name)
    problems = documents_problems(result.missing_documents, result.altered_documents)
    if problems:
        backup_alert_send(problem=" ".join(problems), last_success=timezone.now())
    return str(result.path)


def documents_problems(missing: list[str], altered: list[str]) -> list[str]:
    problems = []
    if missing:
        problems.append(
            _(
                "The backup was made, but %(count)d document(s) that records refer to are missing from the media"
                " folder and could not be backed up, e.g. %(name)s."
            )
            % {"count": len(missing), "name": missing[0]}
        )
    if altered:
        problems.append(
            _(
                "%(count)d document(s) in the media folder differ from the SHA-256 recorded at upload, e.g. %(name)s;"
                " they were backed up as found (run `manage.py verify_documents`)."
            )
            % {"count": len(altered), "name": altered[0]}
        )
    return problems


@shared_task
def backup_check_freshness() -> bool:
    """Tell staff when no backup has succeeded for longer than BACKUP_MAX_AGE_HOURS; return whether it was fresh."""
    directory = Path(settings.BACKUP_DIR)
    if not backup_is_stale(directory, timezone.now()):
        return True
    backup_alert_send(
        problem=_("No backup has succeeded for more than %(hours)d hours.") % {"hours": settings.BACKUP_MAX_AGE_HOURS},
        last_success=backup_last_verified(directory),
    )
    return False
