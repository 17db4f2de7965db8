"""Reads for the alert pages: a constant number of queries whatever the number of rows."""

from django.db.models import QuerySet

from cases.models import Case, Notification, Subscription


def notifications_for_case(case: Case) -> QuerySet[Notification]:
    return (
        Notification.objects.filter(change__case=case)
        .select_related("subscription__user", "subscription__webhook", "change")
        .order_by("-change__changed_at", "state", "pk")
    )


def notifications_for_subscription(subscription: Subscription) -> QuerySet[Notification]:
    return (
        Notification.objects.filter(subscription=subscription)
        .select_related("subscription__user", "subscription__webhook", "change__case")
        .order_by("-created_at", "-pk")
    )
