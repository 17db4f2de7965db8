from django.urls import reverse

from cases.services.status import case_change_status
from tests.case_data import build_bilash_case
from tests.factories import CaseFactory


def test_all_status_changes_feed_lists_published_cases_only(db, client):
    case = build_bilash_case()
    case_change_status(case=case, status="convicted", by=None, note="why: internal")
    CaseFactory(title="Draft case QZ", publication="draft")
    response = client.get(reverse("cases:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "<title>Detention of Serikzhan Bilash (2019): convicted</title>" in body
    assert "Status changed from detained to convicted." in body
    assert "http://testserver/cases/serikzhan-bilash-2019/#status-" in body
    assert "Draft case QZ" not in body
    assert "why: internal" not in body


def test_case_feed_and_its_404(db, client):
    case = build_bilash_case()
    body = client.get(reverse("cases:case-feed", kwargs={"slug": case.slug})).content.decode()
    assert "<title>Status changes: Detention of Serikzhan Bilash (2019)</title>" in body
    assert "Status recorded: detained." in body
    draft = CaseFactory(publication="draft")
    assert client.get(reverse("cases:case-feed", kwargs={"slug": draft.slug})).status_code == 404


def test_atom_feed_has_an_author_and_tag_uri_entry_ids(db, client):
    import re

    case = build_bilash_case()
    body = client.get(reverse("cases:case-feed", kwargs={"slug": case.slug})).content.decode()
    assert "<author><name>Case tracker</name><uri>http://testserver/about/</uri></author>" in body
    ids = re.findall(r"<entry>.*?<id>([^<]+)</id>", body, re.S)
    assert ids
    for entry_id in ids:
        # RFC 4151: tag:authority,date:specific — an IRI, unlike the old "status-change-1".
        assert re.fullmatch(r"tag:testserver,\d{4}-\d{2}-\d{2}:status-change/\d+", entry_id), entry_id
