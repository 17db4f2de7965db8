"""Celery tasks of the alerts: they take ids only (no personal data in Redis).

Task names are kept as they were first published, so messages already in a broker
when the code is upgraded still find their task.
"""

import logging

from celery import shared_task
from django.conf import settings

from cases.alerts import delivery
from cases.alerts.confirmations import confirmation_create
from cases.models import Notification, Subscription
from tracker.celery import app as celery_app

log = logging.getLogger("cases.alerts")


@shared_task(name="cases.tasks.deliver_notifications", ignore_result=True)
def deliver_notifications(notification_ids: list[int]) -> dict[int, str]:
    # Safe to run twice or concurrently: each row's claim decides who sends it.
    return delivery.notifications_deliver(notification_ids, requeue=notifications_enqueue)


@shared_task(name="cases.tasks.deliver_notification", ignore_result=True)
def deliver_notification(notification_id: int) -> str:
    # Messages queued by the one-row-per-task version still in a broker at upgrade time.
    return delivery.notification_deliver(notification_id)


@shared_task(name="cases.tasks.sweep_notifications", ignore_result=True)
def sweep_notifications() -> int:
    return notifications_enqueue(delivery.notifications_due())


@shared_task(name="cases.tasks.send_subscription_confirmation", ignore_result=True)
def send_subscription_confirmation(subscription_id: int) -> None:
    # Messages queued before confirmations went through the outbox: hand them to it.
    subscription = Subscription.objects.filter(pk=subscription_id, confirmed_at__isnull=True).first()
    if subscription is not None:
        notifications_enqueue([confirmation_create(subscription=subscription).pk])


def notifications_enqueue(ids: list[int]) -> int:
    """Queue one task per batch of rows; a broker outage only delays them until the sweep."""
    queued = 0
    size = settings.ALERTS_BATCH_SIZE
    try:
        # One broker connection for the whole run (a change may owe thousands of alerts).
        with celery_app.connection_for_write() as connection:
            for start in range(0, len(ids), size):
                batch = ids[start : start + size]
                deliver_notifications.apply_async(
                    (batch,), queue=settings.CELERY_TASK_DEFAULT_QUEUE, connection=connection
                )
                queued += len(batch)
    except Exception:
        log.warning("alerts: broker unavailable, %d notification(s) left for the sweep", len(ids) - queued)
        # Not in the broker after all: the next sweep may take them at once.
        Notification.objects.filter(pk__in=ids[queued:]).update(queued_until=None)
    return queued
