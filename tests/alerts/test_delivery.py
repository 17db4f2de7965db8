"""Claim, retry, backoff and sweep, in-process against a real local SMTP server."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from cases.alerts import delivery, tasks
from cases.models import Notification
from cases.services.status import case_change_status
from tests.alerts.conftest import email_subscription, team_case


@pytest.fixture
def owed(db, settings):
    """One pending notification to a public subscriber, not yet sent (no on-commit run)."""
    settings.ALERTS_MAX_ATTEMPTS = 3
    settings.ALERTS_RETRY_BASE_SECONDS = 30
    case, staff, _lawyer = team_case(slug="owed")
    subscription = email_subscription(case, email="reader@example.org")
    case_change_status(case=case, status="released", by=staff)
    return Notification.objects.get(subscription=subscription)


def test_a_claimed_row_is_not_claimed_again_until_its_lease_expires(owed, settings):
    first = delivery.notification_claim(owed.pk)
    assert first is not None and delivery.notification_claim(owed.pk) is None
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=settings.ALERTS_LEASE_SECONDS + 1)):
        second = delivery.notification_claim(owed.pk)
    assert second is not None and second[0].attempts == 2
    # The first worker's lease is gone: its late result is not recorded over the second's claim.
    assert delivery._finish(first[0], first[1], state="sent", sent_at=timezone.now()) == "sent"
    owed.refresh_from_db()
    assert (owed.state, owed.claimed_until) == ("claimed", second[1])


def test_a_row_whose_worker_keeps_dying_is_failed_not_looped(owed, settings):
    with time_machine.travel(timezone.now()) as clock:
        for _attempt in range(settings.ALERTS_MAX_ATTEMPTS):
            assert delivery.notification_claim(owed.pk) is not None
            clock.shift(dt.timedelta(seconds=settings.ALERTS_LEASE_SECONDS + 1))  # the worker died: lease runs out
        assert delivery.notification_claim(owed.pk) is None
    owed.refresh_from_db()
    assert (owed.state, owed.attempts) == ("failed", 3)
    assert owed.last_error == "gave up after 3 attempts (the worker was lost each time)"


def test_smtp_4xx_is_retried_with_backoff_then_delivered(owed, smtp):
    smtp.behaviour.temporary_failures = {"reader@example.org": 2}
    before = timezone.now()
    assert delivery.notification_deliver(owed.pk) == "pending"
    owed.refresh_from_db()
    assert (owed.attempts, owed.last_error) == (1, "SMTP 451: 4.3.0 Mailbox busy, try again later")
    assert 15 <= (owed.next_attempt_at - before).total_seconds() <= 30  # base 30 s, with jitter
    assert tasks.sweep_notifications() == 0  # not due yet
    with time_machine.travel(owed.next_attempt_at + dt.timedelta(seconds=1)):
        before = timezone.now()
        assert tasks.sweep_notifications() == 1  # eager: the retry runs now, and is refused again
        owed.refresh_from_db()
        assert (owed.state, owed.attempts) == ("pending", 2)
        assert 30 <= (owed.next_attempt_at - before).total_seconds() <= 60  # doubled
        with time_machine.travel(owed.next_attempt_at + dt.timedelta(seconds=1)):
            assert tasks.sweep_notifications() == 1
    owed.refresh_from_db()
    assert (owed.state, owed.attempts, owed.last_error) == ("sent", 3, "")
    assert [m["To"] for m in smtp.messages] == ["reader@example.org"]


def test_smtp_5xx_fails_at_once_with_the_reason(owed, smtp):
    smtp.behaviour.refused = {"reader@example.org"}
    assert delivery.notification_deliver(owed.pk) == "failed"
    owed.refresh_from_db()
    assert (owed.state, owed.attempts) == ("failed", 1)
    assert owed.last_error == "SMTP 550: 5.1.1 <reader@example.org>: mailbox unavailable"


def test_transient_failures_stop_at_the_cap(owed, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", 9, False  # nothing listens
    with time_machine.travel(timezone.now()) as clock:
        for _attempt in range(3):
            delivery.notification_deliver(owed.pk)
            clock.shift(dt.timedelta(hours=7))  # past the longest backoff
    owed.refresh_from_db()
    assert (owed.state, owed.attempts) == ("failed", 3)
    assert owed.last_error.startswith("gave up after 3 attempts: SMTP: ConnectionRefusedError")


def test_sweep_queues_rows_whose_task_was_lost_after_the_grace(owed, settings, mailoutbox):
    assert tasks.sweep_notifications() == 0
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=settings.ALERTS_SWEEP_GRACE_SECONDS + 1)):
        assert tasks.sweep_notifications() == 3  # the reader and the case's two team members
    assert set(Notification.objects.values_list("state", flat=True)) == {"sent"}
    assert sorted(m.to[0] for m in mailoutbox) == [
        "lawyer-owed@example.org",
        "reader@example.org",
        "staff-owed@example.org",
    ]


@pytest.fixture
def owed_batch(db, settings):
    """Five readers and the team of two owed one change, not yet sent (no on-commit run)."""
    settings.ALERTS_MAX_ATTEMPTS = 3
    case, staff, _lawyer = team_case(slug="batch")
    for n in range(5):
        email_subscription(case, email=f"reader{n}@example.org")
    case_change_status(case=case, status="released", by=staff)
    return list(Notification.objects.order_by("pk").values_list("pk", flat=True))


def test_a_batch_sends_each_row_once_over_one_smtp_connection(owed_batch, smtp, django_assert_max_num_queries):
    # One stamp, one read, then per row a claim and a record, with no re-read after the claim;
    # the two team members' access to the case is checked again at send time (two queries each).
    with django_assert_max_num_queries(2 + 2 * len(owed_batch) + 2 * 2):
        outcomes = delivery.notifications_deliver(owed_batch)
    assert outcomes == dict.fromkeys(owed_batch, "sent")
    assert len(smtp.messages) == 7 and len(set(smtp.peers)) == 1
    assert set(Notification.objects.values_list("state", "attempts")) == {("sent", 1)}


def test_a_refused_recipient_in_a_batch_does_not_stop_the_rest(owed_batch, smtp):
    smtp.behaviour.temporary_failures = {"reader1@example.org": 1}
    smtp.behaviour.refused = {"reader3@example.org"}
    outcomes = delivery.notifications_deliver(owed_batch)
    assert sorted(outcomes.values()) == ["failed", "pending", *["sent"] * 5]
    by_address = dict(Notification.objects.values_list("subscription__email", "state"))
    assert (by_address["reader1@example.org"], by_address["reader3@example.org"]) == ("pending", "failed")
    # After the 451 and after the 550 the connection was closed; the next message opened a fresh one.
    assert len(smtp.messages) == 5 and len(set(smtp.peers)) == 3


def test_a_row_claimed_elsewhere_since_the_batch_read_it_is_not_sent_twice(owed_batch, smtp):
    taken = delivery.notification_claim(owed_batch[2])  # another worker holds it now
    assert taken is not None
    outcomes = delivery.notifications_deliver(owed_batch)
    assert outcomes[owed_batch[2]] == "skipped" and len(smtp.messages) == 6


def test_a_slow_batch_hands_the_rows_it_did_not_reach_back_to_the_broker(owed_batch, smtp, settings):
    settings.ALERTS_TASK_TIME_LIMIT = 0  # past half the limit after the first row
    outcomes = tasks.deliver_notifications(owed_batch)
    assert outcomes == {owed_batch[0]: "sent"}
    # Eagerly, each handed-back task sent one row and handed back the rest: all went, once each.
    assert set(Notification.objects.values_list("state", "attempts")) == {("sent", 1)}
    assert len(smtp.messages) == 7 and len(set(smtp.by_recipient())) == 7


def test_rows_are_queued_in_batches(db, settings, smtp, django_capture_on_commit_callbacks):
    settings.ALERTS_BATCH_SIZE = 3
    case, staff, _lawyer = team_case(slug="batches")
    for n in range(5):
        email_subscription(case, email=f"reader{n}@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        case_change_status(case=case, status="released", by=staff)
    # Seven rows in batches of three: three tasks, each over its own connection.
    assert len(smtp.messages) == 7 and len(set(smtp.peers)) == 3
