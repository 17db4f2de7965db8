"""Writes on the alert outbox: the rows a status change owes, and a staff retry of a failed one."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cases.alerts.tasks import notifications_enqueue
from cases.models import Case, CaseStatusChange, CaseTeamMember, Charge, Notification, Subscription
from cases.visibility import PUBLIC_ONLY, levels_for, visible_records


def notifications_create_for_change(*, change: CaseStatusChange) -> list[int]:
    """Write one pending Notification per recipient; queue their delivery after commit.

    Runs inside case_change_status's transaction, so the rows exist exactly when the
    change does: a rollback leaves nothing owed, a commit leaves nothing forgotten.
    """
    case = change.case
    now = timezone.now()
    queued_until = now + dt.timedelta(seconds=settings.ALERTS_SWEEP_GRACE_SECONDS)
    # (subscription id, channel) pairs: a change to a popular country owes tens of thousands.
    recipients = [(sub.pk, sub.channel) for sub in _team_subscriptions(case, now)]
    if case.publication == Case.Publication.PUBLISHED:
        # Unpublished cases alert only the team; publishing later replays nothing.
        recipients += _public_subscriptions(case)
    rows = Notification.objects.bulk_create(
        [
            Notification(
                subscription_id=subscription_id,
                change=change,
                channel=channel,
                next_attempt_at=now,
                queued_until=queued_until,
            )
            for subscription_id, channel in recipients
        ]
    )
    ids = [row.pk for row in rows]
    if ids:
        transaction.on_commit(partial(notifications_enqueue, ids), robust=True)
    return ids


def _team_subscriptions(case: Case, now: dt.datetime) -> list[Subscription]:
    """Team members follow their cases automatically, unless they have unfollowed."""
    team_ids = set(CaseTeamMember.objects.filter(case=case).values_list("user_id", flat=True))
    known = set(Subscription.objects.filter(case=case, user__isnull=False).values_list("user_id", flat=True))
    # A member may follow the case at this very moment: their row wins and this insert is skipped,
    # never an IntegrityError that would roll the status change back.
    Subscription.objects.bulk_create(
        [
            Subscription(user_id=user_id, scope=Subscription.Scope.CASE, case=case, confirmed_at=now)
            for user_id in team_ids - known
        ],
        ignore_conflicts=True,
    )
    followers = Subscription.objects.filter(
        case=case, user__isnull=False, user__is_active=True, confirmed_at__isnull=False, unsubscribed_at__isnull=True
    ).select_related("user")
    # A follower who lost access to the case (left the team, lost a role) hears nothing of it.
    return [sub for sub in followers if sub.user.email and levels_for(sub.user, case)]


def _public_subscriptions(case: Case) -> list[tuple[int, str]]:
    """(id, channel) of the public subscriptions a change to `case` owes an alert."""
    # Only public charges count: telling an article's subscribers would reveal a hidden charge.
    public_articles = visible_records(Charge.objects.filter(case=case), PUBLIC_ONLY).values("article_id")
    scope = (
        Q(scope=Subscription.Scope.CASE, case=case)
        | Q(scope=Subscription.Scope.COUNTRY, country=case.country)
        | Q(scope=Subscription.Scope.ARTICLE, article__in=public_articles)
    )
    subscriptions = (
        Subscription.objects.filter(scope, user__isnull=True, confirmed_at__isnull=False, unsubscribed_at__isnull=True)
        .filter(Q(webhook__isnull=True) | Q(webhook__active=True))
        .only("pk", "webhook_id")  # all `channel` needs
    )
    return [(sub.pk, sub.channel) for sub in subscriptions]


@transaction.atomic
def notification_retry(*, notification: Notification) -> bool:
    """Staff: give a failed notification a fresh set of attempts."""
    updated = Notification.objects.filter(pk=notification.pk, state=Notification.State.FAILED).update(
        state=Notification.State.PENDING,
        attempts=0,
        next_attempt_at=timezone.now(),
        claimed_until=None,
        queued_until=timezone.now() + dt.timedelta(seconds=settings.ALERTS_SWEEP_GRACE_SECONDS),
    )
    if updated:
        transaction.on_commit(partial(notifications_enqueue, [notification.pk]), robust=True)
    return bool(updated)
