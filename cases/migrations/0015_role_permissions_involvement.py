"""Give the roles their permissions on the models added since 0007 (organizations' involvement, bundle receipts)."""

from django.db import migrations


def refresh_roles(apps, schema_editor):
    from tracker.roles import ensure_role_groups

    ensure_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [("cases", "0014_case_bundle_receipts"), ("people", "0004_personname_uid")]

    operations = [migrations.RunPython(refresh_roles, migrations.RunPython.noop)]
