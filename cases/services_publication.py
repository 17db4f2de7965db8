"""The publishing workflow: draft -> in review -> published -> withdrawn, with four eyes.

Publishing needs an editor who is not the last person to have changed the case, so
that no one puts their own unchecked work before the public. Raising a record of a
published case to public needs an editor too: that is publishing as well.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case
from cases.visibility import cases_visible_to
from tracker import roles
from tracker.visibility import Visibility

Publication = Case.Publication

# From each state, the states a case may move to.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Publication.DRAFT: (Publication.IN_REVIEW,),
    Publication.IN_REVIEW: (Publication.PUBLISHED, Publication.DRAFT),
    Publication.PUBLISHED: (Publication.WITHDRAWN,),
    Publication.WITHDRAWN: (Publication.IN_REVIEW, Publication.DRAFT),
}


def publication_error(*, case: Case, target: str, by) -> str | None:
    """Why `by` may not move `case` to `target`, or None when they may."""
    if target not in TRANSITIONS.get(case.publication, ()):
        return _("A case that is “%(state)s” cannot become “%(target)s”.") % {
            "state": case.get_publication_display(),
            "target": Publication(target).label,
        }
    if not roles.is_staff_member(by) or not cases_visible_to(by).filter(pk=case.pk).exists():
        return _("Only staff may change a case's publication.")
    if target in (Publication.PUBLISHED, Publication.WITHDRAWN) and not roles.is_editor(by):
        return _("Only an editor may publish or withdraw a case.")
    if target == Publication.PUBLISHED and case.updated_by_id == by.pk:
        return _("You made the last change to this case: another editor must review and publish it.")
    return None


def allowed_transitions(*, case: Case, by) -> list[str]:
    return [
        target
        for target in TRANSITIONS.get(case.publication, ())
        if not publication_error(case=case, target=target, by=by)
    ]


@transaction.atomic
def case_set_publication(*, case: Case, target: str, by) -> Case:
    """Move a case to another publication state; refuse with a clear message and change nothing."""
    # Lock: two editors acting at once must both see the state the other left.
    locked = Case.objects.select_for_update().get(pk=case.pk)
    error = publication_error(case=locked, target=target, by=by)
    if error:
        raise ValidationError(error, code="publication_refused")
    now = timezone.now()
    fields = {"publication": target, "updated_by": by, "updated_at": now}
    if target == Publication.PUBLISHED and locked.published_at is None:
        fields["published_at"] = now
    Case.objects.filter(pk=locked.pk).update(**fields)
    for name, value in fields.items():
        setattr(case, name, value)
    return case


def case_of(record) -> Case | None:
    if isinstance(record, Case):
        return record
    return getattr(record, "case", None)


def require_editor_to_publicize(user, record, old_visibility: str) -> None:
    """Refuse, unless `user` is an editor, to make a record of a published case public.

    For a Person, any published case they take part in counts. The admin and the staff
    forms call this before saving a changed visibility.
    """
    if record.visibility != Visibility.PUBLIC or old_visibility == Visibility.PUBLIC:
        return
    if roles.is_editor(user):
        return
    if _is_in_published_case(record):
        raise PermissionDenied(_("Making a record of a published case public needs an editor."))


def _is_in_published_case(record) -> bool:
    from people.models import Person

    if isinstance(record, Person):
        return record.participations.filter(case__publication=Publication.PUBLISHED).exists()
    case = case_of(record)
    return case is not None and case.publication == Publication.PUBLISHED


@transaction.atomic
def record_set_visibility(*, record, visibility: str, by) -> None:
    """Change one record's visibility, with the editor rule, and note who last changed its case."""
    if visibility not in Visibility.values:
        raise ValidationError(_("“%(value)s” is not a visibility level.") % {"value": visibility})
    old_visibility = type(record).objects.select_for_update().values_list("visibility", flat=True).get(pk=record.pk)
    record.visibility = visibility
    require_editor_to_publicize(by, record, old_visibility)
    type(record).objects.filter(pk=record.pk).update(visibility=visibility)
    case = case_of(record)
    if case is not None:
        Case.objects.filter(pk=case.pk).update(updated_by=by, updated_at=timezone.now())
