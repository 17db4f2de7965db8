"""The roles of docs/domain.md as groups with their model permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CASE_MODELS = ["case", "caseteammember", "participant", "place", "detention", "event", "legalarticle", "charge",
               "courtruling", "source", "citation", "casestatuschange"]
PEOPLE_MODELS = ["person", "personname", "organization"]
# Evidence-bearing records that only editors may delete; staff correct them instead.
EDITOR_ONLY_DELETE = {"case", "person", "organization", "legalarticle", "source", "casestatuschange"}


def codenames(models, actions):
    return [f"{action}_{model}" for model in models for action in actions]


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    all_models = CASE_MODELS + PEOPLE_MODELS
    staff_codes = codenames(all_models, ["view", "add", "change"]) + codenames(
        [m for m in all_models if m not in EDITOR_ONLY_DELETE], ["delete"]
    )
    roles = {
        "Staff": staff_codes,
        "Editors": codenames(all_models, ["view", "add", "change", "delete"]),
        "Lawyers": codenames(all_models, ["view"]),
    }
    for name, codes in roles.items():
        group, _ = Group.objects.get_or_create(name=name)
        perms = Permission.objects.filter(
            content_type__app_label__in=["cases", "people"], codename__in=codes
        )
        group.permissions.set(perms)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Staff", "Editors", "Lawyers"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("people", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
