"""No mass assignment: whatever a form posts, only editors publish, change the team, or expose a record."""

import pytest
from django.urls import reverse

from cases.models import CaseTeamMember, Event
from cases.services.publication import can_change_team, publication_error, visibility_change_allowed
from people.models import Person
from tests.admin_post import admin_post_data
from tests.factories import CaseFactory, EventFactory, ParticipantFactory, PersonFactory, UserFactory

EXPOSE_MESSAGE = "Only an editor may make this public"


def post_event_visibility(client, event, visibility):
    url = reverse("admin:cases_event_change", args=[event.pk])
    data = admin_post_data(client.get(url))
    data["visibility"] = visibility
    return client.post(url, data)


@pytest.mark.parametrize(
    ("publication", "who", "allowed"),
    [
        ("published", "staff_member", False),
        ("published", "editor", True),
        ("draft", "staff_member", True),  # nothing is public until an editor publishes
    ],
)
def test_making_a_published_cases_record_public(db, client, request, publication, who, allowed):
    event = EventFactory(case=CaseFactory(publication=publication), visibility="internal")
    client.force_login(request.getfixturevalue(who))
    response = post_event_visibility(client, event, "public")
    event.refresh_from_db()
    assert (event.visibility == "public") is allowed
    if not allowed:
        assert response.status_code == 200 and EXPOSE_MESSAGE in response.content.decode()


def test_staff_may_always_hide(client, staff_member):
    event = EventFactory(case=CaseFactory(publication="published"), visibility="public")
    client.force_login(staff_member)
    assert post_event_visibility(client, event, "restricted").status_code == 302
    assert Event.objects.get(pk=event.pk).visibility == "restricted"


def test_the_case_page_inline_applies_the_same_rule(client, staff_member):
    case = CaseFactory(publication="published")
    event = EventFactory(case=case, visibility="internal")
    client.force_login(staff_member)
    url = reverse("admin:cases_case_change", args=[case.pk])
    data = admin_post_data(client.get(url))
    key = next(k for k, v in data.items() if k.endswith("-id") and str(v) == str(event.pk) and "event" in k)
    data[key.replace("-id", "-visibility")] = "public"
    response = client.post(url, data)
    assert EXPOSE_MESSAGE in response.content.decode()
    assert Event.objects.get(pk=event.pk).visibility == "internal"


def test_a_person_in_a_published_case_is_made_public_only_by_an_editor(client, staff_member):
    person = PersonFactory(visibility="restricted")
    case = CaseFactory(publication="published")
    CaseTeamMember.objects.create(case=case, user=staff_member, role="staff")  # restricted: team only
    ParticipantFactory(case=case, person=person)
    client.force_login(staff_member)
    url = reverse("admin:people_person_change", args=[person.pk])
    data = admin_post_data(client.get(url))
    data["visibility"] = "public"
    response = client.post(url, data)
    assert EXPOSE_MESSAGE in response.content.decode()
    assert Person.objects.get(pk=person.pk).visibility == "restricted"


def test_staff_cannot_add_themselves_to_a_team(client, staff_member):
    case = CaseFactory()
    client.force_login(staff_member)
    url = reverse("admin:cases_case_change", args=[case.pk])
    data = admin_post_data(client.get(url))
    # Forge the team inline the page did not offer as editable.
    data.update(
        {
            "team_members-TOTAL_FORMS": "1",
            "team_members-INITIAL_FORMS": "0",
            "team_members-0-user": str(staff_member.pk),
            "team_members-0-role": "staff",
        }
    )
    client.post(url, data)
    assert not CaseTeamMember.objects.filter(case=case).exists()
    assert client.get(reverse("admin:cases_caseteammember_add")).status_code == 403


def test_editors_change_the_team(client, editor):
    case = CaseFactory()
    member = UserFactory(username="new-lawyer")
    client.force_login(editor)
    response = client.post(
        reverse("admin:cases_caseteammember_add"), {"case": case.pk, "user": member.pk, "role": "lawyer"}
    )
    assert response.status_code == 302
    assert CaseTeamMember.objects.filter(case=case, user=member).exists()


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("editor", True), ("staff_member", False), ("lawyer", False), ("anonymous", False)],
)
def test_only_editors_may_publish_or_change_the_team(db, request, who, allowed):
    from django.contrib.auth.models import AnonymousUser

    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    case = CaseFactory(publication="in_review")
    assert (publication_error(case=case, target="published", by=user) is None) is allowed
    assert can_change_team(user) is (who == "editor")


def test_lawyers_change_no_visibility(lawyer):
    event = EventFactory(case=CaseFactory(publication="draft"), visibility="restricted")
    assert not visibility_change_allowed(lawyer, event, "restricted", "internal")
