"""Admin CSV import of people and cases (django-import-export: upload, preview, confirm).

Rows go through the same rules as the admin: a case's status through the status
services, publication only by editors, restricted people only by those who may see
them. Every change is recorded in the history with origin "import".
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.formats.base_formats import CSV

from cases.models import Case
from cases.services.status import case_change_status, case_create
from cases.visibility import staff_people_filter
from people.models import Person, PersonName
from people.services import person_sync_primary_name
from tracker import roles
from tracker.audit import Origin, audit_context
from tracker.csv_cells import csv_cell


class SafeCSV(CSV):
    """CSV for any export from the admin: cells that would start a formula are neutralized.

    django-import-export's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT only strips a leading
    "=", leaving "+", "-" and "@"; this applies the project's one rule (tracker/csv_cells.py).
    """

    def export_data(self, dataset, **kwargs):
        safe = dataset.__class__(headers=dataset.headers)
        for row in dataset:
            safe.append([csv_cell(cell) for cell in row])
        return super().export_data(safe, **kwargs)


class AuditedResource(resources.ModelResource):
    def import_data(self, dataset, *args, **kwargs):
        reason = _("CSV import in the admin")
        with audit_context(origin=Origin.IMPORT, reason=reason, user=kwargs.get("user")):
            return super().import_data(dataset, *args, **kwargs)


class PersonResource(AuditedResource):
    other_names = fields.Field(attribute=None, column_name="other_names")

    class Meta:
        model = Person
        import_id_fields = ["slug"]
        fields = ["slug", "name", "visibility", "born_in", "citizenship", "description", "other_names"]
        skip_unchanged = True
        report_skipped = True

    def before_save_instance(self, instance, row, **kwargs):
        user = kwargs.get("user")
        hidden = not Person.objects.filter(staff_people_filter(user), pk=instance.pk).exists() if user else False
        if instance.pk and hidden:
            raise ValidationError(_("No person with this slug that you may edit."))

    def after_save_instance(self, instance, row, **kwargs):
        person_sync_primary_name(instance)
        for spelling in (row.get("other_names") or "").split("|"):
            if spelling.strip():
                PersonName.objects.get_or_create(person=instance, name=spelling.strip())


class CaseResource(AuditedResource):
    class Meta:
        model = Case
        import_id_fields = ["slug"]
        fields = ["slug", "title", "country", "status", "publication", "summary"]
        skip_unchanged = True
        report_skipped = True

    def import_instance(self, instance, row, **kwargs):
        before = (instance.status, instance.publication) if instance.pk else (None, Case.Publication.DRAFT)
        super().import_instance(instance, row, **kwargs)
        user = kwargs.get("user")
        if user is None or not roles.is_editor(user):
            instance.publication = before[1]  # only editors publish or withdraw
        instance._imported_status = instance.status
        if instance.pk:
            instance.status = before[0]  # moves below, through the recorded status change

    def do_instance_save(self, instance, is_create):
        user = getattr(self, "_import_user", None)
        if is_create:
            case_create(case=instance, by=user, note=_("CSV import"))
            return
        instance.save()
        if instance._imported_status != instance.status:
            case_change_status(case=instance, status=instance._imported_status, by=user, note=_("CSV import"))

    def before_save_instance(self, instance, row, **kwargs):
        self._import_user = kwargs.get("user")
