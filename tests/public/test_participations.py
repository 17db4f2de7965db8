"""The case page: a participation's own level decides whether it appears at all; the person's, the name."""

import pytest
from django.urls import reverse

from tests.factories import CaseFactory, ParticipantFactory, PersonFactory


@pytest.fixture
def case_with_parts(db):
    case = CaseFactory(slug="detention-of-leila")
    leila = PersonFactory(name="Leila Adilzhan", slug="leila-adilzhan", visibility="public")
    ParticipantFactory(case=case, person=leila, role="family", relationship="wife", visibility="public")
    # The same public person, in a part the public may not know of (sorted after the public one).
    ParticipantFactory(case=case, person=leila, role="witness", visibility="restricted")
    hidden_person = PersonFactory(name="Hidden Detainee", slug="hidden-detainee", visibility="restricted")
    ParticipantFactory(case=case, person=hidden_person, role="detainee", visibility="public")
    secret_witness = PersonFactory(name="Secret Witness", slug="secret-witness", visibility="restricted")
    ParticipantFactory(case=case, person=secret_witness, role="official", visibility="restricted")
    ParticipantFactory(case=case, role="lawyer", visibility="internal")
    return case


def people_section(client, case) -> str:
    body = client.get(reverse("cases:detail", kwargs={"slug": case.slug})).content.decode()
    return body.split('<ul class="people">', 1)[1].split("</ul>", 1)[0]


def test_a_public_person_is_labelled_by_their_public_part_only(case_with_parts, client):
    people = people_section(client, case_with_parts)
    assert '<a href="/people/leila-adilzhan/">Leila Adilzhan</a>, family member (wife)' in people
    assert "witness" not in people.lower()


def test_a_hidden_person_in_a_visible_part_is_the_role_alone(case_with_parts, client):
    people = people_section(client, case_with_parts)
    assert "Detainee (name withheld)" in people
    assert "Hidden Detainee" not in people


def test_hidden_parts_appear_in_no_form_not_even_a_count(case_with_parts, client):
    people = people_section(client, case_with_parts)
    # Two visible parts: Leila's as witness, and the detainee's role; the restricted witness
    # and the internal lawyer are neither rows nor roles.
    assert people.count("<li>") == 2
    assert "Official (name withheld)" not in people
    assert "lawyer" not in people.lower()


def test_the_public_list_names_no_hidden_detention(case_with_parts, client):
    body = client.get(reverse("cases:list")).content.decode()
    assert "Hidden Detainee" not in body
