"""Through the API, guarded fields change only through their actions, under the same rules."""

import pytest

from cases.models import Case, Event
from tests.api_data import token_header
from tests.factories import CaseFactory, EventFactory, set_publication

NEW_CASE = {"slug": "api-case", "title": "Detention (2024)", "country": "KZ", "status": "detained"}


def test_creating_a_published_case_is_refused(client, editor):
    response = client.post(
        "/api/v1/cases/", {**NEW_CASE, "publication": "published"}, content_type="application/json",
        **token_header(editor),
    )  # fmt: skip

    assert response.status_code == 400
    assert "starts as a draft" in response.json()["publication"][0]
    assert not Case.objects.exists()


def test_a_created_case_is_a_draft(client, editor):
    response = client.post("/api/v1/cases/", NEW_CASE, content_type="application/json", **token_header(editor))

    assert response.status_code == 201
    assert Case.objects.get(slug="api-case").publication == "draft"


@pytest.mark.parametrize(
    "field, value, action",
    [("publication", "published", "publication/"), ("status", "released", "status/")],
)
def test_editing_a_guarded_case_field_names_the_action_and_changes_nothing(client, editor, field, value, action):
    case = CaseFactory(publication="withdrawn", status="detained")

    response = client.patch(
        f"/api/v1/cases/{case.slug}/", {field: value, "title": "Changed"}, content_type="application/json",
        **token_header(editor),
    )  # fmt: skip

    assert response.status_code == 400
    assert f"POST /api/v1/cases/{case.slug}/{action}" in response.json()[field][0]
    stored = Case.objects.get(pk=case.pk)
    assert (stored.title, stored.publication, stored.status) != ("Changed", value, value)
    assert stored.title != "Changed"


def test_editing_a_records_visibility_names_the_action(client, editor):
    event = EventFactory(visibility="internal")

    response = client.patch(
        f"/api/v1/events/{event.uid}/", {"visibility": "public"}, content_type="application/json",
        **token_header(editor),
    )  # fmt: skip

    assert response.status_code == 400
    assert f"POST /api/v1/events/{event.uid}/visibility/" in response.json()["visibility"][0]
    assert Event.objects.get(pk=event.pk).visibility == "internal"


def test_publication_action_applies_four_eyes(client, editor, second_editor):
    response = client.post("/api/v1/cases/", NEW_CASE, content_type="application/json", **token_header(editor))
    assert response.status_code == 201
    url = "/api/v1/cases/api-case/publication/"

    moved = client.post(url, {"target": "in_review"}, content_type="application/json", **token_header(editor))
    assert moved.status_code == 200
    refused = client.post(url, {"target": "published"}, content_type="application/json", **token_header(editor))
    assert refused.status_code == 400
    assert "another editor must review and publish it" in str(refused.json())

    done = client.post(
        url, {"target": "published", "note": "Reviewed."}, content_type="application/json",
        **token_header(second_editor),
    )  # fmt: skip
    assert done.status_code == 200
    case = Case.objects.get(slug="api-case")
    assert (case.publication, case.published_at is not None) == ("published", True)
    assert case.history.filter(publication="published", history_change_reason="Reviewed.").exists()


def test_an_api_record_write_counts_as_the_last_change(client, editor, second_editor):
    case = CaseFactory(publication="in_review", by=second_editor)
    created = client.post(
        "/api/v1/events/",
        {"case": case.slug, "kind": "arrest", "title": "Arrest", "occurred_on": "2024-01-05", "visibility": "internal"},
        content_type="application/json",
        **token_header(editor),
    )
    assert created.status_code == 201, created.content

    refused = client.post(
        f"/api/v1/cases/{case.slug}/publication/", {"target": "published"}, content_type="application/json",
        **token_header(editor),
    )  # fmt: skip

    assert refused.status_code == 400
    assert Case.objects.get(pk=case.pk).publication == "in_review"


def test_staff_cannot_create_a_public_record_in_a_published_case(client, staff_member):
    case = CaseFactory(publication="published")

    response = client.post(
        "/api/v1/events/",
        {"case": case.slug, "kind": "arrest", "title": "Arrest", "occurred_on": "2024-01-05", "visibility": "public"},
        content_type="application/json",
        **token_header(staff_member),
    )

    assert response.status_code == 400
    assert "visibility" in response.json()
    assert not Event.objects.exists()


def test_visibility_action_applies_the_editor_rule(client, staff_member, editor):
    event = EventFactory(case=set_publication(CaseFactory(), "published"), visibility="internal")
    url = f"/api/v1/events/{event.uid}/visibility/"

    refused = client.post(url, {"visibility": "public"}, content_type="application/json", **token_header(staff_member))
    assert refused.status_code == 403
    assert Event.objects.get(pk=event.pk).visibility == "internal"

    done = client.post(url, {"visibility": "public"}, content_type="application/json", **token_header(editor))
    assert done.status_code == 200
    assert Event.objects.get(pk=event.pk).visibility == "public"


def test_a_stale_if_match_gets_412_and_changes_nothing(client, editor, staff_member):
    case = CaseFactory(publication="draft")
    read = client.get(f"/api/v1/cases/{case.slug}/", **token_header(editor))
    etag = read["ETag"]
    assert etag

    first = client.patch(
        f"/api/v1/cases/{case.slug}/", {"title": "First"}, content_type="application/json", HTTP_IF_MATCH=etag,
        **token_header(staff_member),
    )  # fmt: skip
    assert first.status_code == 200
    second = client.patch(
        f"/api/v1/cases/{case.slug}/", {"title": "Second"}, content_type="application/json", HTTP_IF_MATCH=etag,
        **token_header(editor),
    )  # fmt: skip

    assert second.status_code == 412
    assert Case.objects.get(pk=case.pk).title == "First"
    assert client.patch(
        f"/api/v1/cases/{case.slug}/", {"title": "Second"}, content_type="application/json",
        HTTP_IF_MATCH=first["ETag"], **token_header(editor),
    ).status_code == 200  # fmt: skip


def test_no_etag_for_readers_who_cannot_write(client, lawyer, staff_member):
    # A version changes with hidden records too; outsiders must not learn when those were edited.
    case = CaseFactory()

    assert "ETag" not in client.get(f"/api/v1/cases/{case.slug}/")
    assert "ETag" not in client.get(f"/api/v1/cases/{case.slug}/", **token_header(lawyer))
    assert client.get(f"/api/v1/cases/{case.slug}/", **token_header(staff_member))["ETag"]


def test_a_null_internal_note_on_creation_is_an_empty_one(client, editor):
    response = client.post(
        "/api/v1/cases/", {**NEW_CASE, "internal_notes": None}, content_type="application/json",
        **token_header(editor),
    )  # fmt: skip

    assert response.status_code == 201
    assert Case.objects.get(slug="api-case").internal_notes == ""
