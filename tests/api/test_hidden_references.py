"""API references by slug: a hidden record answers exactly as a missing one, and is never offered."""

import pytest
from django.urls import reverse

from tests.api_data import token_header
from tests.factories import CaseFactory, ParticipantFactory, PersonFactory


@pytest.fixture
def witness(db):
    """A restricted witness in a case whose team the staff member is not on."""
    person = PersonFactory(name="Hidden Witness Aigerim", slug="hidden-witness", visibility="restricted")
    ParticipantFactory(case=CaseFactory(), person=person, role="witness", visibility="restricted")
    return person


def _charge(client, user, case, defendant: str):
    body = {"case": case.slug, "defendant": defendant, "description": "inciting discord", "visibility": "internal"}
    return client.post(reverse("charge-list"), body, content_type="application/json", **token_header(user))


def test_a_hidden_defendant_slug_is_refused_like_an_unknown_one(client, case, witness, staff_member):
    other_case = CaseFactory()
    hidden = _charge(client, staff_member, other_case, witness.slug)
    missing = _charge(client, staff_member, other_case, "no-such-person")
    assert hidden.status_code == missing.status_code == 400
    assert hidden.json()["defendant"] == [f"Object with slug={witness.slug} does not exist."]
    assert missing.json()["defendant"] == ["Object with slug=no-such-person does not exist."]


def test_the_browsable_api_offers_no_hidden_person(client, case, witness, staff_member):
    client.force_login(staff_member)
    body = client.get(reverse("charge-list"), HTTP_ACCEPT="text/html").content.decode()
    assert "defendant" in body
    assert witness.name not in body
    assert witness.slug not in body
