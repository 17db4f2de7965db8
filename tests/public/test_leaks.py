"""The one-gate promise: planted non-public strings appear on no public surface."""

import re

import pytest
from django.urls import reverse

from cases.services.status import case_change_status
from tests.case_data import SECRETS, build_bilash_case, plant_secrets


@pytest.fixture
def planted_case(db):
    case = build_bilash_case()
    case_change_status(case=case, status="charged", by=None, note=SECRETS["status_note"])
    plant_secrets(case)
    return case


def public_urls(case) -> list[str]:
    bilash = case.participants.get(role="detainee").person
    return [
        reverse("cases:list"),
        reverse("cases:list") + "?q=Bilash",
        reverse("cases:list") + "?q=Qyzylbekova",
        reverse("cases:detail", kwargs={"slug": case.slug}),
        reverse("cases:case-feed", kwargs={"slug": case.slug}),
        reverse("cases:feed"),
        reverse("cases:stats"),
        reverse("cases:sitemap"),
        reverse("people:detail", kwargs={"slug": bilash.slug}),
    ]


def test_no_public_surface_shows_a_planted_secret(planted_case, client):
    for url in public_urls(planted_case):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for name, secret in SECRETS.items():
            assert secret not in body, f"{name} leaked on {url}"
        assert "secret.example.org" not in body
        assert "sister" not in body


def test_hidden_participations_appear_in_no_form(planted_case, client):
    body = client.get(reverse("cases:detail", kwargs={"slug": planted_case.slug})).content.decode()
    # The witness's and the sister's parts are not public: not even their roles may show.
    assert "Witness (name withheld)" not in body
    assert "Family member (name withheld)" not in body
    # Named with their role, and nothing after it: the organization they act for is restricted.
    assert re.search(r"Public Lawyer Aitbayev</a>, lawyer\s*</li>", body)


def test_searching_a_hidden_name_finds_nothing(planted_case, client):
    for text in (SECRETS["witness"], SECRETS["witness_alias"], SECRETS["hidden_relative"]):
        body = client.get(reverse("cases:list"), {"q": text}).content.decode()
        assert "0 cases" in body, text
        assert planted_case.title not in body


def test_hidden_people_have_no_public_page(planted_case, client):
    for slug in ("witness-secret", "relative-secret"):
        assert client.get(reverse("people:detail", kwargs={"slug": slug})).status_code == 404


def test_sitemap_lists_public_pages_only(planted_case, client):
    from tests.factories import CaseFactory

    draft = CaseFactory(publication="draft")
    body = client.get(reverse("cases:sitemap")).content.decode()
    assert f"<loc>http://testserver/cases/{planted_case.slug}/</loc>" in body
    assert "<loc>http://testserver/people/public-lawyer/</loc>" in body
    for hidden in (draft.slug, "witness-secret", "relative-secret"):
        assert hidden not in body


def test_the_preview_is_the_public_page(planted_case, client, staff_member):
    client.force_login(staff_member)
    body = client.get(reverse("cases:staff-preview", kwargs={"slug": planted_case.slug})).content.decode()
    assert "Preview:" in body
    for name, secret in SECRETS.items():
        assert secret not in body, name
