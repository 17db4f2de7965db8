"""Forged archives: encryption is not authentication, so only a trusted signer's archive restores."""

import hashlib
import json

import pytest

from cases.models import Source
from tests.backups.backup_data import (
    SIGNING_KEY,
    SIGNING_PUBLIC,
    fresh_target,
    make_keys,
    populate,
    record_upload_hashes,
    repack,
)
from tracker.backups import BackupError
from tracker.backups.services import backup_create, backup_restore
from tracker.backups.signing import sign, signing_key_parse, signing_keypair_generate

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
FORGED = b"<p>Forged: the detainee was released in 2018.</p>"


@pytest.fixture
def made(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    populate(generated_cases=1)
    record_upload_hashes()
    recipients, identity = make_keys(tmp_path)
    path = backup_create(directory=tmp_path / "backups", recipients_text=recipients).path
    target = {"ENGINE": "django.db.backends.sqlite3", "NAME": tmp_path / "target.sqlite3"}
    return {"path": path, "recipients": recipients, "identity": identity, "target": target, "media": tmp_path / "m"}


def _restore(made, **kwargs):
    return backup_restore(
        archive_path=made["path"],
        identity_path=made["identity"],
        database=made["target"],
        media_root=made["media"],
        **kwargs,
    )


def _forge_document(members: dict, manifest_edit=None) -> bytes:
    """Swap a document and make the manifest match it, as the public key alone allows; return the manifest."""
    name = next(n for n in members if n.endswith("rferl-bilash.html"))
    members[name] = FORGED
    manifest = json.loads(members["manifest.json"])
    manifest["files"][name] = {"sha256": hashlib.sha256(FORGED).hexdigest(), "size": len(FORGED)}
    if manifest_edit:
        manifest_edit(manifest, name)
    members["manifest.json"] = json.dumps(manifest).encode()
    return members["manifest.json"]


def test_forged_archive_with_a_matching_manifest_is_refused(made):
    repack(made["path"], made["identity"], made["recipients"], _forge_document)

    with pytest.raises(BackupError) as refused:
        _restore(made)

    assert str(refused.value) == (
        f"The archive's signature by key {signing_key_parse(SIGNING_KEY).signer.key_id} does not match its manifest:"
        " the archive was altered."
    )
    assert not made["media"].exists()


def test_unsigned_archive_is_refused_naming_the_expected_key(made):
    def unsign(members):
        _forge_document(members)
        del members["manifest.json.minisig"]

    repack(made["path"], made["identity"], made["recipients"], unsign)

    with pytest.raises(BackupError) as refused:
        _restore(made)

    expected = signing_key_parse(SIGNING_KEY).signer
    assert str(refused.value) == (
        "The archive is not signed; a restore accepts only archives signed by "
        f"{expected.key_id} ({expected.public_text})."
    )


def test_archive_signed_by_an_unknown_key_is_refused_naming_both_keys(made):
    forger_key = signing_key_parse(signing_keypair_generate()[0])

    def sign_as_forger(members):
        manifest = _forge_document(members, lambda m, _name: m.update(signer={"key_id": forger_key.signer.key_id}))
        members["manifest.json.minisig"] = sign(manifest, forger_key, "forged")

    repack(made["path"], made["identity"], made["recipients"], sign_as_forger)

    with pytest.raises(BackupError) as refused:
        _restore(made)

    message = str(refused.value)
    assert message.startswith(f"The archive is signed by key {forger_key.signer.key_id}, which is not a trusted signer")
    assert f"expected {signing_key_parse(SIGNING_KEY).signer.key_id} ({SIGNING_PUBLIC})." in message


def test_no_trusted_signer_configured_is_refused(made):
    with pytest.raises(BackupError, match="No trusted signer is configured: set BACKUP_TRUSTED_SIGNERS"):
        _restore(made, trusted_signers_text="")


def test_a_rotated_key_still_restores_while_both_are_trusted(made):
    old = signing_key_parse(SIGNING_KEY).signer.public_text
    new_secret, new_public = signing_keypair_generate()
    newer = backup_create(
        directory=made["path"].parent, recipients_text=made["recipients"], signing_key_text=new_secret
    ).path

    with fresh_target(made["path"].parent) as target:
        report = _restore({**made, "path": newer, "target": target}, trusted_signers_text=f"{old}\n{new_public}\n")

    assert report.signer == signing_key_parse(new_secret).signer.key_id
    with pytest.raises(BackupError, match="which is not a trusted signer"):
        _restore({**made, "path": newer}, trusted_signers_text=old, force=True)


def test_document_differing_from_its_upload_hash_is_refused_even_when_signed(made):
    """A signer's bug or a stolen signing key: the record's own hash still catches the changed document."""

    def forge_and_resign(members):
        manifest = _forge_document(members)
        members["manifest.json.minisig"] = sign(manifest, signing_key_parse(SIGNING_KEY), "re-signed")

    repack(made["path"], made["identity"], made["recipients"], forge_and_resign)

    with pytest.raises(BackupError, match=r"rferl-bilash\.html in the archive differs from the SHA-256 its record"):
        _restore(made)


def test_document_already_altered_on_disk_is_backed_up_reported_and_restored_as_found(made, settings, tmp_path):
    source = Source.objects.get(file__endswith="rferl-bilash.html")
    with open(source.file.path, "ab") as handle:
        handle.write(b"<p>changed on the server</p>")

    result = backup_create(directory=tmp_path / "later", recipients_text=made["recipients"])
    with fresh_target(tmp_path) as target:
        report = _restore({**made, "path": result.path, "target": target})

    assert result.altered_documents == [source.file.name]
    assert report.altered_documents == [source.file.name]
