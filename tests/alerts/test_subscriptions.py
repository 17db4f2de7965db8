"""Subscriptions neither double nor roll back a status change: one row per recipient and target."""

import threading
import uuid
from functools import partial

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from cases.alerts.subscriptions import inbox, subscription_follow, subscription_request
from cases.models import Case, CaseStatusChange, Subscription
from cases.services.status import case_change_status
from tests.alerts.conftest import email_subscription, team_case, user_with_role
from tests.factories import TeamMemberFactory
from tracker import roles


def test_subscribing_twice_finds_the_same_row(db):
    case, _staff, _lawyer = team_case(slug="twice")
    first = subscription_request(email="Reader@Example.org", language="en", case=case)
    again = subscription_request(email="reader@example.org", language="ru", case=case)
    assert again.pk == first.pk
    assert Subscription.objects.filter(email__iexact="reader@example.org").count() == 1
    assert Subscription.objects.get().language == "ru"


def test_following_twice_finds_the_same_row(db):
    case, staff, _lawyer = team_case(slug="follow-twice")
    assert subscription_follow(user=staff, case=case).pk == subscription_follow(user=staff, case=case).pk
    assert Subscription.objects.filter(user=staff).count() == 1


@pytest.mark.parametrize(
    "duplicate",
    [
        {"email": "READER@example.org"},
        {"email": "reader@example.org", "scope": "country", "country": "KZ", "case": None},
    ],
)
def test_the_database_refuses_a_second_row_for_one_recipient_and_target(db, duplicate):
    case, _staff, _lawyer = team_case(slug="unique")
    email_subscription(case, email="reader@example.org")
    email_subscription(None, email="reader@example.org", scope="country", country="KZ")
    with pytest.raises(IntegrityError), transaction.atomic():
        email_subscription(**({"case": case, "scope": "case"} | duplicate))


@pytest.mark.parametrize(
    ("address", "mailbox"),
    [("victim+1@example.org", "victim@example.org"), ("Victim+a+b@Example.ORG", "victim@example.org"),
     ("plain@example.org", "plain@example.org")],
)  # fmt: skip
def test_plus_addresses_are_one_inbox(address, mailbox):
    assert inbox(address) == mailbox


def test_plus_addressing_does_not_get_past_the_confirmation_cap(
    db, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.ALERTS_CONFIRMATIONS_PER_ADDRESS_DAY = 2
    case, _staff, _lawyer = team_case(slug="plus")
    run = uuid.uuid4().hex[:8]  # the counters are shared across tests: this run's own inbox
    url = reverse("alerts:subscribe_case", args=[case.slug])
    for n in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            Client().post(url, {"email": f"victim-{run}+{n}@example.org", "language": "en"}, REMOTE_ADDR=f"10.9.0.{n}")
    assert len(mailoutbox) == 2


def _race(*actions) -> list:
    barrier = threading.Barrier(len(actions))
    errors: list = []

    def run(action):
        try:
            barrier.wait()
            action()
        except Exception as exc:  # recorded: the test asserts there is none
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_follow_racing_a_status_change_never_rolls_it_back():
    case, staff, _lawyer = team_case(slug="race")
    statuses = ["charged", "on_trial"]
    for attempt in range(50):
        # A new team member with no row yet: the change makes theirs while they follow.
        member = user_with_role(roles.LAWYER, username=f"member-{attempt}", email=f"member{attempt}@example.org")
        TeamMemberFactory(case=case, user=member, role="lawyer")
        status = statuses[attempt % 2]
        errors = _race(
            partial(case_change_status, case=Case.objects.get(pk=case.pk), status=status, by=staff),
            partial(subscription_follow, user=member, case=Case.objects.get(pk=case.pk)),
        )
        assert errors == [], (attempt, errors)
        assert Case.objects.get(pk=case.pk).status == status
        assert Subscription.objects.filter(user=member, case=case, unsubscribed_at__isnull=True).count() == 1
    assert CaseStatusChange.objects.filter(case=case).count() == 51


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_subscribe_requests_make_one_row():
    case, _staff, _lawyer = team_case(slug="race-subscribe")
    for attempt in range(20):
        email = f"reader{attempt}@example.org"
        errors = _race(*[partial(subscription_request, email=email, language="en", case=case)] * 2)
        assert errors == []
        assert Subscription.objects.filter(email=email).count() == 1
