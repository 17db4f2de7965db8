"""Delivery of the alert outbox: claim a row, send it, record the outcome.

Flow (docs/alerts.md): case_change_status writes the outbox rows (services.py) in its
transaction; after commit one task per batch of rows is queued (tasks.py; eagerly,
in-process, in the embedded default). A task walks its batch over one SMTP connection,
claiming each row with a conditional UPDATE (a lease) just before its own send and
recording the result just after. The beat task sweeps rows whose task was lost.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import time
from collections.abc import Callable
from contextlib import contextmanager

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from cases.alerts import messages as alert_messages
from cases.alerts.confirmations import build_confirmation
from cases.alerts.transports import EmailTransport, PermanentError, TransportError, WebhookTransport
from cases.models import Notification

log = logging.getLogger(__name__)
MAX_BACKOFF = dt.timedelta(hours=6)
SWEEP_BATCH = 5000


def notification_claim(
    notification_id: int, read: Notification | None = None
) -> tuple[Notification, dt.datetime] | None:
    """Take the row for one attempt, or return None if it is not ours to send.

    One conditional UPDATE: of two workers racing for a row, the database lets exactly
    one match. Each claim counts as an attempt, so a message that kills its worker is
    tried a bounded number of times, never looped. `read` is the row as the batch read
    it: if its attempt count still holds, the claim needs no second read.
    """
    now = timezone.now()
    lease = now + dt.timedelta(seconds=settings.ALERTS_LEASE_SECONDS)
    claimable = Notification.objects.due(now).filter(pk=notification_id, attempts__lt=settings.ALERTS_MAX_ATTEMPTS)
    take = {"state": Notification.State.CLAIMED, "claimed_until": lease, "queued_until": None}
    if read is not None and claimable.filter(attempts=read.attempts).update(**take, attempts=read.attempts + 1):
        read.attempts += 1
        read.state, read.claimed_until, read.queued_until = Notification.State.CLAIMED, lease, None
        return read, lease
    if not claimable.update(**take, attempts=F("attempts") + 1):
        Notification.objects.due(now).filter(pk=notification_id).update(
            state=Notification.State.FAILED,
            claimed_until=None,
            last_error=f"gave up after {settings.ALERTS_MAX_ATTEMPTS} attempts (the worker was lost each time)",
        )
        return None
    return _read_for_delivery().get(pk=notification_id), lease


def _read_for_delivery():
    return Notification.objects.select_related(
        "subscription__user", "subscription__webhook", "subscription__case", "change__case"
    )


def notifications_deliver(ids: list[int], *, requeue: Callable[[list[int]], object] | None = None) -> dict[int, str]:
    """Deliver one batch: one read, one SMTP connection, but a claim and a record per row.

    Each row is claimed just before its own send, so a worker killed mid-batch holds one
    row (until its lease runs out), never the batch. The rows it had not reached are
    stamped below to wait only a lease, not the broker grace, before the sweep takes them.
    Past half the time limit the rest is given to `requeue` (the task queues it anew).
    """
    deadline = time.monotonic() + settings.ALERTS_TASK_TIME_LIMIT / 2
    lease_end = timezone.now() + dt.timedelta(seconds=settings.ALERTS_LEASE_SECONDS)
    Notification.objects.filter(pk__in=ids, state=Notification.State.PENDING, queued_until__gt=lease_end).update(
        queued_until=lease_end
    )
    read = _read_for_delivery().in_bulk(ids)
    outcomes: dict[int, str] = {}
    renderings: dict = {}  # each (change, language, audience) rendered once per batch
    with _transports() as transports:
        for position, notification_id in enumerate(ids):
            if position and time.monotonic() > deadline:
                _hand_back(ids[position:], requeue)
                break
            outcomes[notification_id] = _deliver_one(notification_id, read.get(notification_id), transports, renderings)
    return outcomes


def notification_deliver(notification_id: int) -> str:
    """Claim, send, record one row. Returns the resulting state (or "skipped")."""
    return notifications_deliver([notification_id])[notification_id]


@contextmanager
def _transports():
    # One SMTP connection for the batch: its handshake cost as much as the message.
    connection = get_connection(fail_silently=False)
    try:
        yield {
            Notification.Channel.EMAIL: EmailTransport(connection),
            Notification.Channel.WEBHOOK: WebhookTransport(),
        }
    finally:
        EmailTransport(connection).close()


def _deliver_one(notification_id: int, read: Notification | None, transports: dict, renderings: dict) -> str:
    if read is None:  # deleted with its case or subscription since it was queued
        return "skipped"
    claim = notification_claim(notification_id, read)
    if claim is None:
        return "skipped"
    notification, lease = claim
    try:
        if notification.kind == Notification.Kind.CONFIRMATION:
            message = build_confirmation(notification)
        else:
            message = alert_messages.build(notification, renderings)
        transports[notification.channel].send(message)
    except PermanentError as exc:
        return _finish(notification, lease, state=Notification.State.FAILED, last_error=str(exc))
    except TransportError as exc:
        return _retry_later(notification, lease, str(exc))
    except Exception as exc:
        # A bug or a time limit: retried like a transient failure, within the same cap.
        log.exception("alerts: notification %s failed unexpectedly", notification_id)
        outcome = _retry_later(notification, lease, f"{exc.__class__.__name__}: {exc}")
        if isinstance(exc, SoftTimeLimitExceeded):
            raise  # the rest of the batch waits for the sweep (stamped above)
        return outcome
    return _finish(notification, lease, state=Notification.State.SENT, sent_at=timezone.now(), last_error="")


def _hand_back(ids: list[int], requeue: Callable[[list[int]], object] | None) -> None:
    """Rows a slow batch did not reach: unclaimed, so a new task (or else the sweep) may simply take them."""
    queued_until = timezone.now() + dt.timedelta(seconds=settings.ALERTS_SWEEP_GRACE_SECONDS)
    Notification.objects.filter(pk__in=ids, state=Notification.State.PENDING).update(queued_until=queued_until)
    if requeue is not None:
        requeue(ids)


def _retry_later(notification: Notification, lease: dt.datetime, error: str) -> str:
    if notification.attempts >= settings.ALERTS_MAX_ATTEMPTS:
        error = f"gave up after {notification.attempts} attempts: {error}"
        return _finish(notification, lease, state=Notification.State.FAILED, last_error=error)
    return _finish(
        notification,
        lease,
        state=Notification.State.PENDING,
        last_error=error,
        next_attempt_at=timezone.now() + retry_delay(notification.attempts),
    )


def retry_delay(attempts: int) -> dt.timedelta:
    """Exponential backoff with jitter, so retries from one outage do not arrive together."""
    ceiling = min(dt.timedelta(seconds=settings.ALERTS_RETRY_BASE_SECONDS * 2 ** (attempts - 1)), MAX_BACKOFF)
    return ceiling * random.uniform(0.5, 1.0)


def _finish(notification: Notification, lease: dt.datetime, **fields) -> str:
    # Only the holder of this exact lease may record the outcome.
    Notification.objects.filter(pk=notification.pk, state=Notification.State.CLAIMED, claimed_until=lease).update(
        claimed_until=None, **fields
    )
    return fields["state"]


def notifications_due() -> list[int]:
    """What is owed and due again: retries, rows whose task was lost, expired leases.

    The rows are stamped as queued; the caller hands them to the broker.

    A row already in the broker (queued_until ahead) is left alone, so a backlog longer
    than the sweep interval is not multiplied by re-queuing it every minute.
    """
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            Notification.objects.due(now)
            .filter(Q(queued_until__isnull=True) | Q(queued_until__lt=now))
            .order_by("next_attempt_at")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:SWEEP_BATCH]
        )
        queued_until = now + dt.timedelta(seconds=settings.ALERTS_SWEEP_GRACE_SECONDS)
        Notification.objects.filter(pk__in=ids).update(queued_until=queued_until)
    return ids
