"""Every CSV the project writes neutralizes cells that would start a spreadsheet formula (OWASP)."""

import csv
import io

import pytest
from django.urls import reverse

from cases.admin.imports import CaseResource, SafeCSV
from tests.factories import CaseFactory, EventFactory
from tracker.csv_cells import csv_cell

HOSTILE = [
    '=HYPERLINK("http://evil.example","Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


def cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def assert_neutral(text: str, planted: list[str]) -> None:
    found = cells(text)
    for value in planted:
        assert value not in found, value
        assert "'" + value in found, value
    for cell in found:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


@pytest.mark.parametrize("value", HOSTILE)
def test_a_cell_that_starts_a_formula_is_prefixed(value):
    assert csv_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Detention of Serikzhan Bilash", "", "a=b", "2019-03-10"])
def test_ordinary_text_is_left_as_it_is(value):
    assert csv_cell(value) == value


def test_numbers_stay_numbers():
    assert csv_cell(-252000) == -252000
    assert csv_cell(None) == ""


def test_open_data_csv(client, db):
    case = CaseFactory(title=HOSTILE[0], publication="published")
    for title in HOSTILE[1:]:
        EventFactory(case=case, title=title, visibility="public")
    cases_csv = client.get(reverse("open_data:csv", args=["cases"])).content.decode()
    events_csv = client.get(reverse("open_data:csv", args=["events"])).content.decode()
    assert_neutral(cases_csv, HOSTILE[:1])
    assert_neutral(events_csv, HOSTILE[1:])


def test_api_csv(client, db):
    for value in HOSTILE:
        CaseFactory(title=value, publication="published")
    response = client.get(reverse("case-list"), {"format": "csv"})
    assert response.status_code == 200
    assert_neutral(response.content.decode(), HOSTILE)


def test_admin_export_format(db):
    # The admin's import-export resource, written in the one format its exports may use.
    for value in HOSTILE:
        CaseFactory(title=value, publication="published")
    exported = SafeCSV().export_data(CaseResource().export())
    assert_neutral(exported, HOSTILE)


def test_every_admin_export_writes_safe_csv():
    # An admin that gains django-import-export's export must offer only SafeCSV.
    from django.contrib import admin

    for model_admin in admin.site._registry.values():
        if hasattr(model_admin, "get_export_formats"):
            assert all(issubclass(fmt, SafeCSV) for fmt in model_admin.get_export_formats()), model_admin
