"""Participants, involvement, team, citations, places, names and organizations through the API."""

import pytest
from django.urls import reverse

from cases.models import CaseTeamMember, Citation, OrganizationInvolvement
from people.models import PersonName
from tests import factories
from tests.api_data import token_header


def post(client, user, name, body):
    return client.post(reverse(f"{name}-list"), body, content_type="application/json", **token_header(user))


def test_participant_created_and_read_back(client, case, staff_member):
    person = factories.PersonFactory(name="Aigul Testova", visibility="public")
    created = post(client, staff_member, "participant", {"case": case.slug, "person": person.slug, "role": "family"})
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["role"] == "family" and body["person"] == person.slug and body["visibility"] == "internal"
    listed = client.get(reverse("participant-list"), {"case": case.slug}, **token_header(staff_member)).json()
    assert body["uid"] in [row["uid"] for row in listed["results"]]
    # Internal by default: the public does not see it, not even as a role.
    assert client.get(reverse("participant-detail", args=[body["uid"]])).status_code == 404


def test_an_organizations_involvement_needs_no_person(client, case, staff_member):
    atajurt = factories.OrganizationFactory(name="Atajurt", slug="atajurt", visibility="public")
    created = post(
        client, staff_member, "involvement", {"case": case.slug, "organization": "atajurt", "role": "support"}
    )
    assert created.status_code == 201, created.json()
    assert OrganizationInvolvement.objects.get(uid=created.json()["uid"]).organization == atajurt


def test_editors_assign_the_team_staff_may_not(client, case, editor, staff_member):
    newcomer = factories.UserFactory(username="aliya")
    newcomer.groups.add(factories.role_group("Lawyers"))
    body = {"case": case.slug, "user": "aliya", "role": "lawyer"}
    assert post(client, staff_member, "teammember", body).status_code == 403
    created = post(client, editor, "teammember", body)
    assert created.status_code == 201, created.json()
    assert CaseTeamMember.objects.filter(case=case, user=newcomer, role="lawyer").exists()
    wrong_role = post(client, editor, "teammember", {**body, "user": editor.username, "role": "lawyer"})
    assert wrong_role.status_code == 400 and "user" in wrong_role.json()


def test_the_team_is_not_public(client, case):
    assert client.get(reverse("teammember-list")).json()["results"] == []


def test_a_citation_names_its_fact_by_kind_and_uid(client, case, staff_member):
    event = factories.EventFactory(case=case, visibility="public")
    source = factories.SourceFactory(title="A court record", visibility="public")
    body = {"source": str(source.uid), "fact_kind": "event", "fact": str(event.uid), "quote": "held at night"}
    created = post(client, staff_member, "citation", body)
    assert created.status_code == 201, created.json()
    assert {key: created.json()[key] for key in body} == body
    assert Citation.objects.get(uid=created.json()["uid"]).event == event
    missing = post(client, staff_member, "citation", {**body, "fact": "00000000-0000-0000-0000-000000000000"})
    assert missing.status_code == 400 and "fact" in missing.json()
    public = client.get(reverse("citation-list"), {"case": case.slug}).json()["results"]
    assert [row["quote"] for row in public] == ["held at night"]


def test_places_are_addressed_by_uid_and_written_on_events(client, case, staff_member):
    created = post(client, staff_member, "place", {"name": "Almaty", "country": "KZ", "timezone": "Asia/Almaty"})
    assert created.status_code == 201, created.json()
    place = created.json()["uid"]
    event = post(
        client,
        staff_member,
        "event",
        {
            "case": case.slug,
            "kind": "arrest",
            "title": "Taken from a hotel",
            "occurred": "2019-03-09T20:30:00Z",
            "place": place,
        },
    )
    assert event.status_code == 201, event.json()
    # Printed in the place's local time with its offset on that day.
    assert event.json()["occurred"] == "2019-03-10T02:30:00+06:00"
    assert event.json()["occurred_time"] == "02:30"
    assert event.json()["place"] == place and event.json()["place_name"] == "Almaty, Kazakhstan"


@pytest.mark.parametrize(
    ("text", "precision", "printed"),
    [
        ("2018", "year", "2018"),
        ("2018-04", "month", "2018-04"),
        ("04.2018", "month", "2018-04"),
        ("spring 2018", "season", "2018-21"),
        ("2018-04-02~", "day", "2018-04-02~"),
        ("2018-04-02/2018-04-05", "range", "2018-04-02/2018-04-05"),
    ],
)
def test_what_the_api_prints_it_accepts_back(client, case, staff_member, text, precision, printed):
    body = {"case": case.slug, "kind": "hearing", "title": "A hearing", "occurred": text}
    created = post(client, staff_member, "event", body)
    assert created.status_code == 201, created.json()
    assert created.json()["occurred"] == printed and created.json()["occurred_precision"] == precision
    again = post(client, staff_member, "event", {**body, "occurred": printed})
    assert again.json()["occurred"] == printed


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"occurred": "9999-12-31"}, "occurred"),
        ({"occurred_on": "9999-12-31"}, "occurred_on"),
        ({"occurred": "2018-04", "occurred_on": "2018-04-01"}, "occurred"),
        ({"occurred": "someday"}, "occurred"),
        ({"colour": "red"}, "colour"),
        ({"uid": "00000000-0000-0000-0000-000000000000"}, "uid"),
    ],
)
def test_bad_input_is_refused_naming_the_field(client, case, staff_member, body, field):
    response = post(client, staff_member, "event", {"case": case.slug, "kind": "hearing", "title": "A", **body})
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize(
    ("name", "query", "parameter"),
    [
        ("case", {"organization": "atajurt"}, "organization"),
        ("case", {"page_size": "true"}, "page_size"),
        ("case", {"status": ""}, "status"),
        ("event", {"kind": ""}, "kind"),
    ],
)
def test_unknown_filters_and_bad_paging_are_refused(client, db, name, query, parameter):
    response = client.get(reverse(f"{name}-list"), query)
    assert response.status_code == 400
    assert parameter in response.json()


def test_organizations_are_searched_by_any_name(client, db):
    factories.OrganizationFactory(name="Volunteers of the Fatherland", other_names="Atajurt", visibility="public")
    factories.OrganizationFactory(name="Court of Astana", visibility="public")
    found = client.get(reverse("organization-list"), {"search": "atajurt"}).json()["results"]
    assert [row["name"] for row in found] == ["Volunteers of the Fatherland"]


def test_a_person_created_through_the_api_is_found_in_any_script(client, db, staff_member):
    created = post(client, staff_member, "person", {"slug": "bilash", "name": "Serikzhan Bilash"})
    assert created.status_code == 201, created.json()
    spelling = post(client, staff_member, "personname", {"person": "bilash", "name": "Серикжан Билаш"})
    assert spelling.status_code == 201, spelling.json()
    assert set(PersonName.objects.filter(person__slug="bilash").values_list("name", flat=True)) == {
        "Serikzhan Bilash",
        "Серикжан Билаш",
    }
    for term in ("bilash", "Билаш"):
        found = client.get(reverse("person-list"), {"search": term}, **token_header(staff_member)).json()
        assert [row["slug"] for row in found["results"]] == ["bilash"]


def test_an_identical_name_is_refused_unless_a_namesake(client, db, staff_member):
    factories.PersonFactory(name="Aidos Sadykov", slug="aidos-sadykov")
    body = {"slug": "aidos-2", "name": "Aidos Sadykov"}
    refused = post(client, staff_member, "person", body)
    assert refused.status_code == 400
    assert "aidos-sadykov" in refused.json()["name"][0]
    accepted = post(client, staff_member, "person", {**body, "namesake": True})
    assert accepted.status_code == 201, accepted.json()


def test_a_similar_name_in_another_script_warns(client, db, staff_member):
    existing = factories.PersonFactory(name="Serikzhan Bilash", slug="serikzhan-bilash")
    factories.PersonNameFactory(person=existing, name="Serikzhan Bilash")
    created = post(client, staff_member, "person", {"slug": "other", "name": "Серикжан Билаш"})
    assert created.status_code == 201, created.json()
    assert any("serikzhan-bilash" in warning for warning in created.json()["warnings"])


def test_a_hidden_namesake_answers_as_none(client, db, staff_member):
    hidden = factories.PersonFactory(name="Gulnar Hidden", slug="gulnar-hidden", visibility="restricted")
    factories.PersonNameFactory(person=hidden, name="Gulnar Hidden")
    created = post(client, staff_member, "person", {"slug": "gulnar-2", "name": "Gulnar Hidden"})
    assert created.status_code == 201
    assert "gulnar-hidden" not in created.content.decode()


def test_case_creation_and_status_take_a_date_with_a_precision(client, db, staff_member):
    body = {"slug": "new-case", "title": "Detention of A. Newcase", "country": "KZ", "status": "detained"}
    created = post(client, staff_member, "case", {**body, "effective": "2021-05~"})
    assert created.status_code == 201, created.json()
    assert created.json()["status_changes"][0]["effective"] == "2021-05~"
    moved = client.post(
        reverse("case-change-status", args=["new-case"]),
        {"status": "charged", "effective": "spring 2022"},
        content_type="application/json",
        **token_header(staff_member),
    )
    assert moved.status_code == 200, moved.json()
    assert moved.json()["status_changes"][-1]["effective"] == "2022-21"
    unknown = client.post(
        reverse("case-change-status", args=["new-case"]),
        {"status": "released", "effective_on": "2022-05-01"},
        content_type="application/json",
        **token_header(staff_member),
    )
    assert unknown.status_code == 400 and "effective_on" in unknown.json()
