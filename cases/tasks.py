"""Celery tasks: they take ids only (no personal data in Redis) and call the alert services."""

from celery import shared_task

from cases import alerts


@shared_task(ignore_result=True)
def deliver_notifications(notification_ids: list[int]) -> None:
    # Safe to run twice or concurrently: each row's claim decides who sends it.
    alerts.notifications_deliver(notification_ids)


@shared_task(ignore_result=True)
def deliver_notification(notification_id: int) -> str:
    # Messages queued by the one-row-per-task version still in a broker at upgrade time.
    return alerts.notification_deliver(notification_id)


@shared_task(ignore_result=True)
def sweep_notifications() -> int:
    return alerts.notifications_sweep()


@shared_task(ignore_result=True)
def send_subscription_confirmation(subscription_id: int) -> None:
    from cases.subscriptions import subscription_send_confirmation

    subscription_send_confirmation(subscription_id)
