"""/search/: one box, names across scripts, through the gate; nothing non-public in results."""

import pytest
from django.urls import reverse

from cases.demo import load_demo
from cases.search.selectors import search
from tests.factories import (
    CaseFactory,
    ChargeFactory,
    CitationFactory,
    OrganizationFactory,
    ParticipantFactory,
    PersonFactory,
    PersonNameFactory,
    SourceFactory,
)

SECRET_WITNESS = "Zhanargul Secretwitness"
SECRET_CYRILLIC = "Жанаргуль Секретвитнесс"


@pytest.fixture
def demo(db):
    return load_demo()


@pytest.fixture
def planted(db, demo):
    """A restricted witness in the demo case, and a draft case: neither may ever surface publicly."""
    witness = PersonFactory(name=SECRET_WITNESS, slug="secret-witness", visibility="restricted")
    PersonNameFactory(person=witness, name=SECRET_WITNESS, kind="primary")
    PersonNameFactory(person=witness, name=SECRET_CYRILLIC)
    ParticipantFactory(case=demo, person=witness, role="witness", visibility="public")
    draft = CaseFactory(title="Detention of Draftonly Person", publication="draft", summary="Draftonly summary")
    ChargeFactory(case=draft, description="secretcharge of sabotage", article=None, visibility="public")
    SourceFactory(title="Secretsource testimony", visibility="restricted")
    OrganizationFactory(name="Hiddenorg committee", visibility="internal")
    return witness


@pytest.mark.parametrize("query", ["Билаш", "Biläş", "bilash", "Серікжан Біләш", "SERIKZHAN"])
def test_the_demo_case_is_found_by_any_spelling(anon_client, demo, query):
    response = anon_client.get(reverse("search:search"), {"q": query})

    assert response.status_code == 200
    people = response.context["results"].people
    assert [hit.title for hit in people] == ["Serikzhan Bilash"]
    assert [ref.title for ref in people[0].cases] == ["Detention of Serikzhan Bilash (2019)"]
    assert "Detention of Serikzhan Bilash (2019)" in [hit.title for hit in response.context["results"].cases]


def test_the_matched_alias_is_shown(anon_client, demo):
    response = anon_client.get(reverse("search:search"), {"q": "Билаш"})

    assert response.context["results"].people[0].matched == "Серикжан Билаш"
    assert "Серикжан Билаш" in response.content.decode()


def test_organizations_charges_and_sources_are_searched(anon_client, demo):
    results = {q: anon_client.get(reverse("search:search"), {"q": q}).context["results"] for q in
               ("Atajurt", "discord", "Radio Free Europe", "174")}  # fmt: skip

    assert [hit.title for hit in results["Atajurt"].organizations] == ["Volunteers of the Fatherland"]
    assert results["Atajurt"].organizations[0].matched == "Atajurt"
    assert results["discord"].charges
    assert results["174"].charges[0].cases[0].title == "Detention of Serikzhan Bilash (2019)"
    assert results["Radio Free Europe"].sources


@pytest.mark.parametrize(
    "query", ["Secretwitness", "Секретвитнесс", "Draftonly", "secretcharge", "Secretsource", "Hiddenorg"]
)
def test_the_public_never_finds_what_is_not_public(anon_client, planted, query):
    response = anon_client.get(reverse("search:search"), {"q": query})

    assert response.context["results"].total == 0
    body = response.content.decode()
    for secret in ("Secretwitness", "Секретвитнесс", "Draftonly", "secretcharge", "Secretsource", "Hiddenorg"):
        assert secret not in body.replace(query, "")  # the query itself is echoed in the box


def test_a_hidden_witness_does_not_show_through_the_case_it_is_in(anon_client, planted):
    body = anon_client.get(reverse("search:search"), {"q": "Bilash"}).content.decode()

    assert SECRET_WITNESS not in body and SECRET_CYRILLIC not in body


def test_staff_find_internal_records_but_restricted_only_on_the_team(client, planted, staff_member, editor):
    client.force_login(staff_member)
    staff_results = client.get(reverse("search:search"), {"q": "Draftonly"}).context["results"]
    assert [hit.title for hit in staff_results.cases] == ["Detention of Draftonly Person"]
    assert client.get(reverse("search:search"), {"q": "Hiddenorg"}).context["results"].organizations
    assert client.get(reverse("search:search"), {"q": "Секретвитнесс"}).context["results"].total == 0

    client.force_login(editor)
    editor_people = client.get(reverse("search:search"), {"q": "Секретвитнесс"}).context["results"].people
    assert [(hit.title, hit.matched) for hit in editor_people] == [(SECRET_WITNESS, SECRET_CYRILLIC)]


def test_empty_query_shows_the_box_only(anon_client, db):
    response = anon_client.get(reverse("search:search"))

    assert response.status_code == 200
    assert response.context["results"] is None
    assert 'name="q"' in response.content.decode()


def _people(count: int) -> None:
    for index in range(count):
        case = CaseFactory()
        person = PersonFactory(name=f"Bilashenko Number{index}")
        PersonNameFactory(person=person, name=person.name, kind="primary")
        PersonNameFactory(person=person, name=f"Билашенко {index}")
        participant = ParticipantFactory(case=case, person=person)
        ChargeFactory(case=case, defendant=person, description="bilash charge", article=None)
        CitationFactory(participant=participant, source=SourceFactory(title=f"Bilash report {index}"))


@pytest.mark.parametrize("count", [1, 12])
def test_search_costs_the_same_whatever_the_data(anon_client, db, django_assert_max_num_queries, count):
    _people(count)

    # Plus one for which people found have a public page to link to, and one for organizations.
    with django_assert_max_num_queries(10):
        response = anon_client.get(reverse("search:search"), {"q": "bilash"})

    assert len(response.context["results"].people) == count


@pytest.mark.postgres
def test_postgres_ranks_close_spellings_across_scripts(demo):
    """Trigram similarity finds a misspelt transliteration and ranks the closest name first."""
    other = PersonFactory(name="Bilal Sherzod")
    PersonNameFactory(person=other, name="Билал Шерзод")
    ParticipantFactory(case=demo, person=other, role="witness")

    results = search("Bilash Serikjan", _anonymous())  # "jan": another transliteration, no substring match

    assert results.people[0].title == "Serikzhan Bilash"
    assert results.people[0].score > 0.5


@pytest.mark.postgres
def test_postgres_full_text_ranks_title_matches_first(db):
    CaseFactory(title="Harassment of a journalist", summary="Bilash was mentioned in passing.")
    CaseFactory(title="Detention of Bilash's colleague", summary="")

    titles = [hit.title for hit in search("Bilash", _anonymous()).cases]

    assert titles == ["Detention of Bilash's colleague", "Harassment of a journalist"]


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()
