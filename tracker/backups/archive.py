"""The archive: an age-encrypted tar of the database snapshot, media/, manifest.json and its signature.

age authenticates every 64 KiB chunk and the end of the stream, so a flipped byte or
a cut-off file fails decryption; but anyone holding the public key can encrypt, so the
manifest is signed (signing.py) and the signature proves who made it. The manifest's
SHA-256 of each member then proves that what was decrypted is the whole backup,
nothing missing and nothing added, and each document is also held to the hash its
record kept from the upload.
"""

import hashlib
import io
import json
import posixpath
import tarfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import pyrage
from django.utils.translation import gettext as _

from tracker.backups import signing
from tracker.backups.errors import BackupError

FORMAT = "case-tracker-backup"
FORMAT_VERSION = 2
MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.minisig"
CHUNK = 1024 * 1024
AGE_MAGIC = b"age-encryption.org/v1\n"

Progress = Callable[[str, int, int], None]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class _HashingReader:
    """Hashes what tarfile reads, so each document is read from disk once."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def media_files(media_root: Path) -> Iterator[Path]:
    if not media_root.is_dir():
        return
    for path in sorted(media_root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


def tar_add_file(tar: tarfile.TarFile, source: Path, member: str) -> dict[str, Any]:
    info = tarfile.TarInfo(member)
    with open(source, "rb") as handle:
        info.size = Path(handle.name).stat().st_size
        info.mode = 0o600
        reader = _HashingReader(handle)
        tar.addfile(info, reader)
    return {"sha256": reader.digest.hexdigest(), "size": info.size}


def _tar_add_bytes(tar: tarfile.TarFile, member: str, data: bytes) -> None:
    info = tarfile.TarInfo(member)
    info.size = len(data)
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def tar_add_manifest(tar: tarfile.TarFile, manifest: dict, key: signing.SigningKey) -> None:
    data = json.dumps(manifest, indent=2, sort_keys=True).encode()
    _tar_add_bytes(tar, MANIFEST, data)
    comment = f"case-tracker backup manifest, created {manifest['created_at']}, signer {key.signer.key_id}"
    _tar_add_bytes(tar, SIGNATURE, signing.sign(data, key, comment))


def encrypt(plain: Path, encrypted: Path, recipients: list) -> None:
    pyrage.encrypt_file(str(plain), str(encrypted), recipients)


def decrypt(encrypted: Path, plain: Path, identities: list) -> None:
    if not encrypted.is_file():
        raise BackupError(_("There is no archive at %(path)s.") % {"path": encrypted})
    with open(encrypted, "rb") as handle:
        if handle.read(len(AGE_MAGIC)) != AGE_MAGIC:
            raise BackupError(_("%(path)s is not an encrypted backup archive.") % {"path": encrypted})
    try:
        pyrage.decrypt_file(str(encrypted), str(plain), identities)
    except pyrage.DecryptError as exc:
        if "No matching keys" in str(exc):
            raise BackupError(
                _("This key cannot open the archive: it was made for another key, or its header is damaged.")
            ) from None
        raise BackupError(_("The archive is cut short or damaged: %(error)s") % {"error": exc}) from None
    except OSError:
        raise BackupError(
            _("The archive is damaged or cut short: its content does not decrypt (a changed byte or a missing end).")
        ) from None


def _safe_member_name(name: str) -> bool:
    normal = posixpath.normpath(name)
    return normal == name and not name.startswith(("/", "../")) and name != ".." and "\\" not in name


def _member_bytes(tar: tarfile.TarFile, name: str) -> bytes | None:
    try:
        return tar.extractfile(tar.getmember(name)).read()
    except (KeyError, AttributeError):
        return None


def _manifest_read(tar: tarfile.TarFile, trusted: dict[bytes, signing.Signer]) -> dict:
    """The manifest, once its signature proves a trusted signer made it (and before anything else is believed)."""
    data = _member_bytes(tar, MANIFEST)
    if data is None:
        raise BackupError(_("The archive has no readable manifest; it is not a backup of this tracker."))
    signer = signing.verify(data, _member_bytes(tar, SIGNATURE), trusted)
    try:
        manifest = json.loads(data)
    except ValueError:
        raise BackupError(_("The archive has no readable manifest; it is not a backup of this tracker.")) from None
    if manifest.get("format") != FORMAT:
        raise BackupError(_("The archive is not a backup of this tracker."))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            _("The archive is in backup format %(found)s; this version reads format %(known)s.")
            % {"found": manifest.get("format_version"), "known": FORMAT_VERSION}
        )
    if manifest.get("signer", {}).get("key_id") != signer.key_id:
        raise BackupError(_("The manifest names another signer than the key that signed it."))
    return manifest


def _check_recorded_hashes(manifest: dict) -> None:
    """Each document must be what its record says was uploaded, unless the backup already reported it altered."""
    known_altered = set(manifest["altered_documents"])
    for name, recorded in manifest["recorded_hashes"].items():
        entry = manifest["files"].get(f"media/{name}")
        if entry and entry["sha256"] != recorded and name not in known_altered:
            raise BackupError(
                _("media/%(name)s in the archive differs from the SHA-256 its record kept from the upload.")
                % {"name": name}
            )


def verify(plain: Path, trusted: dict[bytes, signing.Signer], progress: Progress | None = None) -> dict:
    """Check the signature, then every member against the manifest; return the manifest. Writes nothing."""
    try:
        tar = tarfile.open(plain, "r:")  # noqa: SIM115 - closed by the `with` below, after the error check
    except tarfile.TarError:
        raise BackupError(_("The decrypted archive is not a readable tar file.")) from None
    with tar:
        manifest = _manifest_read(tar, trusted)
        expected: dict[str, dict] = manifest.get("files", {})
        seen: set[str] = set()
        total = len(expected)
        for member in tar:
            if member.name in (MANIFEST, SIGNATURE):
                continue
            if not member.isfile() or not _safe_member_name(member.name) or member.name not in expected:
                raise BackupError(
                    _("The archive holds %(name)s, which its manifest does not list.") % {"name": member.name}
                )
            if member.name in seen:
                raise BackupError(_("The archive holds %(name)s twice.") % {"name": member.name})
            digest = hashlib.sha256()
            handle = tar.extractfile(member)
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
            if digest.hexdigest() != expected[member.name]["sha256"]:
                raise BackupError(
                    _("%(name)s in the archive does not match its SHA-256 in the manifest.") % {"name": member.name}
                )
            seen.add(member.name)
            if progress:
                progress(_("Verifying"), len(seen), total)
        missing = sorted(set(expected) - seen)
        if missing:
            raise BackupError(
                _("The archive is missing %(count)d file(s) its manifest lists, e.g. %(name)s.")
                % {"count": len(missing), "name": missing[0]}
            )
    _check_recorded_hashes(manifest)
    return manifest


def extract_member(plain: Path, name: str, destination: Path) -> None:
    """Copy one verified member to destination through a temporary name, so no half file is left."""
    partial = destination.with_name(f".{destination.name}.restoring")
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(plain, "r:") as tar, tar.extractfile(name) as source, open(partial, "wb") as out:
        while chunk := source.read(CHUNK):
            out.write(chunk)
    partial.replace(destination)


def extract_members(plain: Path, targets: dict[str, Path], progress: Progress | None = None) -> None:
    """Copy many members in one pass over the tar (targets: member name -> destination)."""
    done = 0
    with tarfile.open(plain, "r:") as tar:
        for member in tar:
            destination = targets.get(member.name)
            if destination is None:
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            partial = destination.with_name(f".{destination.name}.restoring")
            with tar.extractfile(member) as source, open(partial, "wb") as out:
                while chunk := source.read(CHUNK):
                    out.write(chunk)
            partial.replace(destination)
            done += 1
            if progress:
                progress(_("Restoring documents"), done, len(targets))
