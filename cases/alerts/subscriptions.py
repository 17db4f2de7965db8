"""Writes on subscriptions: public double opt-in, one-click unsubscribe, staff follows."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cases.alerts.tasks import send_subscription_confirmation
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
    subscription = (
        Subscription.objects.select_for_update()
        .filter(email__iexact=email, scope=scope, case=case, country=country, article=article)
        .first()
    )
    if subscription is None:
        subscription = Subscription(email=email, scope=scope, case=case, country=country, article=article)
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
        "confirmation", email, limit=settings.ALERTS_CONFIRMATIONS_PER_ADDRESS_DAY, seconds=24 * 3600
    ):
        transaction.on_commit(
            partial(
                send_subscription_confirmation.apply_async,
                (subscription.pk,),
                queue=settings.CELERY_TASK_DEFAULT_QUEUE,
            ),
            robust=True,
        )
    return subscription


def subscription_confirm(*, subscription: Subscription) -> None:
    Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(confirmed_at=timezone.now())


def subscription_unsubscribe(*, subscription: Subscription) -> None:
    Subscription.objects.filter(pk=subscription.pk, unsubscribed_at__isnull=True).update(unsubscribed_at=timezone.now())


@transaction.atomic
def subscription_follow(*, user, case: Case) -> Subscription:
    subscription, _created = Subscription.objects.select_for_update().get_or_create(
        user=user, case=case, defaults={"scope": Subscription.Scope.CASE, "confirmed_at": timezone.now()}
    )
    Subscription.objects.filter(pk=subscription.pk).update(unsubscribed_at=None, confirmed_at=timezone.now())
    return subscription


def subscription_unfollow(*, user, case: Case) -> None:
    # The row stays (unsubscribed): a team member who unfollowed is not re-subscribed automatically.
    subscription, _created = Subscription.objects.get_or_create(
        user=user, case=case, defaults={"scope": Subscription.Scope.CASE, "confirmed_at": timezone.now()}
    )
    subscription_unsubscribe(subscription=subscription)
