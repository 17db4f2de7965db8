"""The audit trail: who changed what, when, from where and why; staff history page; restore."""

import pytest
from django.urls import reverse

from cases.history.read_log import log_restricted_read
from cases.models import Case, Event, Participant, RestrictedRead
from people.models import Person
from tests.factories import (
    CaseFactory,
    EventFactory,
    ParticipantFactory,
    PersonFactory,
    SourceFactory,
)
from tracker.audit import Origin, audit_context

SECRET = "Gulnara Secretwitness"


def test_a_change_is_recorded_with_user_origin_and_reason(case, editor):
    event = EventFactory(case=case, title="Hearing")
    with audit_context(origin=Origin.IMPORT, reason="import of march.json", user=editor):
        event.title = "First hearing"
        event.save()

    created, changed = event.history.order_by("history_id")
    assert (created.history_type, created.history_origin) == ("+", Origin.COMMAND)
    assert (changed.history_type, changed.history_user, changed.history_origin) == ("~", editor, Origin.IMPORT)
    assert changed.history_change_reason == "import of march.json"
    assert [(c.field, c.old, c.new) for c in changed.diff_against(created).changes] == [
        ("title", "Hearing", "First hearing")
    ]


def test_deletions_are_recorded(case):
    event = EventFactory(case=case)
    event_id = event.pk
    event.delete()

    assert list(Event.history.filter(id=event_id).values_list("history_type", flat=True).order_by("history_id")) == [
        "+",
        "-",
    ]


def test_an_admin_change_records_the_user_and_origin_admin(client, editor, case):
    person = PersonFactory(name="Aidos Sample")
    client.force_login(editor)
    url = reverse("admin:people_person_change", args=[person.pk])
    data = {
        "name": "Aidos Sample-Renamed", "slug": person.slug, "visibility": "public", "born_in": "",
        "citizenship": "", "description": "",
        "names-TOTAL_FORMS": "0", "names-INITIAL_FORMS": "0", "names-MIN_NUM_FORMS": "0", "names-MAX_NUM_FORMS": "1000",
    }  # fmt: skip

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    latest = Person.history.filter(id=person.pk).latest("history_id")
    assert (latest.name, latest.history_user, latest.history_origin) == ("Aidos Sample-Renamed", editor, "admin")


def test_the_admin_shows_a_records_history_as_a_diff(client, editor, case):
    event = EventFactory(case=case, title="Hearing")
    event.title = "Appeal hearing"
    event.save()
    client.force_login(editor)

    body = client.get(reverse("admin:cases_event_history", args=[event.pk])).content.decode()

    assert "Appeal hearing" in body and "Hearing" in body
    assert "command or task" in body


def test_restoring_an_old_case_version_never_moves_the_status(client, editor):
    case = CaseFactory(title="Old title", status="detained")
    first = case.history.latest("history_id")
    case.title = "New title"
    case.save()
    from cases.services.status import case_change_status

    case_change_status(case=case, status="released", by=editor)
    client.force_login(editor)
    url = reverse("admin:cases_case_simple_history", args=[case.pk, first.history_id])
    form = client.get(url).context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in ("title", "slug", "country", "publication", "summary")}
    data.update(_empty_inlines(client.get(url)))

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    case.refresh_from_db()
    assert (case.title, case.status) == ("Old title", "released")
    restored = case.history.latest("history_id")
    assert restored.history_change_reason == f"Restored version {first.history_id}"


def _empty_inlines(response) -> dict:
    data = {}
    for formset in response.context.get("inline_admin_formsets", []):
        prefix = formset.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data


def test_staff_off_the_team_cannot_open_a_restricted_records_history(client, staff_member, db):
    other_case = CaseFactory()
    restricted = EventFactory(case=other_case, visibility="restricted")
    client.force_login(staff_member)

    assert client.get(reverse("admin:cases_event_history", args=[restricted.pk])).status_code == 404


@pytest.fixture
def case_with_changes(case, editor):
    witness = PersonFactory(name=SECRET, visibility="restricted")
    ParticipantFactory(case=case, person=witness, role="witness", visibility="restricted")
    event = EventFactory(case=case, title="Hearing", visibility="public")
    with audit_context(origin=Origin.STAFF, reason="court date confirmed", user=editor):
        event.title = "Hearing in Almaty"
        event.save()
    return case


def test_the_staff_page_lists_a_cases_changes_as_readable_diffs(client, editor, case_with_changes):
    client.force_login(editor)

    response = client.get(reverse("history:case", args=[case_with_changes.slug]))

    assert response.status_code == 200
    body = response.content.decode()
    assert "title: Hearing → Hearing in Almaty" in body
    assert "court date confirmed" in body and "staff page" in body
    assert SECRET in body  # editors see restricted records


def test_staff_off_the_team_do_not_see_restricted_records_in_the_history(client, db, case_with_changes):
    from tests.conftest import _user_with_role
    from tracker import roles

    outsider = _user_with_role(roles.STAFF, username="outsider", is_staff=True)
    client.force_login(outsider)

    body = client.get(reverse("history:case", args=[case_with_changes.slug])).content.decode()

    assert "Hearing in Almaty" in body
    assert SECRET not in body and "witness" not in body


@pytest.mark.parametrize("who", ["anonymous", "other_lawyer"])
def test_the_public_and_lawyers_off_the_team_never_see_history(client, case_with_changes, other_lawyer, who):
    if who == "other_lawyer":
        client.force_login(other_lawyer)

    response = client.get(reverse("history:case", args=[case_with_changes.slug]))

    assert response.status_code in (302, 404)
    assert SECRET not in response.content.decode()


def test_a_lawyer_on_the_team_sees_the_history(client, lawyer, case_with_changes):
    client.force_login(lawyer)

    assert client.get(reverse("history:case", args=[case_with_changes.slug])).status_code == 200


@pytest.mark.parametrize("changes", [1, 15])
def test_the_history_page_costs_the_same_whatever_the_number_of_changes(
    client, editor, case, django_assert_max_num_queries, changes
):
    for index in range(changes):
        event = EventFactory(case=case, title=f"Event {index}")
        ParticipantFactory(case=case)
        event.title = f"Event {index} renamed"
        event.save()
    client.force_login(editor)

    with django_assert_max_num_queries(25):
        response = client.get(reverse("history:case", args=[case.slug]))

    assert len(response.context["entries"]) >= 3 * changes


def test_opening_a_restricted_source_in_the_admin_is_logged(client, editor, db):
    source = SourceFactory(title="Testimony of a relative", visibility="restricted")
    public = SourceFactory(title="A news report", visibility="public")
    client.force_login(editor)

    client.get(reverse("admin:cases_source_change", args=[source.pk]))
    client.get(reverse("admin:cases_source_change", args=[public.pk]))

    reads = list(RestrictedRead.objects.values_list("user__username", "label", "object_id"))
    assert reads == [("editor", "Testimony of a relative", str(source.pk))]


def test_the_team_opening_a_case_with_a_restricted_witness_is_logged(client, staff_member, case):
    witness = ParticipantFactory(case=case, person=PersonFactory(name=SECRET, visibility="restricted"), role="witness")
    client.force_login(staff_member)

    response = client.get(reverse("admin:cases_case_change", args=[case.pk]))

    assert response.status_code == 200
    assert RestrictedRead.objects.get().object_id == str(witness.pk)


def test_log_restricted_read_ignores_records_that_are_not_restricted(editor, case):
    assert log_restricted_read(editor, ParticipantFactory(case=case)) is None
    assert log_restricted_read(editor, Case.objects.get(pk=case.pk)) is None
    assert not RestrictedRead.objects.exists()
    assert Participant.objects.count() == 1
