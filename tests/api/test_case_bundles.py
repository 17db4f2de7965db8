"""POST /api/v1/case-bundles/: a whole case in one request, atomic, idempotent, errors by path."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse

from cases.models import Case, Event, Participant
from cases.open_data.dataset import public_dataset
from tests import factories
from tests.api_data import plant, token_header

SOURCE = "7d4f0a52-7a51-4a62-9d0c-6a1b6f0c7e11"


def bundle(**case_fields) -> dict:
    return {
        "format": "case-tracker/1",
        "cases": [
            {
                "slug": "bundled-2019",
                "title": "Detention of Bundle Example (2019)",
                "country": "KZ",
                "status": "detained",
                "participants": [{"person": "bundle-example", "role": "detainee"}],
                "detentions": [{"detainee": "bundle-example", "kind": "arrest", "started": "2019-03-10~"}],
                "events": [
                    {
                        "kind": "arrest",
                        "title": "Detained at home",
                        "occurred": "2019-03-10T02:30:00+06:00",
                        "place": {"name": "Almaty", "country": "KZ", "timezone": "Asia/Almaty"},
                        "citations": [{"source": SOURCE, "quote": "detained at night"}],
                    }
                ],
                **case_fields,
            }
        ],
        "people": [{"slug": "bundle-example", "name": "Bundle Example", "names": [{"name": "Бандл Пример"}]}],
        "sources": [{"uid": SOURCE, "kind": "news_article", "title": "A report"}],
    }


def send(client, user, body, key=None):
    headers = token_header(user)
    if key:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    data = json.dumps(body, cls=DjangoJSONEncoder)
    return client.post(reverse("case-bundles"), data, content_type="application/json", **headers)


def test_a_bundle_creates_a_draft_case_and_answers_every_uid(client, db, staff_member):
    response = send(client, staff_member, bundle())
    assert response.status_code == 201, response.json()
    answer = response.json()
    case = Case.objects.get(slug="bundled-2019")
    assert answer["cases"] == ["bundled-2019"]
    assert case.publication == "draft" and case.status == "detained"
    assert answer["created"]["events"] == [str(case.events.get().uid)]
    assert answer["created"]["detentions"] == [str(case.detentions.get().uid)]
    assert answer["created"]["person"] == ["bundle-example"]
    event = Event.objects.get(case=case)
    assert (str(event.occurred), event.visibility) == ("10 March 2019, 02:30", "internal")
    assert event.citations.get().quote == "detained at night"
    assert case.detentions.get().started.approximate


def test_errors_name_their_path_and_nothing_is_written(client, db, staff_member):
    broken = bundle()
    broken["cases"][0]["events"][0]["occurred"] = "someday"
    broken["cases"][0]["participants"][0]["person"] = "nobody-known"
    broken["cases"][0]["detentions"][0]["colour"] = "red"
    response = send(client, staff_member, broken)
    assert response.status_code == 400
    assert set(response.json()) == {"cases[0].detentions[0].colour"}
    del broken["cases"][0]["detentions"][0]["colour"]
    response = send(client, staff_member, broken)
    assert response.status_code == 400
    assert set(response.json()) == {"cases[0].events[0].occurred", "cases[0].participants[0].person"}
    assert not Case.objects.filter(slug="bundled-2019").exists()


def test_a_retry_with_the_same_key_is_answered_not_written_again(client, db, staff_member):
    first = send(client, staff_member, bundle(), key="upload-41")
    again = send(client, staff_member, bundle(), key="upload-41")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert Case.objects.filter(slug="bundled-2019").count() == 1
    other = send(client, staff_member, bundle(), key="upload-42")
    assert other.status_code == 400 and "cases[0].slug" in other.json()


def test_only_editors_set_levels_in_a_bundle(client, db, staff_member, editor):
    leveled = bundle()
    leveled["cases"][0]["events"][0]["visibility"] = "public"
    refused = send(client, staff_member, leveled)
    assert refused.status_code == 400 and "cases[0].events[0].visibility" in refused.json()
    assert send(client, editor, leveled).status_code == 201
    assert Event.objects.get(case__slug="bundled-2019").visibility == "public"


def test_the_public_data_of_a_case_is_a_bundle(client, case, editor):
    planted = plant(case)
    exported = json.loads(json.dumps(public_dataset(), cls=DjangoJSONEncoder))
    exported["cases"] = [row for row in exported["cases"] if row["slug"] == case.slug]
    counts = {"events": case.events.filter(visibility="public").count(), "detentions": case.detentions.count()}
    # Another instance: the case is not there (its people and sources may be).
    Case.objects.filter(pk=case.pk).delete()
    response = send(client, editor, exported)
    assert response.status_code == 201, response.json()
    imported = Case.objects.get(slug=case.slug)
    assert imported.publication == "draft"
    assert imported.events.count() == counts["events"] and imported.detentions.count() == counts["detentions"]
    assert Participant.objects.filter(case=imported, person=planted.detainee).exists()
    # The restricted witness was never in the export, so not in the bundle either.
    assert not Participant.objects.filter(case=imported, person=planted.witness).exists()


def test_only_staff_send_bundles(client, db, lawyer):
    assert send(client, lawyer, bundle()).status_code == 403
    assert client.post(reverse("case-bundles"), {}, content_type="application/json").status_code == 401
    factories.CaseFactory(slug="x")
