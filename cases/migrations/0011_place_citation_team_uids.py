"""Public ids for places, citations and team memberships, which the API now addresses.

Three steps so existing rows each get their own uuid: add the column nullable,
fill it row by row, then make it unique and required.
"""

import uuid

from django.db import migrations, models

MODELS = ("place", "citation", "caseteammember")


def fill_uids(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("cases", name)
        for pk in model.objects.filter(uid__isnull=True).values_list("pk", flat=True).iterator():
            model.objects.filter(pk=pk).update(uid=uuid.uuid4())


def uid_field(**kwargs):
    return models.UUIDField(
        default=uuid.uuid4, editable=False, help_text="Stable public identifier.", verbose_name="public id", **kwargs
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0010_search_indexes")]

    operations = [
        *[migrations.AddField(name, "uid", models.UUIDField(null=True, editable=False)) for name in MODELS],
        migrations.RunPython(fill_uids, migrations.RunPython.noop),
        *[migrations.AlterField(name, "uid", uid_field(unique=True)) for name in MODELS],
        *[migrations.AddField(f"historical{name}", "uid", uid_field(db_index=True)) for name in MODELS],
    ]
