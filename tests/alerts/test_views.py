"""Alert pages through their URLs: public double opt-in and unsubscribe, staff log and retry."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import Notification, Subscription
from cases.services.status import case_change_status
from tests.alerts.conftest import email_subscription, team_case, user_with_role
from tests.factories import LegalArticleFactory
from tracker import roles


def link_in(body: str, name: str) -> str:
    return re.search(rf"http://127\.0\.0\.1:8000(/alerts/{name}/[^/\s]+/)", body).group(1)


def test_public_double_opt_in_then_one_click_unsubscribe(db, client, mailoutbox, django_capture_on_commit_callbacks):
    case, staff, _lawyer = team_case(slug="bilash", title="Detention of Serikzhan Bilash (2019)")
    url = reverse("alerts:subscribe_case", args=["bilash"])
    page = client.get(url)
    assert page.status_code == 200 and "Detention of Serikzhan Bilash (2019)" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "Reader@Example.org", "language": "en"})
    assert response.status_code == 200 and "Almost done" in response.content.decode()
    [confirmation] = mailoutbox
    assert confirmation.to == ["Reader@Example.org"] and confirmation.subject == "Confirm your case alerts"
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None

    # Unconfirmed: a change tells the team only.
    change = case_change_status(case=case, status="charged", by=staff)
    assert not Notification.objects.filter(change=change, subscription=subscription).exists()

    confirm_url = link_in(confirmation.body, "confirm")
    assert client.get(confirm_url).status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None  # a mail scanner opening the link confirms nothing
    assert "Subscription confirmed" in client.post(confirm_url).content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None

    # RFC 8058: the mail client POSTs with no session and no CSRF token.
    one_click = Client(enforce_csrf_checks=True).post(
        reverse("alerts:unsubscribe", args=[subscription.token]), {"List-Unsubscribe": "One-Click"}
    )
    assert one_click.status_code == 200 and "Unsubscribed" in one_click.content.decode()
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None
    change = case_change_status(case=case, status="on_trial", by=staff)
    assert not Notification.objects.filter(change=change, subscription=subscription).exists()


def test_unsubscribe_get_only_asks(db, client):
    case, _staff, _lawyer = team_case(slug="ask")
    subscription = email_subscription(case, email="reader@example.org")
    page = client.get(reverse("alerts:unsubscribe", args=[subscription.token]))
    assert page.status_code == 200 and '<form method="post">' in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is None


@pytest.mark.parametrize(
    ("name", "arg"),
    [
        ("subscribe_case", "draft"),
        ("subscribe_case", "missing"),
        ("subscribe_country", "XX"),
        ("subscribe_article", "missing"),
    ],
)
def test_hidden_or_missing_targets_are_404(db, client, name, arg):
    team_case(slug="draft", publication="draft")
    assert client.get(reverse(f"alerts:{name}", args=[arg])).status_code == 404
    posted = client.post(reverse(f"alerts:{name}", args=[arg]), {"email": "a@example.org", "language": "en"})
    assert posted.status_code == 404
    assert Subscription.objects.filter(email="a@example.org").count() == 0


def test_country_and_article_subscriptions_and_bad_input(db, client, mailoutbox, django_capture_on_commit_callbacks):
    article = LegalArticleFactory(slug="kz-cc-174")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("alerts:subscribe_country", args=["kz"]), {"email": "c@example.org", "language": "ru"})
        client.post(
            reverse("alerts:subscribe_article", args=["kz-cc-174"]),
            {"email": "a@example.org", "language": "en"},
        )
    assert sorted(Subscription.objects.values_list("scope", "country", "article", "language")) == [
        ("article", "", article.pk, "en"),
        ("country", "KZ", None, "ru"),
    ]
    assert len(mailoutbox) == 2
    bad = client.post(reverse("alerts:subscribe_country", args=["KZ"]), {"email": "not-an-address", "language": "en"})
    assert bad.status_code == 200 and "Enter a valid email address." in bad.content.decode()
    assert Subscription.objects.count() == 2


def staff_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_staff_log_lists_deliveries_with_errors_in_constant_queries(db, django_assert_max_num_queries):
    case, staff, _lawyer = team_case(slug="log")
    client = staff_client(staff)
    url = reverse("alerts:case_notifications", args=["log"])
    for count, status in ((3, "charged"), (40, "on_trial")):
        for n in range(count):
            email_subscription(case, email=f"r{status}{n}@example.org")
        case_change_status(case=case, status=status, by=staff)
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200
    Notification.objects.filter(subscription__email="rcharged0@example.org").update(
        state="failed", last_error="SMTP 550: mailbox unavailable"
    )
    body = client.get(url).content.decode()
    assert body.count('class="notification state-') == 2 + 3 + 2 + 40 + 3
    assert "SMTP 550: mailbox unavailable" in body and body.count(">Retry</button>") == 2
    assert "lawyer-log" in body


def test_staff_retry_sends_a_failed_notification_again(db, mailoutbox, django_capture_on_commit_callbacks):
    case, staff, _lawyer = team_case(slug="retry")
    email_subscription(case, email="reader@example.org")
    case_change_status(case=case, status="charged", by=staff)
    failed = Notification.objects.get(subscription__email="reader@example.org")
    Notification.objects.filter(pk=failed.pk).update(state="failed", attempts=6, last_error="SMTP 451: busy")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client(staff).post(reverse("alerts:retry", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.state, failed.attempts) == ("sent", 1)
    assert [m.to for m in mailoutbox] == [["reader@example.org"]]


def test_staff_pages_are_404_to_everyone_else(db):
    case, staff, lawyer = team_case(slug="private")
    case_change_status(case=case, status="charged", by=staff)
    notification = Notification.objects.first()
    client = staff_client(lawyer)  # on the team, but not staff: subscriber addresses are not theirs to read
    assert client.get(reverse("alerts:case_notifications", args=["private"])).status_code == 404
    log_url = reverse("alerts:subscription_notifications", args=[notification.subscription_id])
    assert client.get(log_url).status_code == 404
    assert client.post(reverse("alerts:retry", args=[notification.pk])).status_code == 404
    anonymous = Client().get(reverse("alerts:case_notifications", args=["private"]))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))


def test_follow_and_unfollow(db):
    _case, _staff, lawyer = team_case(slug="follow", publication="draft")
    editor = user_with_role(roles.EDITOR, username="ed", is_staff=True)
    outsider = user_with_role(roles.LAWYER, username="outsider")
    client = staff_client(editor)
    url = reverse("alerts:follow", args=["follow"])
    assert client.post(url, {"action": "follow"}).status_code == 302
    subscription = Subscription.objects.get(user=editor)
    assert subscription.unsubscribed_at is None and subscription.confirmed_at is not None
    client.post(url, {"action": "unfollow"})
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None
    # A lawyer off the team cannot even learn that the draft case exists.
    assert staff_client(outsider).post(url, {"action": "follow"}).status_code == 404
    assert staff_client(lawyer).post(url, {"action": "unfollow", "next": "https://evil.example/"})["Location"] == (
        reverse("alerts:case_notifications", args=["follow"])
    )


def test_the_subscribe_form_is_rate_limited_per_address_and_per_inbox(
    db, settings, mailoutbox, django_capture_on_commit_callbacks
):
    import uuid

    settings.ALERTS_SUBSCRIBE_PER_IP_HOUR = 3
    settings.ALERTS_CONFIRMATIONS_PER_ADDRESS_DAY = 2
    case, _staff, _lawyer = team_case(slug="limited")
    url = reverse("alerts:subscribe_case", args=[case.slug])
    run = uuid.uuid4().hex[:8]  # the counters are shared: this run's own addresses
    victim = f"victim-{run}@example.org"

    # One inbox, asked for from many networks: two confirmation mails, the same answer each time.
    for n in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            response = Client().post(url, {"email": victim, "language": "en"}, REMOTE_ADDR=f"2001:db8::{run[:4]}:{n}")
        assert response.status_code == 200 and "Almost done" in response.content.decode()
    assert [m.to for m in mailoutbox] == [[victim], [victim]]

    # One network, many addresses: refused with a message after three, and nothing recorded.
    address = f"2001:db8:1::{run[:4]}"
    for n in range(3):
        ok = Client().post(url, {"email": f"r{n}-{run}@example.org", "language": "en"}, REMOTE_ADDR=address)
        assert ok.status_code == 200
    before = Subscription.objects.count()
    refused = Client().post(url, {"email": f"late-{run}@example.org", "language": "en"}, REMOTE_ADDR=address)
    assert refused.status_code == 429
    assert "Too many subscription requests from your network" in refused.content.decode()
    assert Subscription.objects.count() == before
