"""What a user may change, field by field: the rule against mass assignment.

Only editors publish, change team membership, or make something public that the public
would then see at once (a record of a published case, a person appearing in one, a source
cited there). Staff may always make a record *less* visible: hiding is never the leak.
The admin uses this; the API's serializers must call the same functions.
"""

from __future__ import annotations

from django.db.models import Model, Q

from tracker import roles
from tracker.visibility import Visibility

# (app_label, model_name) -> fields only an editor may change; "*" is every field.
EDITOR_ONLY_FIELDS: dict[tuple[str, str], set[str]] = {
    ("cases", "case"): {"publication"},
    ("cases", "caseteammember"): {"*"},
}


def can_change_field(user, model: type[Model] | Model, field: str) -> bool:
    """May this user write this field at all? (Values are checked by visibility_change_error.)"""
    if roles.is_editor(user):
        return True
    if not roles.is_staff_member(user):
        return False
    fields = EDITOR_ONLY_FIELDS.get((model._meta.app_label, model._meta.model_name), set())
    return field not in fields and "*" not in fields


def can_change_team(user) -> bool:
    return roles.is_editor(user)


def publicly_exposed(instance: Model) -> bool:
    """Would making this saved-or-new record public show it to the public right away?"""
    from cases.models import Case, Source
    from cases.models.sources import CITED_FACTS
    from people.models import Person

    published = Case.Publication.PUBLISHED
    if isinstance(instance, Person):
        return instance.pk is not None and instance.participations.filter(case__publication=published).exists()
    if isinstance(instance, Source):
        if instance.pk is None:
            return False
        cited_in = Q()
        for fact in CITED_FACTS:
            path = "citations__case" if fact == "case" else f"citations__{fact}__case"
            cited_in |= Q(**{f"{path}__publication": published})
        return Source.objects.filter(pk=instance.pk).filter(cited_in).exists()
    case = getattr(instance, "case", None) if getattr(instance, "case_id", None) else None
    return case is not None and case.publication == published


def visibility_change_allowed(user, instance: Model, old: str | None, new: str) -> bool:
    if roles.is_editor(user):
        return True
    if not roles.is_staff_member(user):
        return False
    if new != Visibility.PUBLIC or old == Visibility.PUBLIC:
        return True
    return not publicly_exposed(instance)
