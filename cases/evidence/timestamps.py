"""RFC 3161 trusted timestamps of a capture's hash manifest: asked of the configured authority, and verified.

The token proves that the manifest, and so every file whose SHA-256 it lists, existed
at the authority's time. Verification checks the three things a court would ask about:
the authority's signature, the message imprint (the token is about these very bytes),
and the certificate chain up to one of the roots we were told to trust.
"""

from __future__ import annotations

import datetime as dt
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.utils.translation import gettext as _

from cases.evidence.errors import CaptureFailed

TSA_TIMEOUT_SECONDS = 30


class TimestampInvalid(Exception):
    """A token that does not prove what it should; the message says which check failed."""


@dataclass(frozen=True)
class Stamp:
    token: bytes
    time: dt.datetime
    authority: str


def timestamps_enabled() -> bool:
    return bool(settings.EVIDENCE_TSA_URL)


def trusted_roots() -> list[x509.Certificate]:
    path = settings.EVIDENCE_TSA_ROOTS_FILE
    if not path or not Path(path).is_file():
        raise TimestampInvalid(_("No trusted roots for timestamps are configured (EVIDENCE_TSA_ROOTS_FILE)."))
    return x509.load_pem_x509_certificates(Path(path).read_bytes())


def authority_name(response) -> str:
    """The signer's name as its certificate gives it; the configured name wins when set."""
    if settings.EVIDENCE_TSA_NAME:
        return settings.EVIDENCE_TSA_NAME
    signer = next(iter(response.signed_data.signer_infos))
    for der in response.signed_data.certificates:
        certificate = x509.load_der_x509_certificate(der)
        if certificate.serial_number == signer.serial_number and certificate.issuer == signer.issuer:
            names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
            return str(names[0].value) if names else certificate.subject.rfc4514_string()
    return signer.issuer.rfc4514_string()


def timestamp_verify(token: bytes, data: bytes, *, nonce: int | None = None):
    """The decoded token when it is a valid timestamp of `data`; TimestampInvalid saying why otherwise."""
    # rfc3161-client is imported by the processes that use it (about 20 MB), not by every one.
    from rfc3161_client import VerificationError, VerifierBuilder, decode_timestamp_response

    try:
        response = decode_timestamp_response(token)
    except ValueError as error:
        raise TimestampInvalid(_("The timestamp token cannot be read: %(error)s") % {"error": error}) from error
    builder = VerifierBuilder(nonce=nonce)
    for root in trusted_roots():
        builder = builder.add_root_certificate(root)
    try:
        builder.build().verify_message(response, data)
    except VerificationError as error:
        raise TimestampInvalid(_("The timestamp token does not verify: %(error)s") % {"error": error}) from error
    return response


def timestamp_obtain(data: bytes) -> Stamp:
    """Ask the authority to timestamp `data` (its SHA-256) and check the answer before keeping it."""
    from rfc3161_client import HashAlgorithm, TimestampRequestBuilder

    # SHA-256, the hash the manifest and the pages speak of (the library's default is SHA-512).
    builder = TimestampRequestBuilder().data(data).hash_algorithm(HashAlgorithm.SHA256)
    request = builder.nonce(nonce=True).cert_request(cert_request=True).build()
    http_request = urllib.request.Request(  # noqa: S310 - the authority's URL is configured, http(s) only
        settings.EVIDENCE_TSA_URL,
        data=request.as_bytes(),
        headers={"Content-Type": "application/timestamp-query", "Accept": "application/timestamp-reply"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(http_request, timeout=TSA_TIMEOUT_SECONDS) as answer:  # noqa: S310
            token = answer.read(1024 * 1024)
    except OSError as error:
        raise CaptureFailed(_("The timestamp authority could not be reached: %(error)s") % {"error": error}) from error
    try:
        response = timestamp_verify(token, data, nonce=request.nonce)
    except TimestampInvalid as error:
        raise CaptureFailed(str(error)) from error
    return Stamp(token=token, time=response.tst_info.gen_time, authority=authority_name(response))
