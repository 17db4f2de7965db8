"""The public data set: export only through the gate, /data/ downloads, import all-or-nothing."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from cases.demo import CASE_SLUG, load_demo
from cases.models import Case, CaseStatusChange, Event
from cases.open_data.dataset import CSV_TABLES, dataset_json, public_dataset
from cases.open_data.importing import ImportFailed, import_cases
from people.models import Person
from tests.factories import (
    CaseFactory,
    CitationFactory,
    EventFactory,
    ParticipantFactory,
    PersonFactory,
    SourceFactory,
)

SECRETS = ["Aigerim Secretwitness", "Secret internal event", "Draft case secret", "internal note secret",
           "Secret testimony source"]  # fmt: skip


@pytest.fixture
def demo(db):
    case = load_demo()
    Case.objects.filter(pk=case.pk).update(internal_notes="internal note secret")
    witness = PersonFactory(name="Aigerim Secretwitness", visibility="restricted")
    ParticipantFactory(case=case, person=witness, role="witness", visibility="public")
    EventFactory(case=case, title="Secret internal event", visibility="internal")
    testimony = SourceFactory(title="Secret testimony source", visibility="restricted")
    CitationFactory(source=testimony, case=case)
    CaseFactory(title="Draft case secret", publication="draft")
    return case


def test_export_public_writes_json_and_csv_without_anything_non_public(demo, tmp_path):
    call_command("export_public", output=str(tmp_path))

    data = json.loads((tmp_path / "cases.json").read_text())
    assert [case["slug"] for case in data["cases"]] == [CASE_SLUG]
    assert {p["label"] for p in data["cases"][0]["participants"]} >= {"Serikzhan Bilash", "witness"}
    assert "Серикжан Билаш" in {n["name"] for p in data["people"] for n in p["names"]}
    expected = ["cases.json", "datapackage.json", *(f"{t}.csv" for t in CSV_TABLES)]
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(expected)
    everything = "".join(path.read_text() for path in tmp_path.iterdir())
    for secret in SECRETS:
        assert secret not in everything


def test_the_data_page_offers_the_same_downloads(anon_client, demo):
    page = anon_client.get(reverse("open_data:index"))
    json_response = anon_client.get(reverse("open_data:json"))
    events_csv = anon_client.get(reverse("open_data:csv", args=["events"])).content.decode()
    rows = list(csv.DictReader(io.StringIO(events_csv)))

    assert page.status_code == 200
    assert reverse("open_data:csv", args=["participants"]) in page.content.decode()
    assert json.loads(json_response.content)["cases"][0]["title"] == "Detention of Serikzhan Bilash (2019)"
    assert {row["case"] for row in rows} == {CASE_SLUG}
    assert "Secret internal event" not in {row["title"] for row in rows}
    assert anon_client.get(reverse("open_data:csv", args=["secrets"])).status_code == 404


@pytest.mark.parametrize("extra_cases", [0, 6])
def test_the_export_costs_the_same_whatever_the_data(demo, django_assert_max_num_queries, extra_cases):
    for _ in range(extra_cases):
        case = CaseFactory()
        ParticipantFactory(case=case)
        CitationFactory(event=EventFactory(case=case), source=SourceFactory())

    with django_assert_max_num_queries(20):
        dataset = public_dataset()

    assert len(dataset["cases"]) == 1 + extra_cases


def _export(tmp_path):
    call_command("export_public", output=str(tmp_path))
    return json.loads((tmp_path / "cases.json").read_text())


def test_import_round_trip_and_a_second_import_changes_nothing(demo, tmp_path, editor):
    data = _export(tmp_path / "first")
    Case.objects.all().delete()

    report = import_cases(data, by=editor, publish=True)
    again = import_cases(data, by=editor, publish=True)

    assert report.created["case"] == 1 and again.created == {} and again.updated == {}
    second = _export(tmp_path / "second")
    for exported in (data, second):
        exported.pop("generated_at")
        for case in exported["cases"]:
            for moving in ("status_changed_at", "published_at", "updated_at"):
                case.pop(moving)
            # Record uids belong to the instance that made the records, like the timestamps.
            for key in ("participants", "detentions", "charges", "rulings", "events"):
                for record in case[key]:
                    record.pop("uid")
    # A participant shown by role alone has no person to re-create: it is the one thing not carried over.
    role_only = [p for p in data["cases"][0]["participants"] if p["person"] is None]
    assert [p["label"] for p in role_only] == ["witness"]
    data["cases"][0]["participants"] = [p for p in data["cases"][0]["participants"] if p["person"]]
    assert second == data
    case = Case.objects.get(slug=CASE_SLUG)
    assert list(CaseStatusChange.objects.filter(case=case).values_list("to_status", "changed_by")) == [
        ("detained", editor.pk)
    ]
    assert case.history.latest("history_id").history_origin == "import"


def test_import_reports_every_error_with_record_and_field_and_writes_nothing(demo, tmp_path):
    data = _export(tmp_path)
    data["cases"][0]["slug"] = "a-new-case"
    data["cases"][0]["status"] = "vanished"
    data["cases"][0]["events"][0]["occurred_precision"] = "fortnight"
    data["cases"][0]["events"][1]["place"] = None
    data["cases"][0]["charges"][0]["defendant"] = "nobody-known"
    data["people"][0]["name"] = ""
    before = (Case.objects.count(), Event.objects.count(), Person.objects.count())

    with pytest.raises(ImportFailed) as failure:
        import_cases(data)

    errors = failure.value.errors
    assert "cases[0] (a-new-case).status: “vanished” is not a case status." in errors
    assert any(e.startswith("cases[0] (a-new-case).events[0].occurred_precision:") for e in errors)
    assert "cases[0] (a-new-case).charges[0].defendant: unknown person “nobody-known”." in errors
    assert any(e.startswith("people[0].name:") for e in errors)
    assert (Case.objects.count(), Event.objects.count(), Person.objects.count()) == before


def test_the_import_command_prints_errors_and_exits_non_zero(db, tmp_path, capsys):
    path = tmp_path / "broken.json"
    path.write_text(json.dumps({"cases": [{"slug": "x", "title": "", "country": "KZ", "status": "detained"}]}))

    with pytest.raises(CommandError, match="Nothing imported: 1 error"):
        call_command("import_cases", str(path))

    assert "cases[0] (x).title:" in capsys.readouterr().err
    assert not Case.objects.exists()


def test_the_import_command_refuses_a_file_that_is_not_json(db, tmp_path):
    path = tmp_path / "cases.json"
    path.write_text("not json")

    with pytest.raises(CommandError, match=r"cases\.json"):
        call_command("import_cases", str(path))


def test_imported_cases_are_drafts_unless_published_on_purpose(demo, tmp_path):
    data = _export(tmp_path)
    data["cases"][0]["slug"] = "imported-copy"

    import_cases(data)

    assert Case.objects.get(slug="imported-copy").publication == "draft"
    assert dataset_json(public_dataset()).count("imported-copy") == 0


def test_datapackage_describes_every_file_with_its_columns_links_and_licence(demo, client):
    package = client.get(reverse("open_data:datapackage")).json()
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    resources = {resource["name"]: resource for resource in package["resources"]}
    assert set(resources) == {"cases-json", *CSV_TABLES}
    for table in CSV_TABLES:
        body = client.get(reverse("open_data:csv", kwargs={"table": table})).content.decode()
        header = next(csv.reader(io.StringIO(body)))
        assert header == [field["name"] for field in resources[table]["schema"]["fields"]], table
    events = list(csv.DictReader(io.StringIO(client.get("/data/events.csv").content.decode())))
    citations = list(csv.DictReader(io.StringIO(client.get("/data/citations.csv").content.decode())))
    sources = {row["uid"] for row in csv.DictReader(io.StringIO(client.get("/data/sources.csv").content.decode()))}
    # Every citation names a fact that has a row, and a source that has a row.
    event_ids = {row["uid"] for row in events}
    assert event_ids and {row["fact"] for row in citations if row["fact_table"] == "events"} <= event_ids
    assert {row["source"] for row in citations} <= sources
    assert {"fields": "source", "reference": {"resource": "sources", "fields": "uid"}} in resources["citations"][
        "schema"
    ]["foreignKeys"]
    assert "Creative Commons Attribution 4.0 International" in client.get("/data/").content.decode()
