"""datapackage.json: the Frictionless description of every file of the open data, and its licence.

The CSV columns are listed here once (TABLE_COLUMNS) and both the CSV writer and the
description read them, so a file and its description cannot drift apart.
"""

from __future__ import annotations

from django.utils import timezone

from cases.open_data.dataset import (
    ARTICLE_FIELDS,
    CASE_FIELDS,
    CITATION_COLUMNS,
    CSV_TABLES,
    ORGANIZATION_FIELDS,
    PERSON_FIELDS,
    RECORD_FIELDS,
    RECORD_LINKS,
    SOURCE_FIELDS,
)

LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
# The table a reference points into, by kind of target (RECORD_LINKS), and the column it names.
TARGETS = {"person": ("people", "slug"), "organization": ("organizations", "slug"), "article": ("articles", "slug")}


def _record_columns(key: str) -> list[str]:
    label = ["label"] if key == "participants" else []
    return ["case", "uid", *RECORD_FIELDS[key], *RECORD_LINKS[key], *label]


TABLE_COLUMNS: dict[str, list[str]] = {
    "cases": CASE_FIELDS,
    **{key: _record_columns(key) for key in RECORD_FIELDS},
    "people": PERSON_FIELDS,
    "organizations": ORGANIZATION_FIELDS,
    "articles": ARTICLE_FIELDS,
    "sources": [*SOURCE_FIELDS, "publisher"],
    "citations": CITATION_COLUMNS,
}
PRIMARY_KEYS = {"cases": "slug", "people": "slug", "organizations": "slug", "articles": "slug", "sources": "uid"}


def field_type(name: str) -> str:
    if name.endswith("_on"):
        return "date"
    if name.endswith(("_at",)):
        return "datetime"
    if name.endswith("_time"):
        return "time"
    if name.endswith(("_approximate", "_suspended")):
        return "boolean"
    if name.endswith("_months"):
        return "integer"
    if name.endswith("_amount"):
        return "number"
    return "string"


def _foreign_keys(table: str) -> list[dict]:
    keys = []
    if table in RECORD_FIELDS or table == "citations":
        keys.append({"fields": "case", "reference": {"resource": "cases", "fields": "slug"}})
    for name, (_attribute, kind) in RECORD_LINKS.get(table, {}).items():
        if kind in TARGETS:
            resource, column = TARGETS[kind]
            keys.append({"fields": name, "reference": {"resource": resource, "fields": column}})
    if table == "sources":
        keys.append({"fields": "publisher", "reference": {"resource": "organizations", "fields": "slug"}})
    if table == "citations":
        keys.append({"fields": "source", "reference": {"resource": "sources", "fields": "uid"}})
    return keys


def _resource(table: str) -> dict:
    schema: dict = {"fields": [{"name": name, "type": field_type(name)} for name in TABLE_COLUMNS[table]]}
    if table in PRIMARY_KEYS:
        schema["primaryKey"] = PRIMARY_KEYS[table]
    elif "uid" in TABLE_COLUMNS[table]:
        schema["primaryKey"] = "uid"
    foreign_keys = _foreign_keys(table)
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return {
        "name": table,
        "path": f"{table}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def datapackage() -> dict:
    return {
        "profile": "tabular-data-package",
        "name": "case-tracker-public-data",
        "title": "Documented detention cases: public data",
        "description": "Published cases of detention and their public records. Every fact cites its source "
        "(citations.csv); people who are not public appear as their role alone.",
        "created": timezone.now().replace(microsecond=0).isoformat(),
        "licenses": [LICENSE],
        "resources": [
            {
                "name": "cases-json",
                "path": "cases.json",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "description": "Every published case with its public records, as one document (docs/open-data.md).",
            },
            *(_resource(table) for table in CSV_TABLES),
        ],
    }
