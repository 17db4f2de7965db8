"""`manage.py backup`: write one signed, encrypted archive (see docs/backups.md)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from tracker.backups import BackupError
from tracker.backups.progress import terminal_progress
from tracker.backups.selectors import backup_is_stale, backup_last_verified
from tracker.backups.services import backup_create, backups_prune
from tracker.tasks import documents_problems


class Command(BaseCommand):
    # Run from cron: no system-check chatter on every run (`manage.py check` is the place for it).
    requires_system_checks: list = []
    help = "Write an encrypted backup archive: database snapshot, uploaded documents and a manifest."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output-dir", type=Path, default=None, help="Folder for the archive (BACKUP_DIR).")
        parser.add_argument(
            "--recipients-file", type=Path, default=None, help="File of age public keys (else BACKUP_RECIPIENTS)."
        )
        parser.add_argument("--keep", type=int, default=None, help="Then delete all but the newest N archives.")
        parser.add_argument(
            "--check", action="store_true", help="Make no backup; exit non-zero if the newest is over a day old."
        )

    def handle(
        self, *args, output_dir: Path | None, recipients_file: Path | None, keep: int | None, check: bool, **options
    ) -> None:
        directory = output_dir or Path(settings.BACKUP_DIR)
        if check:
            return self._check(directory)
        try:
            recipients = recipients_file.read_text() if recipients_file else settings.BACKUP_RECIPIENTS
            result = backup_create(
                directory=directory, recipients_text=recipients, progress=terminal_progress(self.stderr._out)
            )
            if keep is not None:
                backups_prune(directory=directory, keep=keep)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        for problem in documents_problems(result.missing_documents, result.altered_documents):
            self.stderr.write(problem)
        if options["verbosity"] >= 1:
            self.stdout.write(_("Backup written: %(path)s") % {"path": result.path})

    def _check(self, directory: Path) -> None:
        latest = backup_last_verified(directory)
        if backup_is_stale(directory, timezone.now()):
            raise CommandError(
                _("No backup newer than %(hours)d hours in %(dir)s (latest: %(latest)s).")
                % {"hours": settings.BACKUP_MAX_AGE_HOURS, "dir": directory, "latest": latest or _("none")}
            )
        self.stdout.write(_("Latest backup: %(latest)s") % {"latest": latest})
