"""Give the roles their permissions on captures and the corroboration policy (editors alone set the policy)."""

from django.db import migrations


def refresh_roles(apps, schema_editor):
    from tracker.roles import ensure_role_groups

    ensure_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [("cases", "0011_source_captures_and_grades")]

    operations = [migrations.RunPython(refresh_roles, migrations.RunPython.noop)]
