"""No oracle: staff off a case's team cannot find it by a restricted witness's name in the admin search."""

import pytest
from django.urls import reverse

from tests.factories import CaseFactory, DetentionFactory, ParticipantFactory, PersonFactory, TeamMemberFactory

SECRET_NAME = "Zhanar Oracleova"


@pytest.fixture
def secret_case(db):
    case = CaseFactory(title="Detention of a blogger")
    witness = PersonFactory(name=SECRET_NAME, visibility="restricted")
    ParticipantFactory(case=case, person=witness, role="witness", visibility="restricted")
    DetentionFactory(case=case, detainee=witness, visibility="internal")
    return case


def found(client, model: str, term: str) -> int:
    response = client.get(reverse(f"admin:cases_{model}_changelist"), {"q": term})
    assert response.status_code == 200
    return response.context["cl"].result_count


@pytest.mark.parametrize("model", ["case", "detention", "participant"])
def test_staff_off_the_team_find_nothing_by_the_restricted_name(client, staff_member, secret_case, model):
    client.force_login(staff_member)
    assert found(client, model, "Oracleova") == 0


def test_the_team_and_editors_find_it(client, staff_member, editor, secret_case):
    TeamMemberFactory(case=secret_case, user=staff_member, role="staff")
    for user in (staff_member, editor):
        client.force_login(user)
        assert found(client, "case", "Oracleova") == 1
        assert found(client, "detention", "Oracleova") == 1


def test_a_visible_name_is_still_found_in_any_script(client, staff_member, db):
    case = CaseFactory()
    person = PersonFactory(name="Serikzhan Bilash", visibility="internal")
    person.names.create(name="Серикжан Билаш", kind="alias", script="Cyrl", language="ru")
    ParticipantFactory(case=case, person=person, visibility="internal")
    client.force_login(staff_member)
    assert found(client, "case", "Билаш") == 1
    assert found(client, "case", "bilash") == 1
    assert found(client, "case", case.title) == 1
