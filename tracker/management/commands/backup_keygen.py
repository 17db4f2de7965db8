"""`manage.py backup_keygen --identity-file PATH`: make the key pair that backups are encrypted to."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from tracker.backups.keys import identity_file_text, keypair_generate


class Command(BaseCommand):
    help = "Make an age key pair: write the secret key to a new file and print the public key."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--identity-file", type=Path, required=True, help="Where to write the SECRET key (must not exist)."
        )

    def handle(self, *args, identity_file: Path, **options) -> None:
        identity, recipient = keypair_generate()
        try:
            # O_EXCL: never overwrite an existing key, which would make its backups unreadable.
            fd = os.open(identity_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise CommandError(_("%(path)s already exists; choose another name.") % {"path": identity_file}) from None
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        with os.fdopen(fd, "w") as handle:
            handle.write(identity_file_text(identity, recipient, timezone.now().isoformat(timespec="seconds")))
        self.stderr.write(
            _("Secret key written to %(path)s. Keep it OFF the server (see docs/backups.md).") % {"path": identity_file}
        )
        self.stdout.write(recipient)
