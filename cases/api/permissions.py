"""Who may write through the API: staff and editors; lawyers and the public read only."""

from rest_framework import permissions

from tracker import roles


class ReadOrStaffWrite(permissions.BasePermission):
    """Reads are open (the queryset decides what is there); writes need a staff member or editor."""

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return roles.is_staff_member(request.user)


class EditorDelete(permissions.BasePermission):
    """Deleting evidence is an editor's decision alone."""

    def has_permission(self, request, view) -> bool:
        return request.method != "DELETE" or roles.is_editor(request.user)
