"""Cases published before `published_at` was kept get the time of their first published version."""

from django.db import migrations


def backfill(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    HistoricalCase = apps.get_model("cases", "HistoricalCase")
    for case in Case.objects.filter(publication="published", published_at__isnull=True):
        first = (
            HistoricalCase.objects.filter(id=case.pk, publication="published").order_by("history_date").first()
        )
        published_at = first.history_date if first is not None else case.updated_at
        Case.objects.filter(pk=case.pk).update(published_at=published_at)


class Migration(migrations.Migration):
    dependencies = [("cases", "0014_case_bundle_receipts")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
