"""The confirmation mail of a public subscription (double opt-in), sent through the alert outbox.

A confirmation is a Notification of kind "confirmation": claimed, retried with backoff and
recorded in the delivery log like an alert, so an SMTP failure delays it instead of losing it.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from cases.alerts.messages import absolute
from cases.alerts.transports import EmailMessage, PermanentError
from cases.models import Notification, Subscription


def confirmation_create(*, subscription: Subscription) -> Notification:
    """One confirmation mail owed to `subscription`; the caller queues it (or the sweep will)."""
    now = timezone.now()
    return Notification.objects.create(
        kind=Notification.Kind.CONFIRMATION,
        subscription=subscription,
        channel=Notification.Channel.EMAIL,
        next_attempt_at=now,
        queued_until=now + dt.timedelta(seconds=settings.ALERTS_SWEEP_GRACE_SECONDS),
    )


def build_confirmation(notification: Notification) -> EmailMessage:
    subscription = notification.subscription
    if subscription.unsubscribed_at is not None:
        raise PermanentError("the subscriber unsubscribed before it was sent")
    if subscription.confirmed_at is not None:
        raise PermanentError("the subscription was confirmed meanwhile")
    context = {
        "scope_label": subscription.scope_label,
        "confirm_url": absolute(reverse("alerts:confirm", args=[subscription.token])),
        "language": subscription.language,
    }
    with translation.override(subscription.language):
        subject = render_to_string("emails/confirm-subscription-subject.txt", context).strip()
        text = render_to_string("emails/confirm-subscription-body.txt", context)
        html = render_to_string("emails/confirm-subscription-body.html", context)
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return EmailMessage(
        to=subscription.email,
        subject=subject,
        text=text,
        html=html,
        message_id=f"<confirm-{notification.delivery_id}@{domain}>",
        headers={"Auto-Submitted": "auto-generated"},
    )
