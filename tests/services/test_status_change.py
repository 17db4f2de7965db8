"""case_change_status: the one way a status moves, with its history row in the same transaction."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from cases.models import Case, CaseStatusChange
from cases.services.status import case_change_status
from tests.factories import CaseFactory


def test_records_from_to_who_and_why(db, staff_member):
    case = CaseFactory(status="detained")

    change = case_change_status(
        case=case, status="charged", by=staff_member, note="Indictment served", effective_on=dt.date(2019, 3, 15)
    )

    change.refresh_from_db()
    assert (change.from_status, change.to_status) == ("detained", "charged")
    assert change.changed_by == staff_member
    assert change.note == "Indictment served"
    assert str(change.effective) == "15 March 2019"
    case.refresh_from_db()
    assert case.status == "charged"
    assert case.status_changed_at == change.changed_at
    assert case.updated_by == staff_member
    assert list(case.status_changes.values_list("to_status", flat=True)) == ["detained", "charged"]


def test_a_failure_after_the_change_rolls_back_both(db, staff_member):
    case = CaseFactory(status="detained")

    with pytest.raises(RuntimeError), transaction.atomic():
        case_change_status(case=case, status="released", by=staff_member)
        raise RuntimeError("the caller's next step failed")

    case.refresh_from_db()
    assert case.status == "detained"
    assert not CaseStatusChange.objects.filter(case=case, to_status="released").exists()


@pytest.mark.parametrize(
    ("status", "message"),
    [("detained", "already"), ("not-a-status", "not a case status")],
)
def test_bad_status_changes_nothing(db, staff_member, status, message):
    case = CaseFactory(status="detained")

    with pytest.raises(ValidationError, match=message):
        case_change_status(case=case, status=status, by=staff_member)

    assert CaseStatusChange.objects.filter(case=case).count() == 1
    assert Case.objects.get(pk=case.pk).status == "detained"


def test_saving_a_case_cannot_bypass_the_history(db):
    case = CaseFactory(status="detained")
    case = Case.objects.get(pk=case.pk)
    case.status = "released"

    with pytest.raises(ValidationError, match="changes only through its own action"):
        case.save()

    assert Case.objects.get(pk=case.pk).status == "detained"


def test_the_returned_case_object_is_current(db, staff_member):
    case = CaseFactory(status="detained")
    case_change_status(case=case, status="charged", by=staff_member)
    case.title = "Renamed"

    case.save()  # the in-memory case knows its new status, so this is no bypass

    assert Case.objects.get(pk=case.pk).title == "Renamed"
