"""Dates within sense: one rule (tracker/dates.py), the same message in forms, the API and the import."""

import datetime as dt
import json

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from cases.demo import load_demo
from cases.models import Event
from cases.open_data.importing import ImportFailed, import_cases
from tests.factories import SourceFactory
from tracker.dates import fact_date_error, source_date_error

TODAY = dt.date(2026, 3, 1)
FACT_MESSAGE = "Give a date between 1 January 1900 and 2 March 2027."


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC), tick=False):
        yield


@pytest.mark.parametrize(
    ("day", "allowed"),
    [(dt.date(1899, 12, 31), False), (dt.date(1900, 1, 1), True), (TODAY, True),
     (dt.date(2027, 3, 2), True), (dt.date(2027, 3, 3), False), (dt.date(9999, 12, 31), False),
     (dt.date(1, 1, 1), False)],
)  # fmt: skip
def test_the_fact_rule(day, allowed):
    assert (fact_date_error(day) is None) is allowed


@pytest.mark.parametrize(
    ("day", "allowed"), [(TODAY, True), (dt.date(2026, 3, 2), False), (dt.date(1899, 1, 1), False)]
)
def test_the_source_rule(day, allowed):
    assert (source_date_error(day) is None) is allowed


def test_the_api_refuses_an_event_in_9999_with_the_rules_message(editor, case):
    api = APIClient()
    api.force_authenticate(editor)
    response = api.post(
        reverse("event-list"),
        {"case": case.slug, "kind": "hearing", "title": "Hearing", "occurred_on": "9999-12-31", "visibility": "public"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["occurred_on"] == [FACT_MESSAGE]
    assert not Event.objects.filter(title="Hearing", case=case).exists()


def test_a_source_cannot_be_published_tomorrow(db):
    source = SourceFactory.build(published_on=dt.date(2026, 3, 2))
    with pytest.raises(Exception) as refused:
        source.full_clean()
    assert refused.value.message_dict["published_on"] == ["Give a date between 1 January 1900 and today."]


def test_the_import_refuses_a_detention_in_9999_with_the_same_message(db, tmp_path):
    load_demo()
    call_command("export_public", output=str(tmp_path))
    data = json.loads((tmp_path / "cases.json").read_text())
    data["cases"][0]["slug"] = "a-new-case"
    data["cases"][0]["events"][0]["occurred"] = "9999-12-31"  # the data set's dates are EDTF texts
    with pytest.raises(ImportFailed) as failure:
        import_cases(data)
    assert f"cases[0] (a-new-case).events[0].occurred: {FACT_MESSAGE}" in failure.value.errors, failure.value.errors


def test_the_admin_refuses_a_status_change_effective_in_9999(client, editor, case):
    client.force_login(editor)
    url = reverse("admin:cases_case_change", args=[case.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and not isinstance(value, list)}
    data.update({"new_status": "released", "status_effective": "31.12.9999", "status_note": "typo"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert FACT_MESSAGE in response.content.decode()
    case.refresh_from_db()
    assert case.status != "released"
