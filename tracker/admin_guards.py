"""Admin mix-ins for records that are evidence of what happened: read, never edited."""

from __future__ import annotations

from tracker import roles


class ReadOnlyAdminMixin:
    """Records that are evidence of what happened (history, logs): read in the admin, never edited there."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class EditorOnlyLogAdminMixin(ReadOnlyAdminMixin):
    """A log only editors may read (who read restricted records, security events)."""

    def has_module_permission(self, request) -> bool:
        return roles.is_editor(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return roles.is_editor(request.user)
