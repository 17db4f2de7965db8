"""Who is owed an alert for a change: notifications_create_for_change, inside case_change_status."""

import pytest
from django.db import transaction

from cases.alerts.subscriptions import subscription_unfollow
from cases.models import Notification, Subscription
from cases.services.status import case_change_status
from tests.alerts.conftest import email_subscription, team_case, user_with_role, webhook_subscription
from tests.factories import ChargeFactory, LegalArticleFactory, set_publication
from tracker import roles


def recipients(change) -> set[str]:
    return {n.subscription.recipient_label for n in Notification.objects.filter(change=change)}


def test_published_case_owes_team_and_every_matching_public_subscriber(db):
    case, staff, lawyer = team_case(slug="bilash", country="KZ")
    public_article = LegalArticleFactory(slug="art-174")
    hidden_article = LegalArticleFactory(slug="art-999")
    ChargeFactory(case=case, article=public_article, visibility="public")
    ChargeFactory(case=case, article=hidden_article, visibility="restricted")
    email_subscription(case, email="case@example.org")
    email_subscription(email="country@example.org", scope="country", country="KZ")
    email_subscription(email="article@example.org", scope="article", article=public_article)
    email_subscription(email="hidden-article@example.org", scope="article", article=hidden_article)
    email_subscription(email="other-country@example.org", scope="country", country="CN")
    email_subscription(case, email="unconfirmed@example.org", confirmed=False)
    gone = email_subscription(case, email="gone@example.org")
    Subscription.objects.filter(pk=gone.pk).update(unsubscribed_at="2026-01-01T00:00Z")
    webhook_subscription("http://127.0.0.1:9/hook", case)

    change = case_change_status(case=case, status="charged", by=staff, note="x")

    assert recipients(change) == {
        str(staff),
        str(lawyer),
        "case@example.org",
        "country@example.org",
        "article@example.org",
        "Partner NGO",
    }
    assert set(Notification.objects.values_list("state", "attempts").distinct()) == {("pending", 0)}
    assert set(Notification.objects.filter(subscription__webhook__isnull=False).values_list("channel", flat=True)) == {
        "webhook"
    }


def test_unpublished_case_alerts_only_its_team_and_publishing_replays_nothing(db):
    case, staff, lawyer = team_case(slug="draft-case", publication="draft")
    email_subscription(case, email="early@example.org")
    first = case_change_status(case=case, status="charged", by=staff)
    assert recipients(first) == {str(staff), str(lawyer)}

    set_publication(case, "published")
    assert Notification.objects.count() == 2

    second = case_change_status(case=case, status="on_trial", by=staff)
    assert recipients(second) == {str(staff), str(lawyer), "early@example.org"}


def test_team_member_who_unfollowed_and_outsiders_who_lost_access_are_not_told(db):
    case, staff, lawyer = team_case(slug="unfollow", publication="draft")
    outsider = user_with_role(roles.LAWYER, username="outsider")
    Subscription.objects.create(user=outsider, scope="case", case=case, confirmed_at="2026-01-01T00:00Z")
    subscription_unfollow(user=lawyer, case=case)
    change = case_change_status(case=case, status="released", by=staff)
    assert recipients(change) == {str(staff)}


def test_rolled_back_change_leaves_nothing_owed(db, django_capture_on_commit_callbacks, mailoutbox):
    case, staff, _lawyer = team_case(slug="rollback")
    email_subscription(case, email="public@example.org")
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        case_change_status(case=case, status="released", by=staff)
        raise RuntimeError("the editor's request failed after the change")
    assert callbacks == []
    assert Notification.objects.count() == 0
    assert mailoutbox == []


def test_one_notification_per_subscriber_and_change(db):
    from django.db import IntegrityError

    case, staff, _lawyer = team_case(slug="unique")
    change = case_change_status(case=case, status="released", by=staff)
    existing = Notification.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            subscription=existing.subscription, change=change, channel="email", next_attempt_at=change.changed_at
        )
