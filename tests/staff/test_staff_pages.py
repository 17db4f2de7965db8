import pytest
from django.urls import reverse

from tests.case_data import SECRETS, build_bilash_case, plant_secrets
from tests.factories import TeamMemberFactory


@pytest.fixture
def team_case(db, staff_member, lawyer):
    case = build_bilash_case(publication="draft")
    plant_secrets(case)
    TeamMemberFactory(case=case, user=lawyer, role="lawyer")
    return case


def timeline_url(case) -> str:
    return reverse("cases:staff-timeline", kwargs={"slug": case.slug})


def test_anonymous_is_sent_to_sign_in(team_case, client):
    response = client.get(timeline_url(team_case))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


def test_lawyer_on_the_team_sees_everything_in_one_timeline(team_case, client, lawyer):
    client.force_login(lawyer)
    response = client.get(timeline_url(team_case))
    assert response.status_code == 200
    body = response.content.decode()
    for expected in (
        SECRETS["event"],
        SECRETS["source_title"],
        SECRETS["case_note"],
        SECRETS["status_note"],
        "visibility-restricted",
        "visibility-internal",
        "visibility-public",
        "Pre-trial detention of Serikzhan Bilash began",
        "Serikzhan Bilash charged: Criminal Code, Art. 174",
        "fine of 252,000 KZT (reported as about 670 USD)",
        "Status: detained",
        "[1] published: Kazakh Activist Bilash Detained In Almaty",
        "“detained around 2:30 a.m.”",
    ):
        assert expected in body, expected


def entries_of(response) -> str:
    """The timeline table alone: the case header above it names the court whatever the filter."""
    page = response.content.decode()
    return page[page.index('<table class="timeline-table">') :]


def test_timeline_filters_by_kind_and_date(team_case, client, lawyer):
    client.force_login(lawyer)
    body = entries_of(client.get(timeline_url(team_case), {"kind": "ruling"}))
    assert "first instance" in body
    assert "Detained at a hotel in Almaty" not in body
    body = entries_of(client.get(timeline_url(team_case), {"start": "2019-03-01", "end": "2019-03-31"}))
    assert "Detained at a hotel in Almaty" in body
    assert "spring 2017" not in body
    assert "first instance" not in body
    bad = client.get(timeline_url(team_case), {"start": "2019-04-01", "end": "2019-03-01"}).content.decode()
    assert "The end of the period is before its start." in bad


def test_lawyer_off_the_team_gets_404_everywhere(team_case, client, other_lawyer):
    client.force_login(other_lawyer)
    for name in ("staff-timeline", "staff-preview", "staff-publication"):
        assert client.get(reverse(f"cases:{name}", kwargs={"slug": team_case.slug})).status_code == 404
    assert client.get(reverse("cases:staff-timeline", kwargs={"slug": "no-such"})).status_code == 404
    assert team_case.title not in client.get(reverse("cases:staff-list")).content.decode()


def test_staff_member_off_the_team_sees_internal_but_not_restricted(team_case, client, django_user_model):
    from tests.factories import role_group

    other_staff = django_user_model.objects.create_user("other-staff", password="x" * 16)
    other_staff.groups.add(role_group("Staff"))
    client.force_login(other_staff)
    body = client.get(timeline_url(team_case)).content.decode()
    assert SECRETS["event"] in body
    assert SECRETS["source_title"] not in body
    assert SECRETS["witness"] not in body


def test_staff_list_shows_the_users_cases_with_filters(team_case, client, lawyer):
    client.force_login(lawyer)
    body = client.get(reverse("cases:staff-list"), {"q": "Билаш"}).content.decode()
    assert team_case.title in body
    assert timeline_url(team_case) in body
    assert "draft" in body


@pytest.mark.parametrize("size", [5, 200])
def test_staff_list_and_timeline_queries_do_not_grow(db, client, lawyer, django_assert_num_queries, size):
    from tests.factories import CaseFactory, EventFactory, ParticipantFactory

    for _index in range(size):
        TeamMemberFactory(case=CaseFactory(), user=lawyer, role="lawyer")
    case = CaseFactory()
    TeamMemberFactory(case=case, user=lawyer, role="lawyer")
    for _index in range(size):
        EventFactory(case=case)
        ParticipantFactory(case=case, role="witness")
    client.force_login(lawyer)
    client.get(reverse("cases:staff-list"))  # warms the session
    with django_assert_num_queries(8):
        client.get(reverse("cases:staff-list"))
    # The projection's eight, the case, the session and user, its team (the people and team section).
    with django_assert_num_queries(13):
        response = client.get(timeline_url(case))
    assert response.content.decode().count('<tr class="kind-event">') == size
    # The people and team section lists every witness, in the same number of queries.
    assert response.content.decode().count("<td>witness</td>") == size
