"""Writes on subscriptions: public double opt-in, one-click unsubscribe, staff follows."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.alerts.confirmations import confirmation_create
from cases.alerts.tasks import notifications_enqueue
from cases.models import Case, LegalArticle, Subscription
from tracker import rate_limit


@transaction.atomic
def subscription_request(
    *, email: str, language: str, case: Case | None = None, country: str = "", article: LegalArticle | None = None
) -> Subscription:
    """Record an unconfirmed subscription and mail its confirmation link.

    Asking twice re-sends the link to the same row; the answer to the visitor is the
    same whether the address was known or not, so the form reveals nobody's subscriptions.
    """
    scope = Subscription.Scope.CASE if case else Subscription.Scope.ARTICLE if article else Subscription.Scope.COUNTRY
    target = {"scope": scope, "case": case, "country": country, "article": article}
    subscription = _locked_row(Subscription.objects.filter(email__iexact=email, **target), email=email, **target)
    subscription.language = language
    if subscription.unsubscribed_at is not None:
        # Coming back after unsubscribing needs a fresh confirmation.
        subscription.unsubscribed_at = None
        subscription.confirmed_at = None
    subscription.full_clean(validate_unique=False, validate_constraints=False)
    subscription.save()
    # However many addresses ask, one inbox gets a bounded number of confirmation mails a
    # day; the visitor is answered the same either way, so the form reveals nothing.
    if subscription.confirmed_at is None and rate_limit.hit(
        "confirmation", inbox(email), limit=settings.ALERTS_CONFIRMATIONS_PER_ADDRESS_DAY, seconds=24 * 3600
    ):
        # Through the outbox, as alerts go: a failed send is retried, and staff see it in the log.
        confirmation = confirmation_create(subscription=subscription)
        transaction.on_commit(partial(notifications_enqueue, [confirmation.pk]), robust=True)
    return subscription


def _locked_row(existing, **new) -> Subscription:
    """The row for this recipient and target, locked; created if missing, whoever races us.

    A lock on a missing row locks nothing, so two first requests both insert: the unique
    constraint lets one win and the other (in its savepoint) reads the winner's row.
    """
    subscription = existing.select_for_update().first()
    if subscription is not None:
        return subscription
    try:
        with transaction.atomic():
            return Subscription.objects.create(**new)
    except IntegrityError:
        return existing.select_for_update().get()


def inbox(email: str) -> str:
    """The mailbox an address reaches: "victim+1@example.org" and "Victim@example.org" are one inbox."""
    local, _at, domain = email.strip().lower().rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}"


def subscription_confirm(*, subscription: Subscription) -> None:
    Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(confirmed_at=timezone.now())


def subscription_unsubscribe(*, subscription: Subscription) -> None:
    Subscription.objects.filter(pk=subscription.pk, unsubscribed_at__isnull=True).update(unsubscribed_at=timezone.now())


@transaction.atomic
def subscription_follow(*, user, case: Case) -> Subscription:
    """Follow a case; following again re-activates the one row (a team's status change may have made it)."""
    _lock_case_as_a_status_change_does(case)
    target = {"scope": Subscription.Scope.CASE, "case": case}
    subscription = _locked_row(Subscription.objects.filter(user=user, **target), user=user, **target)
    Subscription.objects.filter(pk=subscription.pk).update(unsubscribed_at=None, confirmed_at=timezone.now())
    return subscription


@transaction.atomic
def subscription_unfollow(*, user, case: Case) -> None:
    # The row stays (unsubscribed): a team member who unfollowed is not re-subscribed automatically.
    _lock_case_as_a_status_change_does(case)
    target = {"scope": Subscription.Scope.CASE, "case": case}
    subscription = _locked_row(Subscription.objects.filter(user=user, **target), user=user, **target)
    subscription_unsubscribe(subscription=subscription)


def _lock_case_as_a_status_change_does(case: Case) -> None:
    """Take the case's row lock first, as case_change_status does.

    A status change creates the team members' rows; a follow taking its locks in the other
    order would deadlock with it (PostgreSQL's foreign-key check on the new row waits for the
    case, while the change's insert of the same row waits for the follow).
    """
    Case.objects.select_for_update(no_key=True).filter(pk=case.pk).first()
