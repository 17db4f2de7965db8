"""History in the admin: who changed what from where, as field: old -> new, and restore.

Every audited admin extends AuditedAdmin. On top of SimpleHistoryAdmin it:
- shows a record's history only to those who may open the record (the admin's queryset,
  which hides restricted rows from staff off the team), the same 404 otherwise;
- keeps guarded fields (status, publication, visibility) and those in `revert_preserves` at
  their current value when a version is restored: they move only through their services;
- refuses a save based on a copy someone else changed since the form was opened;
- logs each opening of a change page that shows a restricted record (read_log.py).
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from cases.history.read_log import log_restricted_read
from cases.models import RestrictedRead
from tracker.admin_guards import EditorOnlyLogAdminMixin
from tracker.audit import current_version

# The hidden input templates/admin/change_form.html adds to every change form.
VERSION_FIELD = "_version"


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
        for name in (*getattr(record, "guarded_fields", ()), *self.revert_preserves):
            setattr(record, name, getattr(current, name))
        record._change_reason = _("Restored version %(version)s") % {"version": version_id}
        messages.info(
            request,
            _(
                "Restored an earlier version; the change is in the history. Status, publication and visibility "
                "stay as they are: change them with their own actions."
            ),
        )
        return record

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None:
            return form
        return type(form.__name__, (StaleCopyGuardFormMixin, form), {})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            # The version the form was built from: a save based on an older one is refused.
            context["record_version"] = current_version(type(obj), obj.pk).token
        return super().render_change_form(request, context, add, change, form_url, obj)

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


class StaleCopyGuardFormMixin:
    """Optimistic concurrency: refuse to overwrite a change made after this form was opened."""

    def clean(self):
        cleaned = super().clean()
        seen = self.data.get(VERSION_FIELD)
        if not seen or self.instance.pk is None:
            return cleaned
        current = current_version(type(self.instance), self.instance.pk)
        if seen != current.token:
            raise ValidationError(
                _(
                    "%(user)s changed this record at %(time)s, after you opened this page. Nothing was saved: "
                    "reload the page to see their change, then make yours again."
                )
                % {
                    "user": current.by or _("someone"),
                    "time": formats.date_format(timezone.localtime(current.at), "DATETIME_FORMAT")
                    if current.at
                    else "—",
                },
                code="stale",
            )
        return cleaned


@admin.register(RestrictedRead)
class RestrictedReadAdmin(EditorOnlyLogAdminMixin, admin.ModelAdmin):
    """Who looked at what: editors read the log; nobody edits it."""

    list_display = ["read_at", "user", "content_type", "label", "path"]
    list_filter = ["content_type"]
    search_fields = ["label", "user__username"]
    list_select_related = ["user", "content_type"]
    date_hierarchy = "read_at"
