"""The admin: no publishing select, visibility through its service, reverts keep guarded fields, no stale saves."""

from django.urls import reverse

from cases.models import Case, Citation, Event
from cases.services.publication import case_set_publication, record_set_visibility
from tests.admin_post import admin_post_data
from tests.factories import CaseFactory, EventFactory, SourceFactory, set_publication


def test_the_case_form_has_no_publication_input_and_ignores_none(client, editor):
    case = CaseFactory(publication="draft")
    url = reverse("admin:cases_case_change", args=[case.pk])
    client.force_login(editor)
    page = client.get(url)

    assert "publication" not in page.context["adminform"].form.fields
    assert reverse("cases:staff-publication", kwargs={"slug": case.slug}) in page.content.decode()
    data = {**admin_post_data(page), "publication": "published", "title": "Edited"}
    response = client.post(url, data)

    assert response.status_code == 302
    stored = Case.objects.get(pk=case.pk)
    assert (stored.title, stored.publication) == ("Edited", "draft")


def test_a_revert_never_republishes_a_withdrawn_case(client, editor, second_editor, staff_member):
    case = CaseFactory(publication="in_review", title="Old title", by=editor)
    case_set_publication(case=case, target="published", by=second_editor)
    published_version = case.history.latest("history_id")
    case_set_publication(case=case, target="withdrawn", by=second_editor, note="Family's request.")
    client.force_login(staff_member)
    case.team_members.create(user=staff_member, role="staff")
    url = reverse("admin:cases_case_simple_history", args=[case.pk, published_version.history_id])
    page = client.get(url)

    response = client.post(url, admin_post_data(page))

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Case.objects.get(pk=case.pk).publication == "withdrawn"


def test_a_revert_never_makes_a_record_of_a_published_case_public(client, editor, staff_member):
    case = CaseFactory(publication="published")
    case.team_members.create(user=staff_member, role="staff")
    event = EventFactory(case=case, visibility="public", title="Old title")
    public_version = event.history.latest("history_id")
    record_set_visibility(record=event, visibility="restricted", by=editor, note="Names a witness.")
    client.force_login(staff_member)
    url = reverse("admin:cases_event_simple_history", args=[event.pk, public_version.history_id])
    page = client.get(url)

    response = client.post(url, admin_post_data(page))

    assert response.status_code == 302, response.content.decode()[:2000]
    stored = Event.objects.get(pk=event.pk)
    assert (stored.title, stored.visibility) == ("Old title", "restricted")


def test_a_visibility_edit_in_the_admin_goes_through_the_service(client, editor):
    event = EventFactory(case=CaseFactory(publication="draft"), visibility="internal")
    url = reverse("admin:cases_event_change", args=[event.pk])
    client.force_login(editor)

    response = client.post(url, {**admin_post_data(client.get(url)), "visibility": "restricted"})

    assert response.status_code == 302
    row = event.history.filter(visibility="restricted").get()
    assert row.history_user == editor


def test_a_save_based_on_a_stale_copy_is_refused(client, editor, staff_member):
    case = CaseFactory(publication="draft", title="Original")
    url = reverse("admin:cases_case_change", args=[case.pk])
    client.force_login(editor)
    stale = admin_post_data(client.get(url))
    stale["_version"] = client.get(url).context["record_version"]
    client.force_login(staff_member)
    case.team_members.create(user=staff_member, role="staff")
    fresh = client.get(url)
    assert client.post(url, {**admin_post_data(fresh), "_version": fresh.context["record_version"],
                             "title": "Theirs"}).status_code == 302  # fmt: skip
    client.force_login(editor)

    response = client.post(url, {**stale, "title": "Mine"})

    assert response.status_code == 200
    assert "after you opened this page" in response.content.decode()
    assert Case.objects.get(pk=case.pk).title == "Theirs"


def test_an_admin_citation_edit_counts_as_the_last_change(client, editor, second_editor):
    case = CaseFactory(publication="in_review", by=second_editor)
    citation = Citation.objects.create(source=SourceFactory(), event=EventFactory(case=case), quote="Old")
    url = reverse("admin:cases_citation_change", args=[citation.pk])
    client.force_login(editor)

    response = client.post(url, {**admin_post_data(client.get(url)), "quote": "Corrected quote"})

    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).updated_by == editor


def test_editors_see_what_waits_for_review(client, editor, second_editor):
    mine = CaseFactory(publication="draft", title="Mine to hand over", by=editor)
    case_set_publication(case=mine, target="in_review", by=editor)
    theirs = set_publication(CaseFactory(title="Theirs to review", by=second_editor), "in_review")
    CaseFactory(title="Already out")
    client.force_login(editor)

    page = client.get(reverse("cases:staff-review")).content.decode()

    assert "Mine to hand over" in page and theirs.title in page and "Already out" not in page
    assert "You made the last change; another editor must review and publish it." in page
    assert reverse("cases:staff-review") in client.get(reverse("admin:index")).content.decode()
