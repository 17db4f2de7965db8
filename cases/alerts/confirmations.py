"""The confirmation mail of a public subscription (double opt-in)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from cases.alerts.messages import absolute
from cases.alerts.transports import EmailMessage, EmailTransport
from cases.models import Subscription


def subscription_send_confirmation(subscription_id: int) -> None:
    subscription = Subscription.objects.select_related("case", "article").filter(pk=subscription_id).first()
    if subscription is None or subscription.confirmed_at or subscription.unsubscribed_at:
        return
    context = {
        "scope_label": subscription.scope_label,
        "confirm_url": absolute(reverse("alerts:confirm", args=[subscription.token])),
        "language": subscription.language,
    }
    with translation.override(subscription.language):
        subject = render_to_string("emails/confirm-subscription-subject.txt", context).strip()
        text = render_to_string("emails/confirm-subscription-body.txt", context)
        html = render_to_string("emails/confirm-subscription-body.html", context)
    EmailTransport().send(
        EmailMessage(
            to=subscription.email,
            subject=subject,
            text=text,
            html=html,
            message_id=f"<confirm-{subscription.token[:24]}@tracker>",
            headers={"Auto-Submitted": "auto-generated"},
        )
    )
