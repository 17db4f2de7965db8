"""Admin CSV import of people and cases (django-import-export: upload, preview, confirm).

Rows go through the same rules as the admin: a case's status through the status
services, a person's visibility through record_set_visibility (the editor rule), restricted
people only for those who may see them. Publication is never imported: a case is published
on its own page after review. A column the import does not know is refused, not skipped.
Every change is recorded in the history with origin "import".
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from import_export import fields, resources
from import_export.formats.base_formats import CSV

from cases.models import Case
from cases.services.publication import record_save
from cases.services.status import case_change_status, case_create
from cases.visibility import staff_people_filter
from people.models import Person, PersonName
from people.services import new_person_slug, person_sync_primary_name
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
    # Columns refused with a reason, rather than as unknown.
    refused_columns: dict[str, str] = {}

    def import_data(self, dataset, *args, **kwargs):
        reason = _("CSV import in the admin")
        with audit_context(origin=Origin.IMPORT, reason=reason, user=kwargs.get("user")):
            return super().import_data(dataset, *args, **kwargs)

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        known = [field.column_name for field in self.get_import_fields()]
        problems = [str(self.refused_columns[name]) for name in dataset.headers if name in self.refused_columns]
        unknown = [name for name in dataset.headers if name not in known and name not in self.refused_columns]
        if unknown:
            problems.append(
                _("Unknown columns: %(unknown)s. The columns are: %(known)s.")
                % {"unknown": ", ".join(unknown), "known": ", ".join(known)}
            )
        if problems:
            raise ValidationError(problems)


class PersonResource(AuditedResource):
    other_names = fields.Field(attribute=None, column_name="other_names")

    class Meta:
        model = Person
        import_id_fields = ["slug"]
        fields = ["slug", "name", "visibility", "born_in", "citizenship", "description", "other_names"]
        skip_unchanged = True
        report_skipped = True

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        if not (row.get("slug") or "").strip():
            row["slug"] = new_person_slug(row.get("name") or "")
            self._made_slugs = {*getattr(self, "_made_slugs", set()), row["slug"]}

    def before_save_instance(self, instance, row, **kwargs):
        user = kwargs.get("user")
        self._import_user = user
        if user is None or roles.is_editor(user):
            return  # editors see every person: no slug is hidden from them
        # A slug names someone the user may edit, or is left empty to add someone. An unknown slug and a
        # hidden person's slug get the same answer, so the import cannot be used to probe for hidden people.
        visible = Person.objects.filter(staff_people_filter(user), pk=instance.pk).exists() if instance.pk else False
        made = instance.slug in getattr(self, "_made_slugs", set())
        if not (visible or (instance.pk is None and made)):
            raise ValidationError(
                _("No person you may edit has the slug “%(slug)s”. To add someone, leave the slug empty.")
                % {"slug": instance.slug}
            )

    def do_instance_save(self, instance, is_create):
        if is_create:
            instance.save()
            return
        try:
            record_save(instance, by=getattr(self, "_import_user", None), save=instance.save)
        except PermissionDenied as error:
            raise ValidationError(str(error)) from error

    def after_save_instance(self, instance, row, **kwargs):
        person_sync_primary_name(instance)
        for spelling in (row.get("other_names") or "").split("|"):
            if spelling.strip():
                PersonName.objects.get_or_create(person=instance, name=spelling.strip())


class CaseResource(AuditedResource):
    class Meta:
        model = Case
        import_id_fields = ["slug"]
        fields = ["slug", "title", "country", "status", "summary"]
        skip_unchanged = True
        report_skipped = True

    refused_columns = {
        "publication": _lazy(
            "The “publication” column is not imported: a case is published on its publication page, "
            "after another editor's review."
        )
    }

    def import_instance(self, instance, row, **kwargs):
        before = instance.status if instance.pk else None
        super().import_instance(instance, row, **kwargs)
        instance._imported_status = instance.status
        if instance.pk:
            instance.status = before  # moves below, through the recorded status change

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
