"""Who hears of status changes, and the outbox of what each one is owed.

Like healthchecks' Flip: a status change writes Notification rows in its own
transaction; workers claim and send them. The database row, not the broker, is the
record of what is owed, so a lost Redis message or a killed worker loses nothing.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


def new_token() -> str:
    return secrets.token_urlsafe(32)


class WebhookEndpoint(models.Model):
    """A partner organization's receiver, registered by staff (never self-service)."""

    name = models.CharField(_("name"), max_length=200, help_text=_("The partner organization, for staff."))
    url = models.URLField(_("URL"), max_length=500, help_text=_("Receives a signed JSON POST per status change."))
    secret = models.CharField(
        _("signing secret"),
        max_length=128,
        default=new_token,
        help_text=_("Shared with the partner; signs each delivery with HMAC-SHA256."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SubscriptionScope(models.TextChoices):
    CASE = "case", _("one case")
    COUNTRY = "country", _("all cases in a country")
    ARTICLE = "article", _("all cases under a legal article")


def one_subscription_per_recipient_and_target() -> list[models.UniqueConstraint]:
    """One row per recipient (an address in any case, a user, a webhook) and target (case, country, article).

    One constraint per pair, each conditional on its scope, because a unique index treats
    the empty target columns (NULL) as all different.
    """
    recipients = {"email": (Lower("email"), ~Q(email="")), "user": ("user", Q(user__isnull=False)),
                  "webhook": ("webhook", Q(webhook__isnull=False))}  # fmt: skip
    targets = {"case": "case", "country": "country", "article": "article"}
    constraints = []
    for recipient, (column, has_recipient) in recipients.items():
        for scope, target in targets.items():
            name = "subscription_user_case_unique" if (recipient, scope) == ("user", "case") else None
            constraints.append(
                models.UniqueConstraint(
                    column,
                    target,
                    condition=has_recipient & Q(scope=scope),
                    name=name or f"subscription_one_{recipient}_{scope}",
                )
            )
    return constraints


class Subscription(models.Model):
    """One recipient (an email address, a user, or a webhook) following one scope."""

    Scope = SubscriptionScope

    email = models.EmailField(_("email"), blank=True, help_text=_("A public subscriber's address."))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="alert_subscriptions",
        help_text=_("Staff or a lawyer following a case; gets internal detail where they may see it."),
    )
    webhook = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions"
    )
    scope = models.CharField(_("scope"), max_length=10, choices=SubscriptionScope.choices)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    country = CountryField(_("country"), blank=True)
    article = models.ForeignKey("cases.LegalArticle", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    confirmed_at = models.DateTimeField(
        _("confirmed"), null=True, blank=True, help_text=_("Email subscribers confirm by a link (double opt-in).")
    )
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["-created_at"]
        indexes = [
            # Recipients of a change: active subscriptions by case / country / article.
            models.Index(fields=["case"], condition=Q(unsubscribed_at__isnull=True), name="subscription_active_case"),
            models.Index(
                fields=["scope", "country"], condition=Q(unsubscribed_at__isnull=True), name="subscription_country"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    (~Q(email="") & Q(user__isnull=True) & Q(webhook__isnull=True))
                    | (Q(email="") & Q(user__isnull=False) & Q(webhook__isnull=True))
                    | (Q(email="") & Q(user__isnull=True) & Q(webhook__isnull=False))
                ),
                name="subscription_one_recipient",
            ),
            models.CheckConstraint(
                condition=(
                    (Q(scope="case") & Q(case__isnull=False) & Q(country="") & Q(article__isnull=True))
                    | (Q(scope="country") & Q(case__isnull=True) & ~Q(country="") & Q(article__isnull=True))
                    | (Q(scope="article") & Q(case__isnull=True) & Q(country="") & Q(article__isnull=False))
                ),
                name="subscription_scope_matches_target",
            ),
            # Subscribing or following twice finds the row it made the first time: one alert per change.
            *one_subscription_per_recipient_and_target(),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_label} → {self.scope_label}"

    @property
    def is_public(self) -> bool:
        """Email addresses and partner webhooks hear only what the public page says."""
        return self.user_id is None

    @property
    def channel(self) -> str:
        return Notification.Channel.WEBHOOK if self.webhook_id else Notification.Channel.EMAIL

    @property
    def recipient_label(self) -> str:
        if self.webhook_id:
            return str(self.webhook)
        if self.user_id:
            return str(self.user)
        return self.email

    @property
    def scope_label(self) -> str:
        if self.scope == SubscriptionScope.CASE:
            return str(self.case)
        if self.scope == SubscriptionScope.COUNTRY:
            return str(self.country.name)
        return str(self.article)


class NotificationQuerySet(models.QuerySet):
    def due(self, now) -> "NotificationQuerySet":
        """Rows a worker may claim now: pending and due, or claimed by a worker whose lease ran out."""
        return self.filter(
            Q(state=Notification.State.PENDING, next_attempt_at__lte=now)
            | Q(state=Notification.State.CLAIMED, claimed_until__lt=now)
        )


class Notification(models.Model):
    """The outbox: one delivery owed to one subscription for one status change."""

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        CLAIMED = "claimed", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    class Channel(models.TextChoices):
        EMAIL = "email", _("email")
        WEBHOOK = "webhook", _("webhook")

    class Kind(models.TextChoices):
        ALERT = "alert", _("status change alert")
        CONFIRMATION = "confirmation", _("subscription confirmation")

    # Receivers drop duplicates by it (webhook delivery id, email Message-ID); never a guessable number.
    delivery_id = models.UUIDField(_("delivery id"), default=uuid.uuid4, unique=True, editable=False)
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.ALERT)
    change = models.ForeignKey(
        "cases.CaseStatusChange",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        help_text=_("The status change an alert is about; none for a confirmation mail."),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), help_text=_("Backoff lives here, not in the broker."))
    claimed_until = models.DateTimeField(
        _("claimed until"), null=True, blank=True, help_text=_("A worker's lease; another may take the row after it.")
    )
    queued_until = models.DateTimeField(
        _("queued until"),
        null=True,
        blank=True,
        help_text=_("A task for the row is in the broker; the sweep queues it again only after this."),
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The sweep: unfinished rows by when they are next due.
            models.Index(
                fields=["state", "next_attempt_at"],
                condition=Q(state__in=["pending", "claimed"]),
                name="notification_unfinished",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "change"], name="notification_once_per_change"),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "claimed", "sent", "failed"]), name="notification_state_valid"
            ),
            models.CheckConstraint(condition=Q(channel__in=["email", "webhook"]), name="notification_channel_valid"),
            # An alert is about a change; a confirmation mail is about its subscription alone, by email.
            models.CheckConstraint(
                condition=Q(kind="alert", change__isnull=False)
                | Q(kind="confirmation", change__isnull=True, channel="email"),
                name="notification_kind_matches_change",
            ),
            models.CheckConstraint(
                condition=~Q(state="claimed") | Q(claimed_until__isnull=False), name="notification_claim_has_lease"
            ),
            models.CheckConstraint(
                condition=~Q(state="sent") | Q(sent_at__isnull=False), name="notification_sent_has_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.delivery_id} ({self.get_state_display()})"
