"""Which URLs a capture may fetch: http and https on public addresses only, against server-side request forgery.

The server runs the browser, so a URL pointing at the server's own network (loopback,
private ranges, link-local, the cloud metadata address) would let anyone who can add a
source read what only the server can reach. Every request the browser makes is asked
here, redirects and page resources included. EVIDENCE_CAPTURE_ALLOW_LOOPBACK lets the
tests capture a page served on 127.0.0.1; nothing else is ever allowed.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from cases.evidence.errors import AddressRefused, CaptureFailed

SCHEMES = ("http", "https")


def _is_internal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    # is_global is False for private, shared (100.64/10), link-local (169.254/16, the metadata
    # address), loopback, reserved and documentation ranges alike.
    return not address.is_global or address.is_multicast


def _allowed(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if address.is_loopback and settings.EVIDENCE_CAPTURE_ALLOW_LOOPBACK:
        return True
    return not _is_internal(address)


def resolve(host: str) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise CaptureFailed(_("The address %(host)s could not be resolved.") % {"host": host}) from error
    return sorted({info[4][0] for info in infos})


def check_url(url: str) -> list[str]:
    """The public addresses `url` resolves to; AddressRefused for any other scheme or an internal address."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        raise AddressRefused(_("Only http and https addresses are captured."))
    host = parts.hostname
    if not host:
        raise AddressRefused(_("The address has no host name."))
    addresses = resolve(host)
    for text in addresses:
        # A host with one internal address among public ones is refused whole: the browser may pick either.
        if not _allowed(ipaddress.ip_address(text.split("%", 1)[0])):
            raise AddressRefused(
                _("%(host)s is an internal address (%(address)s); it is not captured.")
                % {"host": host, "address": text}
            )
    return addresses
