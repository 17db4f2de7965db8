"""Who may do what through the API: every endpoint × role × method, with the expected code."""

import pytest
from django.urls import reverse

from tests import factories
from tests.api_data import plant, token_header

ROLES = ["anon", "lawyer", "other_lawyer", "staff_member", "editor"]
# Off-team lawyers see only their team's cases (cases_visible_to), so a published case 404s for them.
# A lawyer off the team reads a published case as the public does.
READ_DETAIL = {"anon": 200, "lawyer": 200, "other_lawyer": 200, "staff_member": 200, "editor": 200}
WRITE = {"anon": 401, "lawyer": 403, "other_lawyer": 403, "staff_member": None, "editor": None}
DELETE = {"anon": 401, "lawyer": 403, "other_lawyer": 403, "staff_member": 403, "editor": 204}


def _client(client, request, role):
    if role == "anon":
        return {}
    return token_header(request.getfixturevalue(role))


def _detail_keys(planted):
    return {
        "case": planted.case.slug,
        "person": planted.detainee.slug,
        "organization": planted.ruling.court.slug,
        "legalarticle": planted.charge.article.slug,
        "charge": planted.charge.uid,
        "detention": planted.detention.uid,
        "ruling": planted.ruling.uid,
        "event": planted.public_event.uid,
        "source": planted.source.uid,
        "statuschange": planted.case.status_changes.get().uid,
    }


def _new_payload(basename, planted):
    case = planted.case.slug
    return {
        "case": {"slug": "new-case", "title": "Detention of A. Newcase", "country": "KZ", "status": "detained"},
        "person": {"slug": "new-person", "name": "New Person"},
        "organization": {"slug": "new-org", "name": "New Org", "kind": "court"},
        "legalarticle": {
            "slug": "kz-cc-999",
            "jurisdiction": "KZ",
            "code": "Criminal Code",
            "number": "999",
            "title": "Test",
        },
        "charge": {"case": case, "defendant": planted.detainee.slug, "description": "inciting discord"},
        "detention": {"case": case, "detainee": planted.detainee.slug, "kind": "arrest", "started_on": "2019-03-10"},
        "ruling": {
            "case": case,
            "court": planted.ruling.court.slug,
            "defendant": planted.detainee.slug,
            "decided_on": "2019-05-01",
            "verdict": "guilty",
        },
        "event": {"case": case, "kind": "hearing", "title": "A new hearing", "occurred_on": "2019-04-02"},
        "source": {"kind": "news_article", "title": "A new report"},
        "statuschange": {},
    }[basename]


ENDPOINTS = ["case", "person", "organization", "legalarticle", "charge", "detention", "ruling", "event", "source"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("basename", [*ENDPOINTS, "statuschange"])
def test_reads(client, request, case, role, basename):
    planted = plant(case)
    headers = _client(client, request, role)
    assert client.get(reverse(f"{basename}-list"), **headers).status_code == 200
    key = _detail_keys(planted)[basename]
    expected = READ_DETAIL[role]
    assert client.get(reverse(f"{basename}-detail", args=[key]), **headers).status_code == expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("basename", ENDPOINTS)
def test_writes(client, request, case, role, basename):
    planted = plant(case)
    headers = _client(client, request, role)
    created = client.post(reverse(f"{basename}-list"), _new_payload(basename, planted), "application/json", **headers)
    assert created.status_code == (WRITE[role] or 201), created.content
    key = _detail_keys(planted)[basename]
    url = reverse(f"{basename}-detail", args=[key])
    field = "title" if basename in ("case", "event", "source", "legalarticle") else None
    body = {field: "Changed"} if field else {}
    patched = client.patch(url, body, "application/json", **headers)
    assert patched.status_code == (WRITE[role] or 200), patched.content
    deleted = client.delete(url, **headers)
    expected = DELETE[role]
    if basename in ("person", "organization", "legalarticle", "source") and expected == 204:
        expected = 409  # still referred to (PROTECT): answered as a conflict, never a 500
    assert deleted.status_code == expected, deleted.content


@pytest.mark.parametrize("role", ROLES)
def test_status_changes_are_read_only(client, request, case, role):
    headers = _client(client, request, role)
    response = client.post(reverse("statuschange-list"), {}, "application/json", **headers)
    assert response.status_code == (401 if role == "anon" else 405)


def test_organization_delete_in_use_is_conflict(client, editor, case):
    planted = plant(case)
    url = reverse("organization-detail", args=[planted.ruling.court.slug])
    assert client.delete(url, **token_header(editor)).status_code == 409


def test_unpublished_case_is_404_for_public(client, other_lawyer):
    draft = factories.CaseFactory(publication="draft")
    url = reverse("case-detail", args=[draft.slug])
    assert client.get(url).status_code == 404
    assert client.get(url, **token_header(other_lawyer)).status_code == 404
