"""age key pairs: the backup server holds only the public key, so it cannot read old archives."""

from pathlib import Path

from django.utils.translation import gettext as _
from pyrage import x25519

from tracker.backups.errors import BackupError


def keypair_generate() -> tuple[str, str]:
    """Return (secret identity, public recipient) as age writes them."""
    identity = x25519.Identity.generate()
    return str(identity), str(identity.to_public())


def identity_file_text(identity: str, recipient: str, created: str) -> str:
    return f"# created: {created}\n# public key: {recipient}\n{identity}\n"


def _key_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]


def recipients_parse(text: str) -> list[x25519.Recipient]:
    """Public keys, one per line (comments allowed); several let two people each hold a key."""
    recipients = []
    for line in _key_lines(text):
        try:
            recipients.append(x25519.Recipient.from_str(line))
        except Exception:
            raise BackupError(
                _("%(line)r is not an age public key (it must start with age1).") % {"line": line}
            ) from None
    if not recipients:
        raise BackupError(_("No public key to encrypt backups with: set BACKUP_RECIPIENTS (see docs/backups.md)."))
    return recipients


def identities_read(path: Path) -> list[x25519.Identity]:
    try:
        text = Path(path).read_text()
    except OSError as exc:
        raise BackupError(_("The key file %(path)s cannot be read: %(error)s") % {"path": path, "error": exc}) from None
    identities = []
    for line in _key_lines(text):
        try:
            identities.append(x25519.Identity.from_str(line))
        except Exception:
            raise BackupError(
                _("The key file %(path)s holds a line that is not an age secret key.") % {"path": path}
            ) from None
    if not identities:
        raise BackupError(_("The key file %(path)s holds no age secret key.") % {"path": path})
    return identities
