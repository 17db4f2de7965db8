"""The WARC file of a capture: each request and response the capture made, as ISO 28500 records (warcio)."""

from __future__ import annotations

from io import BytesIO
from urllib.parse import urlsplit

from cases.evidence.fetch import Hop

# Bodies are stored decoded, so the headers that describe the wire encoding would mislead a reader.
WIRE_HEADERS = {"content-encoding", "content-length", "transfer-encoding"}


def _request_headers(hop: Hop):
    from warcio.statusandheaders import StatusAndHeaders  # imported where used: see build_warc

    parts = urlsplit(hop.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return StatusAndHeaders(
        f"GET {target} HTTP/1.1", [("Host", parts.netloc), *hop.request_headers], is_http_request=True
    )


def _response_headers(hop: Hop):
    from warcio.statusandheaders import StatusAndHeaders

    headers = [(name, value) for name, value in hop.headers if name.lower() not in WIRE_HEADERS]
    headers.append(("Content-Length", str(len(hop.body))))
    return StatusAndHeaders(f"{hop.status} {hop.reason}".strip(), headers, protocol="HTTP/1.1")


def build_warc(hops: list[Hop], resources: list[Hop], *, software: str) -> bytes:
    """A gzip-compressed WARC: a warcinfo record, then a request and a response record per fetch."""
    # warcio is imported here, by the worker that captures, not by every process that loads the app.
    from warcio.warcwriter import WARCWriter

    buffer = BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    writer.write_record(writer.create_warcinfo_record("capture.warc.gz", {"software": software, "format": "WARC/1.1"}))
    for hop in [*hops, *resources]:
        writer.write_record(writer.create_warc_record(hop.url, "request", http_headers=_request_headers(hop)))
        response = writer.create_warc_record(
            hop.url, "response", payload=BytesIO(hop.body), http_headers=_response_headers(hop)
        )
        writer.write_record(response)
    return buffer.getvalue()
