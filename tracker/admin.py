"""The security log for editors (read-only), and deactivation that ends a user's sessions and tokens."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from tracker import roles
from tracker.admin_guards import EditorOnlyLogAdminMixin
from tracker.models import SecurityEvent
from tracker.services import user_deactivate


@admin.register(SecurityEvent)
class SecurityEventAdmin(EditorOnlyLogAdminMixin, admin.ModelAdmin):
    list_display = ["happened_at", "kind", "username", "ip", "path", "detail"]
    list_filter = ["kind"]
    search_fields = ["username", "ip", "path"]
    date_hierarchy = "happened_at"
    list_select_related = ["user"]


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class TrackerUserAdmin(UserAdmin):
    actions = ["deactivate"]

    def has_view_permission(self, request, obj=None) -> bool:
        if super().has_view_permission(request, obj):
            return True
        # Editors assign case teams: the team's user box asks this admin's autocomplete, and only that.
        return obj is None and roles.is_editor(request.user) and _is_autocomplete(request)

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if _is_autocomplete(request):
            # Only those who can be on a team: active staff, lawyers and editors.
            results = results.filter(is_active=True, groups__name__in=roles.ROLE_GROUPS)
            may_have_duplicates = True
        return results, may_have_duplicates

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            user_deactivate(user=obj, by=request.user, request=request)

    @admin.action(description=_("Deactivate and end all their sessions and API tokens"), permissions=["change"])
    def deactivate(self, request, queryset) -> None:
        for user in queryset.exclude(pk=request.user.pk):
            user_deactivate(user=user, by=request.user, request=request)
        messages.success(request, _("The selected users are deactivated and signed out everywhere."))


def _is_autocomplete(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name == "autocomplete"
