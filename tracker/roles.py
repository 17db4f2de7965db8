"""The roles of DOMAIN.md as Django groups, and the questions code asks about a user."""

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
