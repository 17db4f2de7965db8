"""`manage.py backup_keygen`: make the age key pair archives are encrypted to, or the key that signs them."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from tracker.backups.keys import identity_file_text, keypair_generate
from tracker.backups.signing import signing_key_file_text, signing_keypair_generate


class Command(BaseCommand):
    help = (
        "Make a key and print its public half: with --identity-file an age pair (the secret opens archives; "
        "keep it OFF the server), with --signing-key-file the key the server signs archives with."
    )

    def add_arguments(self, parser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument(
            "--identity-file", type=Path, help="Where to write the SECRET age key that opens archives (must not exist)."
        )
        which.add_argument(
            "--signing-key-file", type=Path, help="Where to write the server's SECRET signing key (must not exist)."
        )

    def handle(self, *args, identity_file: Path | None, signing_key_file: Path | None, **options) -> None:
        created = timezone.now().isoformat(timespec="seconds")
        if identity_file:
            identity, recipient = keypair_generate()
            self._write_new(identity_file, identity_file_text(identity, recipient, created))
            self.stderr.write(
                _("Secret key written to %(path)s. Keep it OFF the server (see docs/backups.md).")
                % {"path": identity_file}
            )
            self.stdout.write(recipient)
            return
        secret, public = signing_keypair_generate()
        self._write_new(signing_key_file, signing_key_file_text(secret, public, created))
        self.stderr.write(
            _(
                "Signing key written to %(path)s: set BACKUP_SIGNING_KEY_FILE to it on the server, and add the public"
                " key below to BACKUP_TRUSTED_SIGNERS and to the copies kept with the age secret key."
            )
            % {"path": signing_key_file}
        )
        self.stdout.write(public)

    def _write_new(self, path: Path, text: str) -> None:
        try:
            # O_EXCL: never overwrite an existing key, which would make its backups unreadable or unverifiable.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise CommandError(_("%(path)s already exists; choose another name.") % {"path": path}) from None
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
