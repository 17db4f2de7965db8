"""What each audience receives, over a real SMTP conversation and a real HTTP receiver."""

import json

from cases.alerts.transports import webhook_signature
from cases.models import Notification, Subscription
from cases.services.status import case_change_status
from tests.alerts.conftest import PLANTED_NAME, PLANTED_NOTE, email_subscription, team_case, webhook_subscription
from tests.alerts.servers import readable


def change_and_deliver(django_capture_on_commit_callbacks, case, by, status="convicted"):
    with django_capture_on_commit_callbacks(execute=True):
        return case_change_status(case=case, status=status, by=by, note=PLANTED_NOTE)


def parts(message) -> tuple[str, str]:
    text, html = (message.get_body(kind).get_content().replace("\r\n", "\n") for kind in ("plain", "html"))
    return text, html


def test_public_email_says_only_what_the_public_page_says(db, smtp, django_capture_on_commit_callbacks):
    case, staff, _lawyer = team_case(slug="bilash", title="Detention of Serikzhan Bilash (2019)")
    subscription = email_subscription(case, email="reader@example.org")
    change_and_deliver(django_capture_on_commit_callbacks, case, staff)

    [message] = smtp.by_recipient()["reader@example.org"]
    notification = Notification.objects.get(subscription=subscription)
    text, html = parts(message)
    unsubscribe = f"http://127.0.0.1:8000/alerts/unsubscribe/{subscription.token}/"
    assert message["Subject"] == "Detention of Serikzhan Bilash (2019): now convicted"
    assert message["Message-ID"] == f"<alert-{notification.delivery_id}@127.0.0.1>"
    # A long header is folded onto its own line; the value is the same.
    assert message["List-Unsubscribe"].strip() == f"<{unsubscribe}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "From: detained\nTo: convicted\n" in text
    assert "http://127.0.0.1:8000/cases/bilash/" in text and unsubscribe in text
    assert f'href="{unsubscribe}"' in html and "<strong>convicted</strong>" in html
    for secret in (PLANTED_NOTE, PLANTED_NAME, "Internal note", "staff"):
        assert secret not in readable(message)
    assert (notification.state, notification.attempts, notification.last_error) == ("sent", 1, "")
    assert notification.sent_at is not None and notification.claimed_until is None


def test_team_gets_the_internal_note_off_team_lawyer_does_not(db, smtp, django_capture_on_commit_callbacks):
    from tests.alerts.conftest import user_with_role
    from tracker import roles

    case, staff, lawyer = team_case(slug="team")
    outsider = user_with_role(roles.LAWYER, username="outsider")
    Subscription.objects.create(user=outsider, scope="case", case=case, confirmed_at="2026-01-01T00:00Z")
    change_and_deliver(django_capture_on_commit_callbacks, case, staff)

    received = smtp.by_recipient()
    assert sorted(received) == sorted([staff.email, lawyer.email, outsider.email])
    for member in (staff, lawyer):
        text, html = parts(received[member.email][0])
        assert f"Internal note (for the case team only):\n{PLANTED_NOTE}" in text
        assert PLANTED_NOTE in html
    assert PLANTED_NOTE not in readable(received[outsider.email][0])
    # Restricted names are in no alert at all: alerts carry the case title, status and note only.
    assert all(PLANTED_NAME not in readable(m) for ms in received.values() for m in ms)


def test_email_is_in_the_subscribers_language(db, smtp, django_capture_on_commit_callbacks):
    case, staff, _lawyer = team_case(slug="ru")
    email_subscription(case, email="ru@example.org", language="ru")
    change_and_deliver(django_capture_on_commit_callbacks, case, staff)
    [message] = smtp.by_recipient()["ru@example.org"]
    assert message["Content-Language"] == "ru"
    assert '<html lang="ru">' in parts(message)[1]


def test_webhook_is_signed_carries_delivery_id_and_public_facts_only(
    db, webhook_receiver, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    case, staff, _lawyer = team_case(slug="hook", country="KZ")
    subscription = webhook_subscription(webhook_receiver.url, case)
    change = change_and_deliver(django_capture_on_commit_callbacks, case, staff)

    [delivery] = webhook_receiver.deliveries
    notification = Notification.objects.get(subscription=subscription)
    headers = delivery["headers"]
    assert headers["X-Tracker-Delivery"] == str(notification.delivery_id)
    expected = webhook_signature("s3cret-shared-with-partner", headers["X-Tracker-Timestamp"], delivery["body"])
    assert headers["X-Tracker-Signature"] == f"sha256={expected}"
    assert delivery["json"] == {
        "delivery_id": str(notification.delivery_id),
        "event": "case.status_changed",
        "case": {"slug": "hook", "title": case.title, "country": "KZ", "url": "http://127.0.0.1:8000/cases/hook/"},
        "from_status": "detained",
        "to_status": "convicted",
        "changed_at": change.changed_at.isoformat(),
    }
    assert PLANTED_NOTE not in json.dumps(delivery["json"])
    assert notification.state == "sent"


def test_webhook_4xx_is_final_5xx_is_retried(db, webhook_receiver, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    case, staff, _lawyer = team_case(slug="hook-errors")
    busy = webhook_subscription(webhook_receiver.url, case, name="Busy")
    webhook_receiver.statuses = [503]
    change_and_deliver(django_capture_on_commit_callbacks, case, staff)
    row = Notification.objects.get(subscription=busy)
    assert (row.state, row.attempts, row.last_error) == ("pending", 1, "HTTP 503 Service Unavailable")

    gone = webhook_subscription(webhook_receiver.url, case, name="Gone")
    webhook_receiver.statuses = [410]
    change_and_deliver(django_capture_on_commit_callbacks, case, staff, status="released")
    row = Notification.objects.get(subscription=gone)
    assert (row.state, row.last_error) == ("failed", "HTTP 410 Gone")
