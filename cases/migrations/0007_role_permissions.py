"""Give the roles their permissions on the models added since 0002 (alerts, history log)."""

from django.db import migrations


def refresh_roles(apps, schema_editor):
    from tracker.roles import ensure_role_groups

    ensure_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_alerts"), ("people", "0003_search_trigram")]

    operations = [migrations.RunPython(refresh_roles, migrations.RunPython.noop)]
