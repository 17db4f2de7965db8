"""Delivery through real `celery worker` processes, PostgreSQL, Redis and a local SMTP server.

The workers run against pytest-django's test database on their own queue (tests run
in parallel), with short leases, backoff and sweep interval set through the environment.
Their broker, for the web side (this process) as for the workers, is a redis-server of
the module's own, so the outage tests can stop and restart it for real without touching
the shared Redis other tests use.
"""

import logging
import os
import subprocess
import sys
import time

import pytest
from django.db import connection, transaction

from cases.alerts.transports import webhook_signature
from cases.models import Case, Notification, Subscription
from cases.services.status import case_change_status
from tests.alerts.conftest import PLANTED_NAME, PLANTED_NOTE, email_subscription, team_case, webhook_subscription
from tests.alerts.servers import REPO, CeleryWorkers, RedisServer, readable, wait_for
from tracker.celery import app as celery_app

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.celery_worker]


@pytest.fixture(scope="module")
def broker(tmp_path_factory):
    """The module's own Redis; the finalizer stops whichever incarnation a test left running."""
    if not os.access(RedisServer.BINARY, os.X_OK):
        reason = f"needs {RedisServer.BINARY} (Debian's redis-server) to stop and restart a Redis of its own"
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"required in CI but unavailable: {reason}")
        pytest.skip(reason)
    with RedisServer(tmp_path_factory.mktemp("redis")) as server:
        # The web side publishes through the Celery app, whose configuration was read once.
        working_broker = celery_app.conf.broker_url
        celery_app.conf.broker_url = server.url
        try:
            yield server
        finally:
            celery_app.conf.broker_url = working_broker


@pytest.fixture(scope="module")
def workers(django_db_setup, django_db_blocker, smtp_server, broker, tmp_path_factory):
    queue = f"alerts-{connection.settings_dict['NAME']}"
    pool = CeleryWorkers(tmp_path_factory.mktemp("workers"), smtp_server.port, queue, broker_url=broker.url)
    try:
        pool.start("w1", beat=True)
        yield pool
    finally:
        pool.stop_all()


@pytest.fixture(autouse=True)
def on_worker_queue(workers, broker, smtp, settings, transactional_db):
    if broker.process is None:  # a failed outage test must not take the rest of the module down with it
        broker.start()
    settings.CELERY_BROKER_URL = broker.url
    settings.CELERY_TASK_DEFAULT_QUEUE = workers.queue
    yield
    # Whatever a test did, nothing is left claimed (past its lease or otherwise) once it settles.
    assert not Notification.objects.filter(state=Notification.State.CLAIMED).exists()
    assert not Notification.objects.filter(state=Notification.State.PENDING).exists()


def settle(timeout: float = 60) -> None:
    def done():
        return not Notification.objects.filter(state__in=["pending", "claimed"]).exists()

    wait_for(done, timeout, interval=0.2, message="every notification sent or failed")


def assert_once_each(smtp, addresses: list[str]) -> None:
    received = smtp.by_recipient()
    assert sorted(received) == sorted(addresses)
    assert all(len(messages) == 1 for messages in received.values()), {a: len(m) for a, m in received.items()}
    assert len({m["Message-ID"] for m in smtp.messages}) == len(addresses)


def test_each_subscriber_is_told_exactly_once_with_what_their_audience_may_read(smtp, webhook_receiver):
    case, staff, lawyer = team_case(slug="exact", country="KZ")
    readers = [email_subscription(case, email=f"reader{n}@example.org").email for n in range(4)]
    readers += [email_subscription(email=f"kz{n}@example.org", scope="country", country="KZ").email for n in range(2)]
    email_subscription(case, email="unconfirmed@example.org", confirmed=False)
    gone = email_subscription(case, email="gone@example.org")
    Subscription.objects.filter(pk=gone.pk).update(unsubscribed_at=gone.created_at)
    hooks = [webhook_subscription(webhook_receiver.url, case, name=f"Partner {n}") for n in range(3)]

    case_change_status(case=case, status="convicted", by=staff, note=PLANTED_NOTE)
    settle()

    assert_once_each(smtp, [*readers, staff.email, lawyer.email])
    received = smtp.by_recipient()
    for address in readers:
        raw = readable(received[address][0])
        assert "now convicted" in received[address][0]["Subject"]
        assert PLANTED_NOTE not in raw and PLANTED_NAME not in raw
    for member in (staff, lawyer):
        assert PLANTED_NOTE in readable(received[member.email][0])
    assert len(webhook_receiver.deliveries) == 3
    delivered_ids = {d["headers"]["X-Tracker-Delivery"] for d in webhook_receiver.deliveries}
    assert delivered_ids == {str(n.delivery_id) for n in Notification.objects.filter(subscription__in=hooks)}
    secrets = {
        str(n.delivery_id): n.subscription.webhook.secret
        for n in Notification.objects.filter(subscription__in=hooks).select_related("subscription__webhook")
    }
    for delivery in webhook_receiver.deliveries:
        headers = delivery["headers"]
        secret = secrets[headers["X-Tracker-Delivery"]]
        expected = webhook_signature(secret, headers["X-Tracker-Timestamp"], delivery["body"])
        assert headers["X-Tracker-Signature"] == f"sha256={expected}"
        assert PLANTED_NOTE.encode() not in delivery["body"] and PLANTED_NAME.encode() not in delivery["body"]
    assert Notification.objects.filter(state="sent").count() == 6 + 2 + 3


def test_worker_killed_mid_delivery_loses_nothing_and_sends_nothing_twice(smtp, workers):
    case, staff, lawyer = team_case(slug="sigkill")
    readers = [email_subscription(case, email=f"k{n}@example.org").email for n in range(6)]
    smtp.behaviour.data_delay = 1.5
    case_change_status(case=case, status="released", by=staff)
    assert smtp.data_started.wait(20)
    workers.kill("w1")  # SIGKILL to the worker's whole process group, mid-SMTP-transaction
    smtp.behaviour.data_delay = 0
    assert Notification.objects.filter(state="claimed").count() == 1
    workers.start("w1", beat=True)
    settle()
    assert_once_each(smtp, [*readers, staff.email, lawyer.email])
    assert Notification.objects.filter(attempts=2).count() == 1  # the one in flight, taken again after its lease


def test_redis_stopped_at_change_time_and_restarted_delivers_after_the_sweep(smtp, broker, caplog):
    case, staff, lawyer = team_case(slug="redis-down")
    reader = email_subscription(case, email="reader@example.org").email
    broker.stop()
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="cases.alerts"):
        case_change_status(case=case, status="disappeared", by=staff)
    enqueue_seconds = time.monotonic() - started
    assert enqueue_seconds < 10  # the editor's request is not held hostage
    assert "alerts: broker unavailable, 3 notification(s) left for the sweep" in caplog.messages
    assert set(Notification.objects.values_list("state", "attempts", "queued_until")) == {("pending", 0, None)}
    time.sleep(2)  # two sweeps of the worker's beat, which cannot reach Redis either
    assert smtp.messages == []
    assert set(Notification.objects.values_list("state", "attempts")) == {("pending", 0)}

    broker.start()
    restarted = time.monotonic()
    settle()
    print(f"\nenqueue, Redis down: {enqueue_seconds:.2f}s; sent {time.monotonic() - restarted:.1f}s after its restart")
    assert_once_each(smtp, [reader, staff.email, lawyer.email])
    assert set(Notification.objects.values_list("state", "attempts")) == {("sent", 1)}


def test_redis_restarted_while_messages_sat_in_its_queue_delivers_after_the_sweep(smtp, broker, workers, settings):
    # The web side stamps how long a queued row is trusted to the broker; as short as the workers'.
    settings.ALERTS_SWEEP_GRACE_SECONDS = int(workers.env()["ALERTS_SWEEP_GRACE_SECONDS"])
    case, staff, lawyer = team_case(slug="redis-restart")
    reader = email_subscription(case, email="reader@example.org").email
    workers.kill("w1")  # no consumer (and no beat): the messages wait in Redis
    case_change_status(case=case, status="released", by=staff)
    assert broker.client().llen(workers.queue) == 1  # the three rows in one batch
    broker.stop()
    broker.start()
    assert broker.client().llen(workers.queue) == 0  # nothing on disk: the restart lost them
    assert set(Notification.objects.values_list("state", "attempts")) == {("pending", 0)}

    started = time.monotonic()
    workers.start("w1", beat=True)
    settle()
    print(f"\nlost messages re-queued and delivered {time.monotonic() - started:.1f}s after the restart")
    assert_once_each(smtp, [reader, staff.email, lawyer.email])
    assert set(Notification.objects.values_list("state", "attempts")) == {("sent", 1)}


def test_web_process_killed_after_commit_before_enqueue_is_delivered_by_the_sweep(smtp, workers):
    case, staff, lawyer = team_case(slug="killed-web")
    reader = email_subscription(case, email="reader@example.org").email
    # A real process: the first on-commit callback SIGKILLs it, before the enqueue registered after it.
    script = (
        "import os, signal\n"
        "from django.db import transaction\n"
        "from cases.models import Case\n"
        "from cases.services.status import case_change_status\n"
        "with transaction.atomic():\n"
        "    transaction.on_commit(lambda: os.kill(os.getpid(), signal.SIGKILL))\n"
        f"    case_change_status(case=Case.objects.get(pk={case.pk}), status='released', by=None)\n"
    )
    web = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=REPO,
        env=workers.env(),
        timeout=60,
        capture_output=True,
        text=True,
    )
    assert web.returncode == -9, web.stderr
    assert Case.objects.get(pk=case.pk).status == "released"
    assert Notification.objects.count() == 3
    settle()
    assert_once_each(smtp, [reader, staff.email, lawyer.email])


def test_rolled_back_change_sends_nothing(smtp):
    case, staff, _lawyer = team_case(slug="rolled-back")
    email_subscription(case, email="reader@example.org")
    with pytest.raises(RuntimeError), transaction.atomic():
        case_change_status(case=case, status="released", by=staff)
        raise RuntimeError("failed later in the same request")
    time.sleep(2)  # two sweeps of the worker's beat
    assert Notification.objects.count() == 0 and smtp.messages == []
    assert Case.objects.get(pk=case.pk).status == "detained"


def test_smtp_4xx_is_retried_until_accepted_and_5xx_fails_with_the_reason(smtp):
    case, staff, lawyer = team_case(slug="smtp-errors")
    email_subscription(case, email="busy@example.org")
    email_subscription(case, email="refused@example.org")
    smtp.behaviour.temporary_failures = {"busy@example.org": 2}
    smtp.behaviour.refused = {"refused@example.org"}
    case_change_status(case=case, status="charged", by=staff)
    settle()
    busy = Notification.objects.get(subscription__email="busy@example.org")
    refused = Notification.objects.get(subscription__email="refused@example.org")
    assert (busy.state, busy.attempts, busy.last_error) == ("sent", 3, "")
    assert (refused.state, refused.attempts) == ("failed", 1)
    assert refused.last_error == "SMTP 550: 5.1.1 <refused@example.org>: mailbox unavailable"
    assert_once_each(smtp, ["busy@example.org", staff.email, lawyer.email])


def test_four_workers_send_two_thousand_notifications_exactly_once(smtp, workers):
    case, staff, lawyer = team_case(slug="load", country="KZ")
    addresses = [f"subscriber{n}@example.org" for n in range(2000)]
    Subscription.objects.bulk_create(
        Subscription(email=a, scope="country", country="KZ", confirmed_at=case.created_at) for a in addresses
    )
    for name in ("w2", "w3", "w4"):
        workers.start(name)
    try:
        started = time.monotonic()
        case_change_status(case=case, status="convicted", by=staff)
        settle(timeout=150)
        elapsed = time.monotonic() - started
    finally:
        for name in ("w2", "w3", "w4"):
            workers.kill(name)
    print(f"\n2,002 notifications through 4 workers in {elapsed:.1f}s")
    assert_once_each(smtp, [*addresses, staff.email, lawyer.email])
    assert Notification.objects.filter(state="sent").count() == 2002
