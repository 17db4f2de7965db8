from cases.models import CaseStatusChange
from tests.factories import CaseFactory


def test_factory_case_has_its_first_status_recorded(db):
    case = CaseFactory(status="detained")
    change = CaseStatusChange.objects.get(case=case)
    assert (change.from_status, change.to_status) == ("", "detained")
