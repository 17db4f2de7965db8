"""/organizations/<slug>/: public organizations, their published cases and named people, nothing else."""

import pytest
from django.urls import reverse

from tests.case_data import build_bilash_case
from tests.factories import (
    CaseFactory,
    CitationFactory,
    CourtRulingFactory,
    DetentionFactory,
    EventFactory,
    OrganizationFactory,
    ParticipantFactory,
    PersonFactory,
    SourceFactory,
)


def org_url(organization) -> str:
    return reverse("cases:organization", kwargs={"slug": organization.slug})


@pytest.fixture
def atajurt(db):
    return OrganizationFactory(name="Atajurt Volunteers", slug="atajurt", kind="ngo", other_names="Atajurt\nАтажұрт")


def test_two_cases_of_one_organization_are_connected(atajurt, client):
    first = build_bilash_case()
    second = CaseFactory(title="Detention of a second volunteer (2020)")
    lawyer = PersonFactory(name="Aiman Umarova")
    ParticipantFactory(case=first, person=lawyer, role="lawyer", organization=atajurt)
    volunteer = PersonFactory(name="Second Volunteer")
    ParticipantFactory(case=second, person=volunteer, role="detainee", organization=atajurt)
    body = client.get(org_url(atajurt)).content.decode()
    assert "<h1>Atajurt Volunteers</h1>" in body
    assert "Also known as: Atajurt, Атажұрт" in body
    for title in (first.title, second.title):
        assert title in body
    assert f'<a href="{lawyer.get_absolute_url()}">Aiman Umarova</a>: lawyer ({first.title})' in body


def test_never_a_restricted_or_internal_record(atajurt, client):
    case = build_bilash_case()
    hidden_person = PersonFactory(name="Hidden Witness QX", visibility="restricted")
    ParticipantFactory(case=case, person=hidden_person, role="witness", organization=atajurt)
    ParticipantFactory(
        case=CaseFactory(title="Internal part QX"), role="lawyer", organization=atajurt, visibility="internal"
    )
    DetentionFactory(case=CaseFactory(title="Restricted detention QX"), authority=atajurt, visibility="restricted")
    ParticipantFactory(case=CaseFactory(title="Draft case QX", publication="draft"), organization=atajurt)
    internal_source = SourceFactory(publisher=atajurt, visibility="internal")
    CitationFactory(source=internal_source, case=CaseFactory(title="Internal source QX"))
    body = client.get(org_url(atajurt)).content.decode()
    assert "QX" not in body
    assert "No published case yet." in body


def test_cases_through_detentions_rulings_and_published_sources(db, client):
    police = OrganizationFactory(name="City police", slug="city-police", kind="state_body")
    court = OrganizationFactory(name="District court", slug="district-court", kind="court")
    outlet = OrganizationFactory(name="News outlet", slug="news-outlet", kind="media")
    held = CaseFactory(title="Held by the police")
    DetentionFactory(case=held, authority=police)
    tried = CaseFactory(title="Tried by the court")
    CourtRulingFactory(case=tried, court=court)
    reported = CaseFactory(title="Reported by the outlet")
    CitationFactory(source=SourceFactory(publisher=outlet), event=EventFactory(case=reported))
    unreported = CaseFactory(title="Cited only by an internal event")
    CitationFactory(source=SourceFactory(publisher=outlet), event=EventFactory(case=unreported, visibility="internal"))
    assert "Held by the police" in client.get(org_url(police)).content.decode()
    assert "Tried by the court" in client.get(org_url(court)).content.decode()
    outlet_page = client.get(org_url(outlet)).content.decode()
    assert "Reported by the outlet" in outlet_page
    assert "Cited only by an internal event" not in outlet_page


@pytest.mark.parametrize("visibility", ["internal", "restricted"])
def test_an_organization_that_is_not_public_has_no_page(db, client, visibility):
    organization = OrganizationFactory(slug="secret-bureau", visibility=visibility)
    DetentionFactory(case=CaseFactory(), authority=organization)
    assert client.get(org_url(organization)).status_code == 404
    assert client.get(reverse("cases:organization", kwargs={"slug": "no-such-org"})).status_code == 404


def test_constant_number_of_queries_whatever_the_organization_s_size(atajurt, client, django_assert_max_num_queries):
    def add_cases(count: int) -> None:
        for _ in range(count):
            case = CaseFactory()
            ParticipantFactory(case=case, role="lawyer", organization=atajurt)
            DetentionFactory(case=case, authority=atajurt)

    add_cases(1)
    with django_assert_max_num_queries(6) as small:
        client.get(org_url(atajurt))
    add_cases(15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        body = client.get(org_url(atajurt)).content.decode()
    assert body.count("<li><a href=\"/cases/") == 16


def test_case_page_links_public_organizations_and_names_hidden_ones_by_kind(db, client):
    case = build_bilash_case()
    hidden = OrganizationFactory(name="Secret bureau QX", slug="secret-bureau", visibility="internal")
    DetentionFactory(case=case, authority=hidden, detainee=case.participants.get(role="detainee").person)
    body = client.get(case.get_absolute_url()).content.decode()
    court = case.rulings.get().court
    assert f'<a href="{org_url(court)}">{court.name}</a>' in body
    assert "QX" not in body and "/organizations/secret-bureau/" not in body
    sitemap = client.get(reverse("cases:sitemap")).content.decode()
    assert f"http://testserver{org_url(court)}" in sitemap
    assert "secret-bureau" not in sitemap
