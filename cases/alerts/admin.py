"""Admin for alerts: staff register partner webhooks and see every delivery."""

from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.alerts import services
from cases.models import Notification, Subscription, WebhookEndpoint
from tracker.admin_inlines import LabelledTabularInline


class WebhookSubscriptionInline(LabelledTabularInline):
    model = Subscription
    fields = ["scope", "case", "country", "article", "confirmed_at", "unsubscribed_at"]
    raw_id_fields = ["case", "article"]
    extra = 1


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "url", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["name", "url"]
    inlines = [WebhookSubscriptionInline]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "scope", "language", "confirmed_at", "unsubscribed_at"]
    list_filter = ["scope", "language"]
    search_fields = ["email", "user__username", "webhook__name", "case__title"]
    list_select_related = ["user", "webhook", "case", "article"]
    raw_id_fields = ["user", "case", "article", "webhook"]
    readonly_fields = ["token", "created_at"]


@admin.action(description=_("Retry the selected failed notifications"))
def retry_failed(modeladmin, request, queryset):
    retried = sum(services.notification_retry(notification=n) for n in queryset.filter(state=Notification.State.FAILED))
    modeladmin.message_user(request, _("%(count)d notification(s) queued again.") % {"count": retried}, messages.INFO)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """A delivery log: read-only, since the outbox is written only by the alert services."""

    list_display = ["delivery_id", "kind", "channel", "state", "attempts", "sent_at", "next_attempt_at", "last_error"]
    list_filter = ["kind", "state", "channel"]
    list_select_related = ["subscription", "change"]
    search_fields = ["delivery_id", "subscription__email"]
    actions = [retry_failed]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
