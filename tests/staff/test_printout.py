"""The lawyers' printout: a case header, who is who, page furniture, and sentences that read well."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from cases.models import Charge, CourtRuling
from tests.case_data import SECRETS, build_bilash_case, plant_secrets
from tests.factories import ChargeFactory, EventFactory, PlaceFactory, TeamMemberFactory, UserFactory, role_group
from tracker import roles


@pytest.fixture
def team_case(db, staff_member, lawyer):
    case = build_bilash_case(publication="draft")
    plant_secrets(case)
    CourtRuling.objects.filter(case=case).update(case_number="1-123/2019")
    TeamMemberFactory(case=case, user=lawyer, role="lawyer")
    return case


def timeline(client, case, **params) -> str:
    response = client.get(reverse("cases:staff-timeline", args=[case.slug]), params)
    assert response.status_code == 200
    return response.content.decode()


def section(page: str, heading_id: str) -> str:
    start = page.index(f'id="{heading_id}"')
    return page[start : page.index("</section>", start)]


def test_the_header_block_names_detainee_court_number_lawyers_and_charges(team_case, client, lawyer):
    client.force_login(lawyer)

    header = section(timeline(client, team_case), "case-header-h")

    found = dict(re.findall(r"<dt>([^<]+)</dt><dd>(.*?)</dd>", header, re.S))
    assert found["Detainee"] == "Serikzhan Bilash"
    assert found["Court"] == "Court of first instance, Nur-Sultan"
    assert found["Court case number"] == "1-123/2019"
    assert found["Lawyers"] == "Public Lawyer Aitbayev"
    assert "Criminal Code, Art. 174" in found["Charges"] and "(filed)" in found["Charges"]


def test_the_team_lawyer_sees_the_restricted_witness_by_name(team_case, client, lawyer):
    client.force_login(lawyer)

    people = section(timeline(client, team_case), "people-h")

    assert f"<td>{SECRETS['witness']}</td><td>witness</td>" in people
    assert f"<td>{SECRETS['hidden_relative']}</td><td>family member</td><td>sister</td>" in people
    assert "<li>lawyer (lawyer)</li>" in people  # the team, by user name


def test_staff_off_the_team_see_neither_the_restricted_witness_nor_a_trace_of_them(team_case, client):
    outsider = UserFactory(username="outsider", is_staff=True)
    outsider.groups.add(role_group(roles.STAFF))
    client.force_login(outsider)

    page = timeline(client, team_case)

    people = section(page, "people-h")
    assert SECRETS["witness"] not in page
    assert "witness" not in people  # not even as a role
    assert SECRETS["organization"] not in page
    assert "<td>Public Lawyer Aitbayev</td><td>lawyer</td><td></td>" in people


def test_the_visibility_column_is_for_the_screen_only(team_case, client, lawyer):
    client.force_login(lawyer)

    page = timeline(client, team_case)

    assert '<th scope="col" class="visibility">Visibility</th>' in page
    assert ".visibility { display: none !important; }" in Path(finders.find("cases/print.css")).read_text()


def test_every_printed_page_carries_the_title_and_its_number(team_case, client, lawyer):
    client.force_login(lawyer)
    page = timeline(client, team_case)
    css_url = reverse("cases:staff-timeline-print-css", args=[team_case.slug])
    assert f'<link rel="stylesheet" href="{css_url}" media="print">' in page

    response = client.get(css_url)

    css = response.content.decode()
    assert response["Content-Type"] == "text/css; charset=utf-8"
    assert '@top-left { content: "Detention of Serikzhan Bilash \\28 2019\\29  \\2014  timeline"' in css
    assert '@bottom-right { content: "page " counter(page) " of " counter(pages)' in css


def test_a_hostile_title_cannot_break_out_of_the_print_stylesheet(team_case, client, lawyer):
    type(team_case).objects.filter(pk=team_case.pk).update(title='x"; } body { display: none } @page { a: "')
    client.force_login(lawyer)

    css = client.get(reverse("cases:staff-timeline-print-css", args=[team_case.slug])).content.decode()

    assert '"' not in css.split("content: ", 1)[1].split(";", 1)[0][1:-1]
    assert "body {" not in css


def test_the_print_stylesheet_is_as_private_as_the_case(team_case, client, other_lawyer):
    client.force_login(other_lawyer)

    assert client.get(reverse("cases:staff-timeline-print-css", args=[team_case.slug])).status_code == 404


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("convicted", "Serikzhan Bilash convicted: illegally leading an unregistered organization"),
        ("acquitted", "Serikzhan Bilash acquitted: illegally leading an unregistered organization"),
        ("dropped", "Charge dropped: illegally leading an unregistered organization"),
    ],
)
def test_the_end_of_a_charge_reads_as_a_sentence(team_case, client, lawyer, status, expected):
    bilash = team_case.participants.get(role="detainee").person
    ChargeFactory(
        case=team_case,
        defendant=bilash,
        article=None,
        description="illegally leading an unregistered organization",
        status=status,
        filed_on="2018-11-01",
        closed_on="2019-02-01",
        visibility="public",
    )
    client.force_login(lawyer)

    page = timeline(client, team_case)

    assert expected in page
    assert "Charge convicted" not in page and "Charge acquitted" not in page
    assert Charge.objects.filter(case=team_case, status=status).exists()


def test_a_place_already_named_in_the_title_is_not_repeated(team_case, client, lawyer):
    almaty = PlaceFactory(name="Almaty")
    for title in ("Court hearing in Almaty", "Court hearing"):
        EventFactory(case=team_case, kind="hearing", title=title, occurred_on="2019-04-01", place=almaty)
    client.force_login(lawyer)

    page = timeline(client, team_case)

    assert "Court hearing in Almaty (Almaty)" not in page
    assert "Court hearing in Almaty" in page
    assert "Court hearing (Almaty)" in page
