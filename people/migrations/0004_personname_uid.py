"""A public id for each spelling of a name, so the API can address it.

Three steps so existing rows each get their own uuid: add the column nullable,
fill it row by row, then make it unique and required.
"""

import uuid

from django.db import migrations, models


def fill_uids(apps, schema_editor):
    model = apps.get_model("people", "personname")
    for pk in model.objects.filter(uid__isnull=True).values_list("pk", flat=True).iterator():
        model.objects.filter(pk=pk).update(uid=uuid.uuid4())


def uid_field(**kwargs):
    return models.UUIDField(
        default=uuid.uuid4, editable=False, help_text="Stable public identifier.", verbose_name="public id", **kwargs
    )


class Migration(migrations.Migration):
    dependencies = [("people", "0003_search_trigram")]

    operations = [
        migrations.AddField("personname", "uid", models.UUIDField(null=True, editable=False)),
        migrations.RunPython(fill_uids, migrations.RunPython.noop),
        migrations.AlterField("personname", "uid", uid_field(unique=True)),
        migrations.AddField("historicalpersonname", "uid", uid_field(db_index=True)),
    ]
