"""Real local parts for capture tests: a web server with pages good and bad, and an RFC 3161
Time-Stamp Authority made of `openssl ts -reply` and a certificate authority generated here."""

from __future__ import annotations

import datetime as dt
import http.server
import subprocess
import threading
import time
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PAGE = (
    "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Activist detained in Almaty</title>"
    "<link rel='stylesheet' href='/style.css'></head><body><h1>Activist detained in Almaty</h1>"
    "<p>Serikzhan Bilash was detained on 10 March 2019.</p>"
    "<img src='http://169.254.169.254/latest/meta-data/' alt=''>"
    "<script>new WebSocket('ws://169.254.169.254/socket')</script></body></html>"
)


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict = {}

    def log_message(self, *args) -> None:  # quiet test output
        pass

    def do_GET(self) -> None:
        self.server.hits.append(self.path)
        route = self.server.routes.get(self.path.split("?")[0])
        if route is None:
            self.send_error(404, "Not Found")
            return
        route(self)


def send(handler, body: bytes, content_type: str = "text/html; charset=utf-8", status: int = 200) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    handler.send_header("X-Served-By", "local-test-server")
    handler.end_headers()
    handler.wfile.write(body)


def redirect(handler, location: str) -> None:
    handler.send_response(302)
    handler.send_header("Location", location)
    handler.send_header("Content-Length", "0")
    handler.end_headers()


def never_finishes(handler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    for _ in range(600):
        try:
            handler.wfile.write(b" ")
            handler.wfile.flush()
        except OSError:
            return
        time.sleep(0.05)


def large_page(handler) -> None:
    # No Content-Length: the limit must be enforced while reading, not only from the header.
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    chunk = b"<p>" + b"x" * 65536 + b"</p>"
    for _ in range(40):
        try:
            handler.wfile.write(chunk)
        except OSError:
            return


class PageServer:
    """Pages to capture, on 127.0.0.1 (captures need EVIDENCE_CAPTURE_ALLOW_LOOPBACK for it)."""

    def __init__(self) -> None:
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.hits = []
        self.server.daemon_threads = True
        self.server.routes = {
            "/article": lambda h: send(h, PAGE.encode()),
            "/style.css": lambda h: send(h, b"h1 { color: #333; }", "text/css"),
            "/moved": lambda h: redirect(h, "/article"),
            "/loop-a": lambda h: redirect(h, "/loop-b"),
            "/loop-b": lambda h: redirect(h, "/loop-a"),
            "/to-metadata": lambda h: redirect(h, "http://169.254.169.254/latest/meta-data/"),
            "/gone": lambda h: send(h, b"gone", status=410),
            "/slow": never_finishes,
            "/large": large_page,
        }
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def hits(self) -> list[str]:
        return self.server.hits

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def __enter__(self) -> PageServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(subject: str, key, issuer: str, issuer_key, *, ca: bool) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
    else:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    return builder.sign(issuer_key, hashes.SHA256())


def _pem(path: Path, *certificates: x509.Certificate) -> Path:
    path.write_bytes(b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certificates))
    return path


class TimestampAuthority:
    """`openssl ts -reply` behind a tiny HTTP server, signing with a TSA certificate of a CA made here."""

    NAME = "Local Test Time-Stamp Authority"

    def __init__(self, directory: Path, ca_name: str = "Local Test Root CA") -> None:
        self.directory = directory
        ca_key = ec.generate_private_key(ec.SECP256R1())
        tsa_key = ec.generate_private_key(ec.SECP256R1())
        self.ca = _certificate(ca_name, ca_key, ca_name, ca_key, ca=True)
        self.tsa = _certificate(self.NAME, tsa_key, ca_name, ca_key, ca=False)
        self.roots_file = _pem(directory / "roots.pem", self.ca)
        _pem(directory / "tsa.pem", self.tsa)
        (directory / "tsa.key").write_bytes(
            tsa_key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        (directory / "serial").write_text("01\n")
        (directory / "tsa.cnf").write_text(
            "[ tsa ]\ndefault_tsa = local\n[ local ]\n"
            f"dir = {directory}\nserial = $dir/serial\ncrypto_device = builtin\n"
            "signer_cert = $dir/tsa.pem\ncerts = $dir/tsa.pem\nsigner_key = $dir/tsa.key\n"
            "signer_digest = sha256\ndefault_policy = 1.3.6.1.4.1.99999.1\n"
            "digests = sha256, sha384, sha512\naccuracy = secs:1\nordering = no\ntsa_name = yes\n"
            "ess_cert_id_chain = no\ness_cert_id_alg = sha256\n"
        )
        self.lock = threading.Lock()
        self.requests = 0
        authority = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                query = self.rfile.read(int(self.headers["Content-Length"]))
                reply = authority.reply(query)
                send(self, reply, "application/timestamp-reply")

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def reply(self, query: bytes) -> bytes:
        with self.lock:
            self.requests += 1
            (self.directory / "query.tsq").write_bytes(query)
            subprocess.run(
                ["openssl", "ts", "-reply", "-config", str(self.directory / "tsa.cnf"),
                 "-queryfile", str(self.directory / "query.tsq"), "-out", str(self.directory / "reply.tsr")],
                check=True, capture_output=True, timeout=30,
            )  # fmt: skip
            return (self.directory / "reply.tsr").read_bytes()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/tsa"

    def __enter__(self) -> TimestampAuthority:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
