"""The publishing workflow: draft -> in review -> published -> withdrawn, with four eyes.

Publishing needs an editor who is not the last person to have changed the case, so
that no one puts their own unchecked work before the public. Raising a record of a
published case to public needs an editor too: that is publishing as well.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.evidence.corroboration import corroboration_error
from cases.models import Case, Source
from cases.models.sources import CITED_FACTS
from cases.visibility.rules import cases_visible_to
from people.models import Person
from tracker import roles
from tracker.audit import attribute_change
from tracker.guarded import GuardedModel, guarded_write
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
def case_set_publication(*, case: Case, target: str, by, note: str = "") -> Case:
    """Move a case to another publication state; refuse with a clear message and change nothing.

    The case's history gets a row: who, when, from which state to which, and the note.
    """
    # Lock: two editors acting at once must both see the state the other left.
    locked = Case.objects.select_for_update().get(pk=case.pk)
    error = publication_error(case=locked, target=target, by=by)
    if error:
        raise ValidationError(error, code="publication_refused")
    _write_publication(locked, target, by=by, note=note)
    for name in ("publication", "published_at", "updated_by_id", "updated_at"):
        setattr(case, name, getattr(locked, name))
    case._remember_guarded()
    return case


def case_publish_by_operator(*, case: Case, note: str) -> Case:
    """Publish from the shell, with no user: the demo data, which the operator loads as a fixture.

    Four eyes is a rule between users of the site; the operator who runs commands on the
    server is outside it. The history row says who did it (no one) and why (`note`).
    """
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        _write_publication(locked, Publication.PUBLISHED, by=None, note=note)
    case.refresh_from_db()
    return case


def _write_publication(locked: Case, target: str, *, by, note: str) -> None:
    fields = ["publication", "updated_by", "updated_at"]
    locked.publication, locked.updated_by = target, by
    if target == Publication.PUBLISHED and locked.published_at is None:
        locked.published_at = timezone.now()
        fields.append("published_at")
    attribute_change(locked, by=by, reason=note)
    with guarded_write("publication"):
        locked.save(update_fields=fields)


def case_of(record) -> Case | None:
    if isinstance(record, Case):
        return record
    return getattr(record, "case", None)


def publicly_exposed(record: Model) -> bool:
    """Would making this saved-or-new record public show it to the public right away?

    A person counts as exposed by any published case they take part in, a source by any
    published case in which it is cited.
    """
    published = Publication.PUBLISHED
    if isinstance(record, Person):
        return record.pk is not None and record.participations.filter(case__publication=published).exists()
    if isinstance(record, Source):
        if record.pk is None:
            return False
        cited_in = Q()
        for fact in CITED_FACTS:
            path = "citations__case" if fact == "case" else f"citations__{fact}__case"
            cited_in |= Q(**{f"{path}__publication": published})
        return Source.objects.filter(pk=record.pk).filter(cited_in).exists()
    case = case_of(record)
    return case is not None and case.publication == published


def visibility_change_allowed(user, record: Model, old: str | None, new: str) -> bool:
    """Staff may always hide; raising a record to public where the public would see it needs an editor.

    A fact made public must also meet the corroboration policy, whoever raises it.
    """
    if corroboration_error(record, old, new):
        return False
    if roles.is_editor(user):
        return True
    if not roles.is_staff_member(user):
        return False
    if new != Visibility.PUBLIC or old == Visibility.PUBLIC:
        return True
    return not publicly_exposed(record)


def can_change_team(user) -> bool:
    return roles.is_editor(user)


def require_editor_to_publicize(user, record, old_visibility: str) -> None:
    """Refuse, unless `user` is an editor, to make a record public where the public would see it;
    refuse anyone a public fact the corroboration policy does not allow."""
    uncorroborated = corroboration_error(record, old_visibility, record.visibility)
    if uncorroborated:
        raise ValidationError(uncorroborated, code="uncorroborated")
    if not visibility_change_allowed(user, record, old_visibility, record.visibility):
        raise PermissionDenied(_("Making a record of a published case public needs an editor."))


@transaction.atomic
def record_set_visibility(*, record, visibility: str, by, note: str = "") -> None:
    """Change one record's visibility, with the editor rule, in an attributed history row.

    The history row also marks the record's case as last changed by `by` (cases/history/four_eyes.py).
    """
    if visibility not in Visibility.values:
        raise ValidationError(_("“%(value)s” is not a visibility level.") % {"value": visibility})
    locked = type(record).objects.select_for_update().get(pk=record.pk)
    old_visibility = locked.visibility
    locked.visibility = visibility
    require_editor_to_publicize(by, locked, old_visibility)
    if visibility != old_visibility:
        attribute_change(locked, by=by, reason=note)
        with guarded_write("visibility"):
            locked.save(update_fields=["visibility"])
    record.visibility = visibility
    record._remember_guarded()


@transaction.atomic
def record_save(record: Model, *, by, save: Callable[[], object]) -> None:
    """Save a form's edit of a record; a new visibility is then set through record_set_visibility.

    Forms show visibility with the rest of a record, but only the service may write it, with
    its rule and its own history row. `save` is the form's own save, run with the stored value.
    """
    changes = record.guarded_changes() if isinstance(record, GuardedModel) else {}
    old, new = changes.pop("visibility", (None, None))
    if old is not None:
        record.visibility = old
    save()
    if old is not None:
        record_set_visibility(record=record, visibility=new, by=by)
