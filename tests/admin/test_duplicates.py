"""Duplicate people: the same name folded across scripts, and on PostgreSQL close transliterations."""

import pytest

from people.services import person_sync_primary_name, possible_duplicates
from tests.factories import PersonFactory, PersonNameFactory


def _person(name: str, *spellings: str):
    person = PersonFactory(name=name)
    person_sync_primary_name(person)
    for spelling in spellings:
        PersonNameFactory(person=person, name=spelling)
    return person


def test_the_same_name_in_another_script_is_a_possible_duplicate(db):
    existing = _person("Serikzhan Bilash")
    newcomer = _person("Серикжан Билаш")
    _person("Aiman Umarova")

    assert list(possible_duplicates(newcomer)) == [existing]


@pytest.mark.postgres
def test_postgres_also_finds_another_transliteration(db):
    existing = _person("Serikzhan Bilash", "Серикжан Билаш")
    newcomer = _person("Serikjan Bilash")
    _person("Serik Bolat")

    assert list(possible_duplicates(newcomer)) == [existing]


def _add_person(client, name: str, **extra):
    data = {"name": name, "slug": extra.pop("slug", "new-person"), "visibility": "internal", **extra}
    data.update({"names-TOTAL_FORMS": "0", "names-INITIAL_FORMS": "0"})
    return client.post("/admin/people/person/add/", data)


def test_the_admin_refuses_an_identical_name_with_a_link_unless_a_namesake(client, staff_member):
    existing = _person("Aidos Sadykov")
    client.force_login(staff_member)
    refused = _add_person(client, "Aidos Sadykov")
    assert refused.status_code == 200
    error = " ".join(refused.context["adminform"].form.errors["name"])
    assert f"/admin/people/person/{existing.pk}/change/" in error
    # The pop-up ("+" beside a person box) is the same form, so the same rule.
    popup = client.post(
        "/admin/people/person/add/?_popup=1&_to_field=id",
        {
            "name": "Aidos Sadykov",
            "slug": "popup",
            "visibility": "internal",
            "_popup": "1",
            "_to_field": "id",
            "names-TOTAL_FORMS": "0",
            "names-INITIAL_FORMS": "0",
        },
    )
    assert popup.status_code == 200 and "name" in popup.context["adminform"].form.errors
    assert _add_person(client, "Aidos Sadykov", namesake="on").status_code == 302


def test_the_admin_warns_of_a_similar_name_in_another_script(client, staff_member):
    existing = _person("Serikzhan Bilash")
    client.force_login(staff_member)
    response = _add_person(client, "Серикжан Билаш", slug="other")
    assert response.status_code == 302
    messages = [str(message) for message in response.wsgi_request._messages]
    assert any(f"/admin/people/person/{existing.pk}/change/" in message for message in messages)
