"""Confirmation mails go through the alert outbox: claimed, retried with backoff, in the delivery log."""

import datetime as dt

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.alerts import tasks
from cases.models import Notification, Subscription
from tests.alerts.conftest import team_case, user_with_role
from tracker import roles


def subscribe(case, email: str, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return Client().post(reverse("alerts:subscribe_case", args=[case.slug]), {"email": email, "language": "en"})


def test_a_failed_confirmation_is_retried_not_lost(db, smtp, django_capture_on_commit_callbacks):
    case, _staff, _lawyer = team_case(slug="confirm-retry")
    smtp.behaviour.temporary_failures = {"reader@example.org": 1}
    response = subscribe(case, "reader@example.org", django_capture_on_commit_callbacks)
    assert response.status_code == 200
    [owed] = Notification.objects.filter(kind="confirmation")
    assert (owed.state, owed.attempts, owed.subscription.email) == ("pending", 1, "reader@example.org")
    assert owed.last_error.startswith("SMTP 451")
    assert smtp.messages == []
    with time_machine.travel(owed.next_attempt_at + dt.timedelta(seconds=1)):
        assert tasks.sweep_notifications() == 1
    owed.refresh_from_db()
    assert (owed.state, owed.attempts) == ("sent", 2)
    [mail] = smtp.messages
    assert mail["To"] == "reader@example.org" and mail["Subject"] == "Confirm your case alerts"
    assert f"/alerts/confirm/{owed.subscription.token}/" in mail.get_body(("plain",)).get_content()


def test_a_confirmation_is_not_sent_once_the_subscription_is_confirmed(db, smtp, django_capture_on_commit_callbacks):
    case, _staff, _lawyer = team_case(slug="confirm-late")
    smtp.behaviour.temporary_failures = {"late@example.org": 1}
    subscribe(case, "late@example.org", django_capture_on_commit_callbacks)
    Subscription.objects.filter(email="late@example.org").update(confirmed_at=timezone.now())
    owed = Notification.objects.get(kind="confirmation")
    with time_machine.travel(owed.next_attempt_at + dt.timedelta(seconds=1)):
        tasks.sweep_notifications()
    owed.refresh_from_db()
    assert (owed.state, owed.last_error) == ("failed", "the subscription was confirmed meanwhile")
    assert smtp.messages == []


def test_confirmations_are_in_the_delivery_log(db, client, smtp, django_capture_on_commit_callbacks):
    case, _staff, _lawyer = team_case(slug="confirm-log")
    subscribe(case, "logged@example.org", django_capture_on_commit_callbacks)
    editor = user_with_role(roles.EDITOR, username="log-editor", is_staff=True)
    client.force_login(editor)
    admin_log = client.get(reverse("admin:cases_notification_changelist"), {"kind": "confirmation"})
    assert admin_log.status_code == 200
    assert "subscription confirmation" in admin_log.content.decode()
    subscription = Subscription.objects.get(email="logged@example.org")
    staff_log = client.get(reverse("alerts:subscription_notifications", args=[subscription.pk]))
    assert staff_log.status_code == 200 and "subscription confirmation" in staff_log.content.decode()
