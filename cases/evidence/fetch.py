"""Fetch a page's document ourselves, hop by hop, so that every redirect is checked and every byte is counted.

The browser then renders exactly these bytes (cases/evidence/capture.py), so the WARC,
the snapshot and the hashes all describe one and the same response. Each connection goes
to the address checked by cases/evidence/addresses.py, never to a second DNS answer.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from django.utils.translation import gettext as _

from cases.evidence.addresses import check_url
from cases.evidence.errors import CaptureFailed

MAX_REDIRECTS = 10
USER_AGENT = "Mozilla/5.0 (compatible; case-tracker-capture)"


@dataclass
class Hop:
    """One request and its response, as sent and received."""

    url: str
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes = b""
    request_headers: list[tuple[str, str]] = field(default_factory=list)


class _Pinned:
    """Connect to the checked address; TLS still names (and verifies) the host."""

    def __init__(self, address: str, timeout: float) -> None:
        self.address = address
        self.timeout = timeout

    def connect(self, connection: http.client.HTTPConnection) -> None:
        connection.sock = socket.create_connection((self.address, connection.port), self.timeout)
        if isinstance(connection, http.client.HTTPSConnection):
            context = ssl.create_default_context()
            connection.sock = context.wrap_socket(connection.sock, server_hostname=connection.host)


def _connection(url: str, address: str, timeout: float) -> http.client.HTTPConnection:
    parts = urlsplit(url)
    cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = cls(parts.hostname, parts.port, timeout=timeout)
    pinned = _Pinned(address, timeout)
    connection.connect = lambda: pinned.connect(connection)
    return connection


def _read_body(response: http.client.HTTPResponse, max_bytes: int, deadline: float) -> bytes:
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise CaptureFailed(_("The page is larger than the limit of %(limit)s bytes.") % {"limit": max_bytes})
    chunks, size = [], 0
    while chunk := response.read1(64 * 1024):
        size += len(chunk)
        if size > max_bytes:
            raise CaptureFailed(_("The page is larger than the limit of %(limit)s bytes.") % {"limit": max_bytes})
        if time.monotonic() > deadline:
            raise CaptureFailed(_("The page did not finish loading within the time limit."))
        chunks.append(chunk)
    return b"".join(chunks)


def _one_hop(url: str, max_bytes: int, deadline: float) -> Hop:
    address = check_url(url)[0]
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    request_headers = [("User-Agent", USER_AGENT), ("Accept", "*/*"), ("Accept-Encoding", "identity")]
    connection = _connection(url, address, timeout=max(1.0, deadline - time.monotonic()))
    try:
        connection.request("GET", path, headers=dict(request_headers))
        response = connection.getresponse()
        hop = Hop(url, response.status, response.reason, response.getheaders(), request_headers=request_headers)
        if not 300 <= response.status < 400:
            hop.body = _read_body(response, max_bytes, deadline)
        return hop
    except TimeoutError as error:
        raise CaptureFailed(_("The page did not finish loading within the time limit.")) from error
    except (OSError, http.client.HTTPException) as error:
        raise CaptureFailed(_("The address could not be reached: %(error)s") % {"error": error}) from error
    finally:
        connection.close()


def fetch_document(url: str, *, max_bytes: int, time_limit: float) -> list[Hop]:
    """Every hop from `url` to the final document; CaptureFailed on a loop, an error status or a limit."""
    deadline = time.monotonic() + time_limit
    hops: list[Hop] = []
    seen = set()
    while True:
        if url in seen:
            raise CaptureFailed(_("The address redirects in a loop."))
        if len(hops) > MAX_REDIRECTS:
            raise CaptureFailed(_("The address redirects more than %(n)s times.") % {"n": MAX_REDIRECTS})
        seen.add(url)
        hop = _one_hop(url, max_bytes, deadline)
        hops.append(hop)
        location = {k.lower(): v for k, v in hop.headers}.get("location")
        if 300 <= hop.status < 400 and location:
            url = urljoin(url, location)
            continue
        if hop.status >= 400:
            raise CaptureFailed(
                _("The server answered HTTP %(status)s %(reason)s.") % {"status": hop.status, "reason": hop.reason}
            )
        return hops
