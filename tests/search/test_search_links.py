"""Search results lead somewhere: people and organizations to their pages, cases to theirs."""

from django.urls import reverse

from tests.case_data import build_bilash_case
from tests.factories import OrganizationFactory, ParticipantFactory, PersonFactory


def test_results_link_to_people_organizations_and_cases(db, client):
    case = build_bilash_case()
    bilash = case.participants.get(role="detainee").person
    atajurt = OrganizationFactory(name="Atajurt Volunteers", slug="atajurt")
    ParticipantFactory(case=case, person=PersonFactory(name="Atajurt Lawyer"), role="lawyer", organization=atajurt)
    body = client.get(reverse("search:search"), {"q": "Bilash"}).content.decode()
    assert f'<a href="{bilash.get_absolute_url()}"><strong>Serikzhan Bilash</strong></a>' in body
    assert f'<a href="{case.get_absolute_url()}">{case.title}</a>' in body
    body = client.get(reverse("search:search"), {"q": "Atajurt"}).content.decode()
    assert '<a href="/organizations/atajurt/">Atajurt Volunteers</a>' in body


def test_a_hidden_organization_is_found_by_staff_but_linked_to_no_public_page(db, client, staff_member):
    OrganizationFactory(name="Internal Bureau", slug="internal-bureau", visibility="internal")
    client.force_login(staff_member)
    body = client.get(reverse("search:search"), {"q": "Internal Bureau"}).content.decode()
    assert "Internal Bureau" in body
    assert "/organizations/internal-bureau/" not in body
