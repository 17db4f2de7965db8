"""`manage.py restore ARCHIVE --identity KEYFILE`: verify everything, then restore into an empty instance."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils.translation import gettext as _

from tracker.backups import BackupError
from tracker.backups.progress import terminal_progress
from tracker.backups.services import backup_restore


class Command(BaseCommand):
    # Run from cron: no system-check chatter on every run (`manage.py check` is the place for it).
    requires_system_checks: list = []
    help = "Restore a backup archive into this instance's database and media folder."

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", type=Path, help="The .tar.age archive.")
        parser.add_argument(
            "--identity", type=Path, required=True, help="The age secret key file (AGE-SECRET-KEY-...)."
        )
        parser.add_argument(
            "--trusted-signers",
            type=Path,
            default=None,
            help="File of the signing public keys (RW...) to accept, else BACKUP_TRUSTED_SIGNERS.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that already holds data; files not in the archive are moved aside.",
        )

    def handle(
        self, *args, archive: Path, identity: Path, trusted_signers: Path | None, force: bool, **options
    ) -> None:
        # The restore works on its own connections; ours must not hold locks on the tables it replaces.
        connections.close_all()
        try:
            report = backup_restore(
                archive_path=archive,
                identity_path=identity,
                trusted_signers_text=trusted_signers.read_text() if trusted_signers else None,
                force=force,
                progress=terminal_progress(self.stderr._out),
            )
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        finally:
            connections.close_all()
        records = sum(report.counts.values())
        self.stdout.write(
            _("Restored and verified: %(records)d records in %(models)d tables, %(documents)d documents.")
            % {"records": records, "models": len(report.counts), "documents": report.documents}
        )
        self.stdout.write(_("Signed by backup key %(key)s.") % {"key": report.signer})
        if report.set_aside:
            self.stdout.write(
                _("%(count)d file(s) in the media folder were not in the archive; moved to %(dir)s:")
                % {"count": len(report.set_aside), "dir": report.set_aside_dir}
            )
            for name in report.set_aside:
                self.stdout.write(f"  {name}")
        if report.missing_documents:
            self.stderr.write(
                _("%(count)d document(s) were already missing when the backup was made, e.g. %(name)s.")
                % {"count": len(report.missing_documents), "name": report.missing_documents[0]}
            )
        if report.altered_documents:
            self.stderr.write(
                _(
                    "%(count)d document(s) already differed from their recorded SHA-256 when the backup was made, e.g."
                    " %(name)s."
                )
                % {"count": len(report.altered_documents), "name": report.altered_documents[0]}
            )
        self.stdout.write(_("Next: run `python manage.py migrate` if this code is newer than the backup."))
