"""A capture's hash manifest: the Berkeley Protocol capture log, and the one document the authority timestamps.

It names the URL, the final URL, the UTC time, the method and its versions, the operator,
and each file with its SHA-256, size and content type. It is written once, as canonical
JSON, and its SHA-256 is what the trusted timestamp covers: changing one byte of it, or
of any file it lists, is found by cases/evidence/verification.py.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

FORMAT = "case-tracker-capture/1"


@dataclass(frozen=True)
class ManifestFile:
    name: str
    kind: str
    content: bytes
    content_type: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def size(self) -> int:
        return len(self.content)


def manifest_build(*, capture, source, files: list[ManifestFile], hops, blocked: list[str]) -> bytes:
    document = {
        "format": FORMAT,
        "capture": str(capture.uid),
        "source": {"uid": str(source.uid), "title": source.title},
        "url": capture.url,
        "final_url": hops[-1].url,
        "http_status": hops[-1].status,
        "redirects": [{"url": hop.url, "status": hop.status} for hop in hops[:-1]],
        "captured_at_utc": capture.captured_at.isoformat(),
        "method": capture.method,
        "operator": capture.requested_by.get_username() if capture.requested_by else "automatic capture",
        "files": [
            {"name": f.name, "kind": f.kind, "sha256": f.sha256, "size": f.size, "content_type": f.content_type}
            for f in files
        ],
        "blocked_requests": blocked,
    }
    return (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def manifest_files(data: bytes) -> dict[str, str]:
    """File name -> SHA-256 as the manifest lists them."""
    return {entry["name"]: entry["sha256"] for entry in json.loads(data)["files"]}
