"""What an alert says, per audience. Public recipients get only what the public page shows.

The audience is decided from the visibility gate at send time, not at change time:
a case withdrawn, or a follower removed from its team, in between hears nothing.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from cases.alerts.transports import EmailMessage, PermanentError, WebhookMessage
from cases.models import Case, Notification
from cases.visibility import levels_for
from tracker.visibility import Visibility


def public_case_url(case: Case) -> str:
    # The public case page belongs to another module; its address is the slug under /cases/.
    return f"{settings.SITE_URL}/cases/{case.slug}/"


def absolute(path: str) -> str:
    return settings.SITE_URL + path


# Stands for the recipient's own unsubscribe address in a rendering shared by a batch.
UNSUBSCRIBE_SLOT = "https://unsubscribe.invalid/slot"


def build(notification: Notification, renderings: dict | None = None) -> EmailMessage | WebhookMessage:
    """The message for one recipient. `renderings`, shared across a batch, keeps each
    (language, audience) rendering once: recipients differ only by address and unsubscribe link."""
    subscription = notification.subscription
    if subscription.unsubscribed_at is not None:
        raise PermanentError("the subscriber unsubscribed before it was sent")
    if notification.channel == Notification.Channel.WEBHOOK:
        return build_webhook(notification)
    return build_email(notification, {} if renderings is None else renderings)


def _audience(notification: Notification) -> dict:
    """The facts this recipient may read about the change."""
    subscription, change = notification.subscription, notification.change
    case = change.case
    if subscription.is_public:
        if case.publication != Case.Publication.PUBLISHED:
            raise PermanentError("the case is no longer published")
        return {"case_url": public_case_url(case), "note": "", "is_team": False}
    levels = levels_for(subscription.user, case)
    if not levels:
        raise PermanentError("the recipient may no longer see this case")
    return {
        # The timeline every follower of a case may open (lawyers cannot open the delivery log).
        "case_url": absolute(reverse("cases:staff-timeline", args=[case.slug])),
        # The note is an internal record: staff and the case's team read it, nobody else.
        "note": change.note if Visibility.INTERNAL in levels else "",
        "is_team": True,
    }


def build_email(notification: Notification, renderings: dict) -> EmailMessage:
    subscription, change = notification.subscription, notification.change
    address = subscription.user.email if subscription.user_id else subscription.email
    unsubscribe_url = absolute(reverse("alerts:unsubscribe", args=[subscription.token]))
    audience = _audience(notification)
    key = (change.pk, subscription.language, *audience.values())
    if key not in renderings:
        renderings[key] = _render(change, audience, subscription.language)
    subject, text, html = (part.replace(UNSUBSCRIBE_SLOT, unsubscribe_url) for part in renderings[key])
    return EmailMessage(
        to=address,
        subject=subject,
        text=text,
        html=html,
        message_id=message_id(notification),
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            "Content-Language": subscription.language,
        },
    )


def _render(change, audience: dict, language: str) -> tuple[str, str, str]:
    context = {
        **audience,
        "case_title": change.case.title,
        "change": change,
        "unsubscribe_url": UNSUBSCRIBE_SLOT,
        "language": language,
    }
    with translation.override(language):
        context["from_label"] = str(change.get_from_status_display()) if change.from_status else ""
        context["to_label"] = str(change.get_to_status_display())
        subject = render_to_string("emails/status-change-subject.txt", context)
        text = render_to_string("emails/status-change-body.txt", context)
        html = render_to_string("emails/status-change-body.html", context)
    return " ".join(subject.split()), text, html


def message_id(notification: Notification) -> str:
    """Stable per notification: a resend after a lost acknowledgement is recognisably the same mail."""
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<alert-{notification.delivery_id}@{domain}>"


def build_webhook(notification: Notification) -> WebhookMessage:
    """Partners are a public audience: the payload carries only what the public page says."""
    change = notification.change
    case = change.case
    audience = _audience(notification)
    payload = {
        "delivery_id": str(notification.delivery_id),
        "event": "case.status_changed",
        "case": {"slug": case.slug, "title": case.title, "country": case.country.code, "url": audience["case_url"]},
        "from_status": change.from_status or None,
        "to_status": change.to_status,
        "changed_at": change.changed_at.isoformat(),
    }
    webhook = notification.subscription.webhook
    if not webhook.active:
        raise PermanentError("the webhook endpoint was deactivated")
    return WebhookMessage(
        url=webhook.url, secret=webhook.secret, delivery_id=str(notification.delivery_id), payload=payload
    )
