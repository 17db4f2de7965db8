"""Alerts at scale: one status change to N subscribers, through Redis, two Celery workers and SMTP.

The SMTP sink is a real aiosmtpd server; a message counts when the sink has accepted
it. The same N empty tasks through the same broker and workers give the ceiling.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from dataclasses import dataclass

from aiosmtpd.controller import Controller
from django.contrib.auth import get_user_model
from redis import Redis

from bench.copy import copy_rows, reset_sequence
from bench.load import HERE, free_port

ALERT_COUNTRY = "IS"  # no generated case or subscriber uses it, so the recipients are exactly ours


@dataclass
class AlertResult:
    count: int
    alert_seconds: float
    empty_seconds: float
    delivered: int

    @property
    def ratio(self) -> float:
        return self.alert_seconds / self.empty_seconds if self.empty_seconds else 0.0


class CountingSink:
    """An SMTP server that accepts everything and remembers when the last message came."""

    def __init__(self, expected: int) -> None:
        self.expected = expected
        self.received = 0
        self.last_at = 0.0
        self.done = threading.Event()
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        with self._lock:
            self.received += 1
            self.last_at = time.monotonic()
            if self.received >= self.expected:
                self.done.set()
        return "250 Message accepted for delivery"


def start_workers(env: dict[str, str], smtp_port: int, count: int = 2) -> list[subprocess.Popen]:
    worker_env = {**env, "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_port), "EMAIL_USE_TLS": "false"}
    workers = []
    for number in range(1, count + 1):
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tracker",
            "worker",
            "--pool",
            "solo",
            "-Q",
            "bench",
            "-n",
            f"bench{number}@%h",
            "--include",
            "bench.tasks",
            "-l",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
        ]
        workers.append(subprocess.Popen(command, env=worker_env, cwd=HERE.parent))  # noqa: S603
    return workers


def wait_for_workers(count: int) -> None:
    from tracker.celery import app

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if len(app.control.ping(timeout=1.0) or []) >= count:
            return
    raise RuntimeError("the Celery workers did not answer within 60 s")


def time_empty_tasks(count: int, redis_url: str) -> float:
    from bench.tasks import COUNTER_KEY, empty_task
    from tracker.celery import app

    redis = Redis.from_url(redis_url)
    redis.delete(COUNTER_KEY)
    started = time.monotonic()
    with app.connection_for_write() as connection:
        for _ in range(count):
            empty_task.apply_async(queue="bench", connection=connection)
    while int(redis.get(COUNTER_KEY) or 0) < count:
        if time.monotonic() - started > 600:
            raise RuntimeError("empty tasks did not finish within 10 minutes")
        time.sleep(0.05)
    return time.monotonic() - started


def alert_case_with_subscribers(count: int):
    from cases.models import Case, Subscription
    from tracker.guarded import guarded_write

    # A --reuse run starts from the same recipients as a fresh one: none left from the last.
    Subscription.objects.filter(country=ALERT_COUNTRY).delete()
    Case.objects.filter(slug="bench-alert-case").delete()
    # Bench fixtures are written directly, as generate.py's COPY does, not through the review workflow.
    with guarded_write("publication"):
        case = Case.objects.create(
            slug="bench-alert-case",
            title="Detention for the alert bench",
            country=ALERT_COUNTRY,
            publication=Case.Publication.PUBLISHED,
            summary="Public summary.",
        )
    first = (Subscription.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    copy_rows(
        Subscription,
        (
            {
                "id": first + i,
                "email": f"alert-reader{i}@example.org",
                "scope": "country",
                "country": ALERT_COUNTRY,
                "confirmed_at": case.created_at,
            }
            for i in range(count)
        ),
    )
    reset_sequence(Subscription)
    return case


def run_alerts(env: dict[str, str], count: int) -> AlertResult:
    from cases.models import Notification
    from cases.services.status import case_change_status
    from tracker.celery import app

    sink = CountingSink(count)
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    app.control.purge()
    workers = start_workers(env, port)
    try:
        wait_for_workers(len(workers))
        empty_seconds = time_empty_tasks(count, env["REDIS_URL"])
        case = alert_case_with_subscribers(count)
        staff = get_user_model().objects.get(username="bench-staff")
        started = time.monotonic()
        case_change_status(case=case, status="detained", by=staff, note="Alert bench.")
        if not sink.done.wait(timeout=900):
            raise RuntimeError(f"only {sink.received} of {count} alerts arrived within 15 minutes")
        alert_seconds = sink.last_at - started
        delivered = Notification.objects.filter(change__case=case, state=Notification.State.SENT).count()
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=60)
        controller.stop()
    return AlertResult(count=count, alert_seconds=alert_seconds, empty_seconds=empty_seconds, delivered=delivered)
