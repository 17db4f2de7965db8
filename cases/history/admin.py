"""History in the admin: who changed what from where, as field: old -> new, and restore.

Every audited admin extends AuditedAdmin. On top of SimpleHistoryAdmin it:
- shows a record's history only to those who may open the record (the admin's queryset,
  which hides restricted rows from staff off the team), the same 404 otherwise;
- keeps fields listed in `revert_preserves` at their current value when a version is
  restored (a case's status moves only through a recorded status change);
- logs each opening of a change page that shows a restricted record (read_log.py).
"""

from django.contrib import admin, messages
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from cases.history.read_log import log_restricted_read
from cases.models import RestrictedRead
from tracker.admin_guards import EditorOnlyLogAdminMixin


class AuditedAdmin(SimpleHistoryAdmin):
    history_list_display = ["changed_from"]
    # Addresses typed without a scheme are taken as https (Django 6's default, asked for now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    revert_preserves: tuple[str, ...] = ()

    @admin.display(description=gettext_lazy("changed from"))
    def changed_from(self, record) -> str:
        return record.get_history_origin_display()

    def _check_may_open(self, request, object_id) -> None:
        if not self.get_queryset(request).filter(pk=object_id).exists():
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._check_may_open(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._check_may_open(request, object_id)
        request._audit_revert_version = version_id
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_form(self, request, form, change):
        record = super().save_form(request, form, change)
        version_id = getattr(request, "_audit_revert_version", None)
        if version_id is None:
            return record
        current = type(record)._default_manager.get(pk=record.pk)
        for name in self.revert_preserves:
            setattr(record, name, getattr(current, name))
        if hasattr(current, "_stored_status"):
            record._stored_status = current._stored_status
        record._change_reason = _("Restored version %(version)s") % {"version": version_id}
        messages.info(request, _("Restored an earlier version; the change is in the history."))
        return record

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            for record in self.restricted_records_shown(request, object_id):
                log_restricted_read(request.user, record, path=request.path)
        return response

    def restricted_records_shown(self, request, object_id) -> list:
        """The records a change page shows; pages with restricted inlines add theirs."""
        record = self.get_queryset(request).filter(pk=object_id).first()
        return [record] if record is not None else []


@admin.register(RestrictedRead)
class RestrictedReadAdmin(EditorOnlyLogAdminMixin, admin.ModelAdmin):
    """Who looked at what: editors read the log; nobody edits it."""

    list_display = ["read_at", "user", "content_type", "label", "path"]
    list_filter = ["content_type"]
    search_fields = ["label", "user__username"]
    list_select_related = ["user", "content_type"]
    date_hierarchy = "read_at"
