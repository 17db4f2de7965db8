"""The roles of docs/domain.md as Django groups, and the questions code asks about a user."""

STAFF = "Staff"
LAWYER = "Lawyers"
EDITOR = "Editors"
ROLE_GROUPS = (STAFF, LAWYER, EDITOR)


def has_role(user, group_name: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    names = getattr(user, "_role_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._role_names = names  # one query per request, not one per check
    return group_name in names


def is_editor(user) -> bool:
    return user.is_active and (user.is_superuser or has_role(user, EDITOR))


def is_staff_member(user) -> bool:
    return is_editor(user) or has_role(user, STAFF)


def is_lawyer(user) -> bool:
    return has_role(user, LAWYER)


# Model permissions of each role over the case and people apps. Records that carry evidence
# are corrected, not deleted, by staff; the restricted-read log is for editors alone.
ROLE_APPS = ("cases", "people")
EDITOR_ONLY_DELETE = {
    "case", "person", "organization", "legalarticle", "source", "casestatuschange", "notification",
    "sourcecapture", "capturefile",
}  # fmt: skip
# The corroboration policy is an editor's decision, like publishing.
EDITOR_ONLY = {"restrictedread", "corroborationpolicy"}


def role_codenames(model_names: list[str]) -> dict[str, set[str]]:
    def codes(models, actions):
        return {f"{action}_{model}" for model in models for action in actions}

    shared = [m for m in model_names if m not in EDITOR_ONLY and not m.startswith("historical")]
    return {
        EDITOR: codes([m for m in model_names if not m.startswith("historical")], ["view", "add", "change", "delete"]),
        STAFF: codes(shared, ["view", "add", "change"])
        | codes([m for m in shared if m not in EDITOR_ONLY_DELETE], ["delete"]),
        LAWYER: codes(shared, ["view"]),
    }


def ensure_role_groups(apps=None) -> None:
    """Create the role groups with their permissions; safe to run again (migrations, tests after a flush)."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    apps = apps or global_apps
    if apps is global_apps:
        from django.contrib.contenttypes.models import ContentType

        # After a flush the cache still holds the old rows; creating from it would collide.
        ContentType.objects.clear_cache()
    for app_label in ("auth", "contenttypes", *ROLE_APPS):
        app_config = apps.get_app_config(app_label)
        # In a migration the app is a stub without models_module, which create_permissions checks.
        is_stub = getattr(app_config, "models_module", None) is None
        if is_stub:
            app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        if is_stub:
            app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    model_names = [m._meta.model_name for label in ROLE_APPS for m in apps.get_app_config(label).get_models()]
    for name, codenames in role_codenames(model_names).items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(content_type__app_label__in=ROLE_APPS, codename__in=codenames))
