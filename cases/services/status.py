"""Writes that touch several rows. Views, admin, API and commands call these."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.alerts.services import notifications_create_for_change
from cases.models import Case, CaseStatus, CaseStatusChange
from tracker.dates import DatePrecision, normalize_start


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
    """Save a new case and record its first status as the start of its history.

    `effective_on` is when the status became true ("detained since around 10 March 2019"),
    which is rarely the day the case is entered.
    """
    if case.pk is not None:
        raise ValueError("case_create takes an unsaved case")
    case.updated_by = by
    case.full_clean()
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
    case._stored_status = case.status
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
    case._stored_status = status
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
    # A queryset update, not save(): nothing else on the row is touched, and the save() guard
    # that refuses status edits outside this module stays simple.
    Case.objects.filter(pk=case.pk).update(status=to_status, status_changed_at=now, updated_by=by, updated_at=now)
    return change
