"""Real local receivers for alert tests: an aiosmtpd SMTP server, an HTTP webhook receiver,
a private `redis-server` and real `celery worker` processes pointed at the test database."""

from __future__ import annotations

import asyncio
import email
import email.policy
import http.server
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import redis
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

REPO = Path(__file__).resolve().parents[2]
logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, timeout: float = 30, interval: float = 0.1, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")


def readable(message) -> str:
    """Headers and decoded text and HTML bodies: what a reader sees (the wire form may be base64)."""
    headers = "".join(f"{name}: {value}\n" for name, value in message.items())
    bodies = (message.get_body(kind).get_content() for kind in ("plain", "html"))
    return headers + "\n".join(body.replace("\r\n", "\n") for body in bodies)


@dataclass
class SmtpBehaviour:
    """What the server answers: 4xx a number of times per address, 5xx always, slow DATA."""

    temporary_failures: dict[str, int] = field(default_factory=dict)
    refused: set[str] = field(default_factory=set)
    data_delay: float = 0.0


class RecordingHandler:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.messages: list[email.message.EmailMessage] = []
        self.peers: list[tuple] = []  # the client's address per accepted message: one per connection
        self.behaviour = SmtpBehaviour()
        self.data_started = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.behaviour.refused:
            return f"550 5.1.1 <{address}>: mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.data_started.set()
        if self.behaviour.data_delay:
            # If the client dies meanwhile, aiosmtpd cancels this coroutine: like a real MTA,
            # a transaction without its final "250" is not delivered.
            await asyncio.sleep(self.behaviour.data_delay)
        with self.lock:
            rcpt = envelope.rcpt_tos[0]
            left = self.behaviour.temporary_failures.get(rcpt, 0)
            if left:
                self.behaviour.temporary_failures[rcpt] = left - 1
                return "451 4.3.0 Mailbox busy, try again later"
            self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
            self.peers.append(tuple(session.peer))
        return "250 OK"

    def by_recipient(self) -> dict[str, list]:
        with self.lock:
            result: dict[str, list] = {}
            for message in self.messages:
                result.setdefault(message["To"], []).append(message)
            return result

    def reset(self) -> None:
        with self.lock:
            self.messages.clear()
            self.peers.clear()
            self.behaviour = SmtpBehaviour()
            self.data_started.clear()


class SmtpServer:
    def __init__(self) -> None:
        self.handler = RecordingHandler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()


class WebhookReceiver:
    """Records every POST (headers and JSON body); answers with the configured status codes."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.deliveries: list[dict] = []
        self.statuses: list[int] = []  # answers to give first, then 200
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with receiver.lock:
                    status = receiver.statuses.pop(0) if receiver.statuses else 200
                    if status == 200:
                        receiver.deliveries.append(
                            {"headers": dict(self.headers), "body": body, "json": json.loads(body), "path": self.path}
                        )
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"

    def __enter__(self) -> WebhookReceiver:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


class RedisServer:
    """A `redis-server` of the test's own, restartable on the same port.

    Without persistence, as the shared one in CI: stopping it loses whatever sat in its
    queue, which is the outage the alert sweep exists for. Other tests keep the shared Redis.
    """

    BINARY = "/usr/bin/redis-server"

    def __init__(self, tmp_dir: Path) -> None:
        self.tmp_dir = tmp_dir
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def start(self) -> None:
        assert self.process is None, "already running"
        self.starts += 1
        log = self.tmp_dir / f"redis-{self.starts}.log"
        args = [self.BINARY, "--port", str(self.port), "--save", "", "--appendonly", "no"]
        args += ["--bind", "127.0.0.1", "--dir", str(self.tmp_dir), "--logfile", str(log)]
        self.process = subprocess.Popen(args, cwd=self.tmp_dir, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        wait_for(self.answers, 10, message=f"redis-server on port {self.port}")

    def answers(self) -> bool:
        try:
            return bool(self.client().ping())
        except redis.ConnectionError:
            assert self.process is None or self.process.poll() is None, f"redis-server exited: see {self.tmp_dir}"
            return False

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_connect_timeout=1, socket_timeout=2)

    def stop(self) -> None:
        """SIGTERM, as a service manager would: with nothing on disk, the queue is gone."""
        if self.process is None:
            return
        process, self.process = self.process, None
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)

    def __enter__(self) -> RedisServer:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


class CeleryWorkers:
    """Real `celery -A tracker worker` processes on the pytest-django test database."""

    def __init__(self, tmp_dir: Path, smtp_port: int, queue: str, broker_url: str | None = None) -> None:
        self.tmp_dir = tmp_dir
        self.smtp_port = smtp_port
        self.queue = queue
        self.broker_url = broker_url or settings.REDIS_URL
        self.processes: dict[str, subprocess.Popen] = {}
        self.starts = 0

    def env(self) -> dict[str, str]:
        db = connection.settings_dict
        return {
            **os.environ,
            "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "DB_CONN_MAX_AGE": "60",
            "REDIS_URL": self.broker_url,
            "CELERY_QUEUE": self.queue,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.smtp_port),
            "EMAIL_USE_TLS": "false",
            "EMAIL_TIMEOUT": "5",
            "ALERTS_TASK_TIME_LIMIT": "4",
            "ALERTS_LEASE_SECONDS": "6",
            "ALERTS_RETRY_BASE_SECONDS": "1",
            "ALERTS_SWEEP_SECONDS": "1",
            "ALERTS_SWEEP_GRACE_SECONDS": "3",
            "LOG_LEVEL": "WARNING",
            "DEBUG": "false",  # the cached template loader, as in production
        }

    def start(self, name: str, beat: bool = False) -> None:
        self.starts += 1
        log = open(self.tmp_dir / f"worker-{name}-{self.starts}.log", "w")  # noqa: SIM115 - lives with the process
        args = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tracker",
            "worker",
            "--pool=solo",
            "-Q",
            self.queue,
            "-n",
            f"{name}-{self.starts}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "info",
        ]
        if beat:
            args += ["-B", "-s", str(self.tmp_dir / "beat-schedule")]
        process = subprocess.Popen(
            args, cwd=REPO, env=self.env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes[name] = process
        path = Path(log.name)
        wait_for(lambda: "ready." in path.read_text() or process.poll() is not None, 30, message=f"worker {name}")
        assert process.poll() is None, path.read_text()

    def kill(self, name: str) -> None:
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)

    def stop_all(self) -> None:
        for process in self.processes.values():
            os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)
        self.processes.clear()
