"""Writes that touch several rows. Views, admin, API and commands call these."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.alerts.services import notifications_create_for_change
from cases.models import Case, CaseStatus, CaseStatusChange
from tracker.audit import attribute_change
from tracker.dates import DatePrecision, normalize_start
from tracker.guarded import guarded_write


@transaction.atomic
def case_create(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    note: str = "",
    effective_on=None,
    effective_precision: str = DatePrecision.DAY,
    effective_approximate: bool = False,
) -> Case:
    """Save a new case, as a draft, and record its first status as the start of its history.

    `effective_on` is when the status became true ("detained since around 10 March 2019"),
    which is rarely the day the case is entered. The case reaches the public only through
    review: case_set_publication, by another editor.
    """
    if case.pk is not None:
        raise ValueError("case_create takes an unsaved case")
    case.updated_by = by
    case.full_clean()
    attribute_change(case, by=by, reason=note)
    case.save()
    change = _record_status(
        case=case,
        from_status="",
        to_status=case.status,
        by=by,
        note=note,
        effective_on=effective_on,
        effective_precision=effective_precision,
        effective_approximate=effective_approximate,
    )
    case.status_changed_at = change.changed_at
    return case


@transaction.atomic
def case_change_status(
    *,
    case: Case,
    status: str,
    by: AbstractBaseUser | None,
    note: str = "",
    effective_on=None,
    effective_precision: str = DatePrecision.DAY,
    effective_approximate: bool = False,
) -> CaseStatusChange:
    """Move a case to a new status and record who did it, when and why, in one transaction.

    Every status change goes through here, whatever started it (admin, staff page,
    API, import), so that history and the alerts hung on it never miss one.
    """
    if status not in CaseStatus.values:
        raise ValidationError({"status": _("“%(status)s” is not a case status.") % {"status": status}})
    # Lock the row: two editors changing the status at once must not both record "from X".
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.status == status:
        raise ValidationError(
            {"status": _("The case is already “%(status)s”.") % {"status": locked.get_status_display()}},
            code="unchanged",
        )
    change = _record_status(
        case=locked,
        from_status=locked.status,
        to_status=status,
        by=by,
        note=note,
        effective_on=effective_on,
        effective_precision=effective_precision,
        effective_approximate=effective_approximate,
    )
    # Same transaction: the alerts owed exist exactly when the change does (see cases/alerts.py).
    notifications_create_for_change(change=change)
    case.status = status
    case.status_changed_at = change.changed_at
    case.updated_by = by
    case._remember_guarded()
    return change


def _record_status(
    *,
    case: Case,
    from_status: str,
    to_status: str,
    by,
    note: str,
    effective_on=None,
    effective_precision: str = DatePrecision.DAY,
    effective_approximate: bool = False,
) -> CaseStatusChange:
    now = timezone.now()
    if effective_on is not None:
        effective_on = normalize_start(effective_on, effective_precision)
    change = CaseStatusChange.objects.create(
        case=case,
        from_status=from_status,
        to_status=to_status,
        changed_at=now,
        changed_by=by,
        note=note,
        effective_on=effective_on,
        effective_precision=effective_precision,
        effective_approximate=effective_approximate,
    )
    # Only these fields are written, so whatever else a caller's copy holds is left as stored;
    # the save writes the case's history row, attributed to `by` with the note as its reason.
    case.status, case.status_changed_at, case.updated_by = to_status, now, by
    attribute_change(case, by=by, reason=note)
    with guarded_write("status"):
        case.save(update_fields=["status", "status_changed_at", "updated_by", "updated_at"])
    return change
