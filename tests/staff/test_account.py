"""Staff pages say who is signed in and offer a way out."""

import pytest
from django.urls import reverse

from tests.factories import CaseFactory, TeamMemberFactory


@pytest.fixture
def team_case(db, staff_member, lawyer):
    case = CaseFactory(publication="draft")
    TeamMemberFactory(case=case, user=staff_member, role="staff")
    TeamMemberFactory(case=case, user=lawyer, role="lawyer")
    return case


@pytest.mark.parametrize(
    ("who", "url_name"),
    [
        ("lawyer", "cases:staff-list"),
        ("lawyer", "cases:staff-timeline"),
        ("staff_member", "cases:staff-preview"),
        ("staff_member", "cases:staff-publication"),
        ("staff_member", "history:case"),
    ],
)
def test_every_staff_page_says_who_is_signed_in_and_offers_sign_out(client, request, team_case, who, url_name):
    user = request.getfixturevalue(who)
    user.first_name, user.last_name = "Aliya", "Seitkali"
    user.save()
    client.force_login(user)
    args = [] if url_name == "cases:staff-list" else [team_case.slug]

    page = client.get(reverse(url_name, args=args)).content.decode()

    assert "Signed in as Aliya Seitkali" in page
    assert f'<form method="post" action="{reverse("logout")}">' in page
    assert '<button type="submit">Sign out</button>' in page


def test_signing_out_ends_the_session_and_lands_on_the_public_list(client, lawyer, team_case):
    client.force_login(lawyer)

    response = client.post(reverse("logout"), {"next": reverse("cases:list")})

    assert response.status_code == 302 and response["Location"] == reverse("cases:list")
    timeline = client.get(reverse("cases:staff-timeline", args=[team_case.slug]))
    assert timeline.status_code == 302 and timeline["Location"].startswith(reverse("login"))


def test_public_pages_do_not_carry_the_account_bar(client, lawyer, team_case):
    client.force_login(lawyer)

    assert "Signed in as" not in client.get(reverse("cases:list")).content.decode()


def test_the_account_bar_speaks_russian(client, lawyer, team_case):
    client.force_login(lawyer)
    client.cookies["django_language"] = "ru"

    page = client.get(reverse("cases:staff-timeline", args=[team_case.slug])).content.decode()

    assert "Вы вошли как lawyer" in page
    assert ">Выйти</button>" in page
    assert "Люди и команда" in page
