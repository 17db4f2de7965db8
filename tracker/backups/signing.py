"""Ed25519 signatures on the archive's manifest, in minisign's format.

Encryption is not authentication: anyone holding the public age key can build an archive
whose manifest matches its own content. The manifest is therefore signed by a key that
only the backup server holds, and a restore accepts only the signers it is told to trust.
The signature file is what `minisign -V` reads, so an archive can be checked without this
application; the manifest lists the SHA-256 of every other file, so the one signature
covers them all.
"""

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.utils.translation import gettext as _

from tracker.backups.errors import BackupError

SECRET_PREFIX = "TRACKER-BACKUP-SIGNING-KEY-1:"
# minisign's algorithm tags: "Ed" on keys; "ED" on a signature of the BLAKE2b-512 of the file.
KEY_ALGORITHM = b"Ed"
PREHASHED = b"ED"


@dataclass(frozen=True)
class Signer:
    key_number: bytes  # minisign's 8-byte key id
    public_key: Ed25519PublicKey

    @property
    def key_id(self) -> str:
        # As minisign prints it: the key number read as a little-endian integer, in hex.
        return self.key_number[::-1].hex().upper()

    @property
    def public_text(self) -> str:
        raw = self.public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
        return base64.b64encode(KEY_ALGORITHM + self.key_number + raw).decode()


@dataclass(frozen=True)
class SigningKey:
    signer: Signer
    private_key: Ed25519PrivateKey


def _key_number(public_key: Ed25519PublicKey) -> bytes:
    # Derived from the public key, so the secret file needs to hold only the seed.
    return hashlib.sha256(public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)).digest()[:8]


def _signing_key(private_key: Ed25519PrivateKey) -> SigningKey:
    public_key = private_key.public_key()
    return SigningKey(Signer(_key_number(public_key), public_key), private_key)


def signing_keypair_generate() -> tuple[str, str]:
    """Return (secret key text for the server, public key for the trusted-signers list)."""
    key = _signing_key(Ed25519PrivateKey.generate())
    seed = key.private_key.private_bytes_raw()
    return SECRET_PREFIX + base64.b64encode(seed).decode(), key.signer.public_text


def signing_key_file_text(secret: str, public: str, created: str) -> str:
    return f"# created: {created}\n# public key (add it to BACKUP_TRUSTED_SIGNERS): {public}\n{secret}\n"


def _lines(text: str) -> list[str]:
    return [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.strip().startswith(("#", "untrusted comment:"))
    ]


def signing_key_parse(text: str) -> SigningKey:
    lines = [line for line in _lines(text) if line.startswith(SECRET_PREFIX)]
    if not lines:
        raise BackupError(
            _("No key to sign backups with: set BACKUP_SIGNING_KEY_FILE (see docs/backups.md, signing key).")
        )
    try:
        seed = base64.b64decode(lines[0].removeprefix(SECRET_PREFIX), validate=True)
        return _signing_key(Ed25519PrivateKey.from_private_bytes(seed))
    except (binascii.Error, ValueError):
        raise BackupError(_("BACKUP_SIGNING_KEY is not a backup signing key.")) from None


def signer_parse(text: str) -> Signer:
    """One public key as minisign writes it (base64 of "Ed", the key number and the key)."""
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 42 or raw[:2] != KEY_ALGORITHM:
        raise BackupError(_("%(key)r is not a signer's public key (it must start with RW).") % {"key": text})
    return Signer(raw[2:10], Ed25519PublicKey.from_public_bytes(raw[10:]))


def signers_parse(text: str) -> dict[bytes, Signer]:
    """Trusted signers: public keys separated by new lines, spaces or commas; comments allowed."""
    signers = [signer_parse(token) for line in _lines(text) for token in re.split(r"[\s,]+", line) if token]
    return {signer.key_number: signer for signer in signers}


def signers_describe(signers: dict[bytes, Signer]) -> str:
    return ", ".join(f"{signer.key_id} ({signer.public_text})" for signer in signers.values()) or _("none")


def sign(data: bytes, key: SigningKey, trusted_comment: str) -> bytes:
    """A minisign signature file for data."""
    signature = key.private_key.sign(hashlib.blake2b(data).digest())
    global_signature = key.private_key.sign(signature + trusted_comment.encode())
    return (
        f"untrusted comment: signature from case tracker backup key {key.signer.key_id}\n"
        f"{base64.b64encode(PREHASHED + key.signer.key_number + signature).decode()}\n"
        f"trusted comment: {trusted_comment}\n"
        f"{base64.b64encode(global_signature).decode()}\n"
    ).encode()


def _signature_lines(signature_file: bytes) -> tuple[bytes, str, bytes]:
    try:
        lines = signature_file.decode().splitlines()
        signature = base64.b64decode(lines[1], validate=True)
        comment = lines[2].removeprefix("trusted comment: ")
        global_signature = base64.b64decode(lines[3], validate=True)
    except (UnicodeDecodeError, IndexError, binascii.Error, ValueError):
        raise BackupError(_("The archive's signature is not readable.")) from None
    if len(signature) != 74 or signature[:2] != PREHASHED or not lines[2].startswith("trusted comment: "):
        raise BackupError(_("The archive's signature is not readable."))
    return signature, comment, global_signature


def verify(data: bytes, signature_file: bytes | None, trusted: dict[bytes, Signer]) -> Signer:
    """Return the trusted signer of data; refuse, naming the expected keys, anything else."""
    expected = signers_describe(trusted)
    if not trusted:
        raise BackupError(
            _(
                "No trusted signer is configured: set BACKUP_TRUSTED_SIGNERS to the public key of the server"
                " that made the backups (see docs/backups.md)."
            )
        )
    if signature_file is None:
        raise BackupError(
            _("The archive is not signed; a restore accepts only archives signed by %(expected)s.")
            % {"expected": expected}
        )
    signature, comment, global_signature = _signature_lines(signature_file)
    signer = trusted.get(signature[2:10])
    if signer is None:
        raise BackupError(
            _("The archive is signed by key %(found)s, which is not a trusted signer; expected %(expected)s.")
            % {"found": signature[2:10][::-1].hex().upper(), "expected": expected}
        )
    try:
        signer.public_key.verify(signature[10:], hashlib.blake2b(data).digest())
        signer.public_key.verify(global_signature, signature[10:] + comment.encode())
    except InvalidSignature:
        raise BackupError(
            _("The archive's signature by key %(key)s does not match its manifest: the archive was altered.")
            % {"key": signer.key_id}
        ) from None
    return signer
