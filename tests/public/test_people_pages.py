from django.urls import reverse

from tests.case_data import build_bilash_case
from tests.factories import CaseFactory, ParticipantFactory


def test_public_person_page_lists_names_in_every_script_and_public_cases(db, client):
    case = build_bilash_case()
    person = case.participants.get(role="detainee").person
    ParticipantFactory(person=person, case=CaseFactory(title="Draft case of the same man", publication="draft"))
    response = client.get(reverse("people:detail", kwargs={"slug": person.slug}))
    assert response.status_code == 200
    body = response.content.decode()
    for expected in ("<h1>Serikzhan Bilash</h1>", "Серикжан Билаш", "Серікжан Біләш", case.title, "detainee"):
        assert expected in body
    assert "Draft case of the same man" not in body


def test_person_only_in_unpublished_cases_has_no_page(db, client):
    participant = ParticipantFactory(case=CaseFactory(publication="in_review"))
    assert client.get(reverse("people:detail", kwargs={"slug": participant.person.slug})).status_code == 404
