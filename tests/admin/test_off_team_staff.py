"""Staff off a case's team see none of its restricted records in the admin, in any form."""

import pytest
from django.urls import reverse

from tests.factories import (
    CaseFactory,
    CitationFactory,
    ParticipantFactory,
    PersonFactory,
    PersonNameFactory,
    SourceFactory,
)

WITNESS = "Restricted Witness Zhanar"
QUOTE = "CANARY-RESTRICTED-citation-quote"


@pytest.fixture
def off_team(db, client, staff_member):
    """A case whose team the signed-in staff member is not on, with a restricted witness and detainee."""
    case = CaseFactory()
    witness = PersonFactory(name=WITNESS, slug="zhanar", visibility="restricted")
    part = ParticipantFactory(case=case, person=witness, role="witness", visibility="restricted")
    ParticipantFactory(case=case, person=witness, role="detainee", visibility="internal")
    source = SourceFactory(visibility="internal")
    citation = CitationFactory(source=source, participant=part, quote=QUOTE)
    client.force_login(staff_member)
    return {"case": case, "witness": witness, "source": source, "citation": citation}


def _body(client, url: str) -> tuple[int, str]:
    response = client.get(url)
    return response.status_code, response.content.decode()


def test_citations_of_restricted_records_are_hidden_and_missing_alike(client, off_team):
    status, body = _body(client, reverse("admin:cases_citation_changelist"))
    assert status == 200
    assert QUOTE not in body
    hidden = client.get(reverse("admin:cases_citation_change", args=[off_team["citation"].pk]))
    missing = client.get(reverse("admin:cases_citation_change", args=[999999]))
    assert hidden.status_code == missing.status_code
    assert QUOTE not in hidden.content.decode()


def test_a_sources_page_lists_no_restricted_citation(client, off_team):
    status, body = _body(client, reverse("admin:cases_source_change", args=[off_team["source"].pk]))
    assert status == 200
    assert QUOTE not in body
    assert WITNESS not in body


def test_the_case_list_names_no_restricted_detainee(client, off_team):
    status, body = _body(client, reverse("admin:cases_case_changelist"))
    assert status == 200
    assert WITNESS not in body


def _add_person(client, name: str, slug: str):
    form = {
        "name": name, "slug": slug, "visibility": "internal",
        "names-TOTAL_FORMS": "0", "names-INITIAL_FORMS": "0", "names-MIN_NUM_FORMS": "0", "names-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    return client.post(reverse("admin:people_person_add"), form, follow=True)


def test_the_duplicate_warning_names_no_one_the_user_may_not_see(client, off_team):
    PersonNameFactory(person=off_team["witness"], name=WITNESS)
    # The same name folded (letter case aside): a duplicate candidate, were the witness visible.
    body = _add_person(client, WITNESS.upper(), "zhanar-2").content.decode()
    assert "was added successfully" in body
    assert "Possible duplicate" not in body
    assert WITNESS not in body


def test_the_alias_warning_names_no_one_the_user_may_not_see(client, off_team, staff_member):
    PersonNameFactory(person=off_team["witness"], name="Zhanar Alias")
    namesake = PersonFactory(name="Someone Else", slug="someone-else", visibility="internal")
    form = {"person": namesake.pk, "name": "Zhanar Alias", "kind": "alias", "script": "latn", "language": "en"}
    response = client.post(reverse("admin:people_personname_add"), form)
    assert WITNESS not in response.content.decode()
