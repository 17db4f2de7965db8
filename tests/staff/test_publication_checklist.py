"""Before publishing, the editor sees what the public page will lack: sources and non-public records."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Citation
from tests.case_data import build_bilash_case, plant_secrets
from tests.factories import EventFactory, TeamMemberFactory


@pytest.fixture
def draft(db, editor):
    case = build_bilash_case(publication="draft")
    plant_secrets(case)
    TeamMemberFactory(case=case, user=editor, role="staff")
    return case


def checklist(client, case) -> str:
    page = client.get(reverse("cases:staff-publication", args=[case.slug])).content.decode()
    start = page.index('id="checklist-h"')
    return page[start : page.index("</section>", start)]


def items(html: str, css_class: str) -> list[str]:
    block = re.search(rf'<ul class="{css_class}">(.*?)</ul>', html, re.S)
    return [re.sub(r"<[^>]+>", "", item) for item in re.findall(r"<li>(.*?)</li>", block.group(1))] if block else []


def test_public_facts_without_a_public_citation_are_listed(client, editor, draft):
    EventFactory(case=draft, title="Hearing postponed", occurred_on="2019-05-01", visibility="public")
    client.force_login(editor)

    html = checklist(client, draft)

    uncited = items(html, "uncited")
    assert "event: 1 May 2019: Hearing postponed" in uncited
    assert "event: spring 2017: Spring statement" in uncited
    # Cited facts are not listed; a fact cited only by a restricted source counts as uncited for the public.
    assert not any("Detained at a hotel in Almaty" in line for line in uncited)
    assert "public facts cite no public source" in html


def test_records_the_public_page_will_not_show_are_listed_with_their_level(client, editor, draft):
    client.force_login(editor)

    not_public = items(checklist(client, draft), "not-public")

    assert any(line.startswith("event: ") and line.endswith("(internal)") for line in not_public)
    assert any(line.startswith("person: ") and "(family member)" in line for line in not_public)
    assert any(line.startswith("person: Zhanargul") and line.endswith("(restricted)") for line in not_public)


def test_each_line_links_to_the_record_in_the_admin(client, editor, draft):
    client.force_login(editor)

    html = checklist(client, draft)

    for href in re.findall(r'href="([^"]+)"', html):
        assert re.fullmatch(r"/admin/cases/\w+/\d+/change/", href), href
        assert client.get(href).status_code == 200


def test_a_case_with_every_fact_cited_and_public_says_so(client, editor, db):
    case = build_bilash_case(publication="draft")
    TeamMemberFactory(case=case, user=editor, role="staff")
    case.events.filter(title="Spring statement").delete()
    source = Citation.objects.filter(event__case=case).first().source
    for participant in case.participants.all():
        Citation.objects.create(source=source, participant=participant, quote="named in the report")
    for ruling in case.rulings.all():
        Citation.objects.create(source=source, ruling=ruling, quote="fined")
    client.force_login(editor)

    assert "Every public fact cites a public source, and every record is public." in checklist(client, case)


def test_the_checklist_costs_the_same_queries_whatever_the_size(client, editor, draft):
    client.force_login(editor)
    url = reverse("cases:staff-publication", args=[draft.slug])
    client.get(url)  # warms the session

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = queries()
    for _index in range(30):
        EventFactory(case=draft, visibility="internal")
        EventFactory(case=draft, visibility="public")
    assert queries() == before


def test_the_footer_no_longer_claims_that_every_fact_cites_its_source(client, db):
    page = client.get(reverse("cases:list")).content.decode()

    assert "Each fact on these pages cites its source" not in page
    assert "A number in brackets after a fact leads to the source it comes from." in page
