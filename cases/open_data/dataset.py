"""The public data set, built only through the gate: what the public may read, nothing else.

Format (docs/open-data.md): one JSON document with the cases, each with its public
records, and the people, organizations, legal articles and sources they refer to;
the same flattened into one CSV per table. Fields are listed, never "all but":
a field added to a model stays out of the open data until someone adds it here.
"""

from __future__ import annotations

import csv
import io
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.utils import timezone

from cases import visibility
from cases.models import Charge, Citation, CourtRuling, Detention, Event, Participant
from tracker.api_dates import place_zone
from tracker.csv_cells import csv_cell
from tracker.date_text import format_edtf
from tracker.visibility import Visibility

FORMAT = "case-tracker/1"
CASE_FIELDS = ["slug", "title", "summary", "country", "status", "status_changed_at", "published_at", "updated_at"]
RECORD_FIELDS = {
    "participants": ["role", "relationship"],
    "detentions": [
        "kind", "facility", "started_on", "started_time", "started_precision", "started_approximate",
        "ended_on", "ended_precision",
    ],
    "charges": ["description", "status", "filed_on", "filed_precision", "closed_on", "closed_precision"],
    "rulings": [
        "decided_on", "decided_precision", "decided_approximate", "proceeding", "verdict", "plea",
        "prison_term_months", "sentence_suspended", "fine_amount", "fine_currency", "fine_equivalent_amount",
        "fine_equivalent_currency", "restriction_months", "ban", "summary",
    ],
    "events": [
        "kind", "title", "description", "occurred_on", "occurred_time", "occurred_precision",
        "occurred_approximate", "occurred_until",
    ],
}  # fmt: skip
# The references each kind of record makes: JSON key -> (model attribute, kind of target).
RECORD_LINKS = {
    "participants": {"person": ("person", "person"), "organization": ("organization", "organization")},
    "detentions": {
        "detainee": ("detainee", "person"),
        "place": ("place", "place"),
        "authority": ("authority", "organization"),
    },
    "charges": {"defendant": ("defendant", "person"), "article": ("article", "article")},
    "rulings": {
        "court": ("court", "organization"),
        "defendant": ("defendant", "person"),
        "judge": ("judge", "person"),
    },
    "events": {"place": ("place", "place")},
}
RECORD_MODELS = {
    "participants": Participant,
    "detentions": Detention,
    "charges": Charge,
    "rulings": CourtRuling,
    "events": Event,
}
# Each record's uncertain dates, also given whole as one EDTF text (tracker/date_text.py).
DATE_TEXTS = {
    "participants": (),
    "detentions": ("started", "ended"),
    "charges": ("filed", "closed"),
    "rulings": ("decided",),
    "events": ("occurred",),
}
PERSON_FIELDS = ["slug", "name", "born_in", "citizenship", "description"]
ORGANIZATION_FIELDS = ["slug", "name", "other_names", "kind", "country", "city"]
ARTICLE_FIELDS = ["slug", "jurisdiction", "code", "number", "part", "title", "text"]
SOURCE_FIELDS = [
    "uid", "kind", "title", "author", "language", "url", "published_on", "accessed_on", "archive_url",
    "captured_at", "captured_by", "sha256", "reliability",
]  # fmt: skip
PLACE_FIELDS = ["name", "country", "region", "timezone"]


def _values(record, names: list[str]) -> dict:
    return {name: _plain(getattr(record, name)) for name in names}


def _plain(value):
    # Countries and other rich values become their code; JSON and CSV hold plain values.
    if hasattr(value, "code") and not isinstance(value, str):
        return value.code or ""
    return value


def _public_cases():
    public = Visibility.PUBLIC
    citations = Prefetch(
        "citations",
        queryset=Citation.objects.filter(source__in=visibility.public_sources()).select_related("source__publisher"),
    )
    prefetches = [
        Prefetch("participants", Participant.objects.filter(visibility=public).select_related("person", "organization")
                 .prefetch_related(citations, "person__names")),
        Prefetch("detentions", Detention.objects.filter(visibility=public)
                 .select_related("detainee", "place", "authority").prefetch_related(citations)),
        Prefetch("charges", Charge.objects.filter(visibility=public).select_related("defendant", "article")
                 .prefetch_related(citations)),
        Prefetch("rulings", CourtRuling.objects.filter(visibility=public).select_related("court", "defendant", "judge")
                 .prefetch_related(citations)),
        Prefetch("events", Event.objects.filter(visibility=public).select_related("place").prefetch_related(citations)),
        citations,
    ]  # fmt: skip
    return visibility.public_cases().order_by("slug").prefetch_related(*prefetches)


class _Collector:
    """Builds the data set; collects the people, organizations, ... that public records name."""

    def __init__(self) -> None:
        self.people: dict = {}
        self.organizations: dict = {}
        self.articles: dict = {}
        self.sources: dict = {}

    def link(self, kind: str, target, named_people: set):
        if target is None:
            return None
        if kind == "person":
            if target.pk not in named_people:
                return None  # shown as a role alone, never by name
            self.people.setdefault(target.slug, target)
            return target.slug
        if kind == "organization":
            if target.visibility != Visibility.PUBLIC:
                return None
            self.organizations.setdefault(target.slug, target)
            return target.slug
        if kind == "article":
            self.articles[target.slug] = target
            return target.slug
        return _values(target, PLACE_FIELDS)

    def citations(self, record) -> list[dict]:
        out = []
        for citation in record.citations.all():
            self.sources[str(citation.source.uid)] = citation.source
            out.append({"source": str(citation.source.uid), "quote": citation.quote, "locator": citation.locator})
        return out

    def case(self, case) -> dict:
        named = {
            p.person_id for p in case.participants.all() if visibility.shows_person_name(p, visibility.PUBLIC_ONLY)
        }
        data = _values(case, CASE_FIELDS)
        data["citations"] = self.citations(case)
        for key, fields in RECORD_FIELDS.items():
            data[key] = [self.record(key, record, fields, named) for record in getattr(case, key).all()]
        return data

    def record(self, key: str, record, fields: list[str], named: set) -> dict:
        # The public id links a record's row to its citations (citations.csv); primary keys stay in the database.
        data = {"uid": str(record.uid), **_values(record, fields)}
        for name, (attribute, kind) in RECORD_LINKS[key].items():
            data[name] = self.link(kind, getattr(record, attribute), named)
        for prefix in DATE_TEXTS[key]:
            data[prefix] = format_edtf(getattr(record, prefix), place_zone(record))
        if key == "participants":
            data["label"] = visibility.participant_label(record, visibility.PUBLIC_ONLY)
        data["citations"] = self.citations(record)
        return data


def public_dataset() -> dict:
    collector = _Collector()
    cases = [collector.case(case) for case in _public_cases()]
    # Sources first: their publishers join the organizations.
    sources = [
        {**_values(s, SOURCE_FIELDS), "publisher": collector.link("organization", s.publisher, set())}
        for s in _sorted(collector.sources)
    ]
    return {
        "format": FORMAT,
        "generated_at": timezone.now(),
        "cases": cases,
        "people": [
            {**_values(p, PERSON_FIELDS), "names": [{"name": n.name, "kind": n.kind, "language": n.language}
                                                    for n in p.names.all()]}
            for p in sorted(collector.people.values(), key=lambda p: p.slug)
        ],
        "organizations": [_values(o, ORGANIZATION_FIELDS) for o in _sorted(collector.organizations)],
        "articles": [_values(a, ARTICLE_FIELDS) for a in _sorted(collector.articles)],
        "sources": sources,
    }  # fmt: skip


def _sorted(records: dict) -> list:
    return [records[key] for key in sorted(records)]


def dataset_json(dataset: dict) -> str:
    return json.dumps(dataset, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


CSV_TABLES = ("cases", "participants", "detentions", "charges", "rulings", "events", "people", "organizations",
              "articles", "sources", "citations")  # fmt: skip
CITATION_COLUMNS = ["case", "fact_table", "fact", "source", "quote", "locator"]


def dataset_tables(dataset: dict) -> dict[str, list[dict]]:
    """The JSON flattened: one row per record, nested references as their key, lists left out."""
    tables: dict[str, list[dict]] = {name: [] for name in CSV_TABLES}
    for case in dataset["cases"]:
        tables["cases"].append(_flat(case))
        tables["citations"] += _citation_rows(case["slug"], "cases", case["slug"], case["citations"])
        for key in RECORD_FIELDS:
            tables[key] += [{"case": case["slug"], **_flat(record)} for record in case[key]]
            for record in case[key]:
                tables["citations"] += _citation_rows(case["slug"], key, record["uid"], record["citations"])
    for key in ("people", "organizations", "articles", "sources"):
        tables[key] = [_flat(row) for row in dataset[key]]
    return tables


def _citation_rows(case: str, table: str, fact: str, citations: list[dict]) -> list[dict]:
    """One row per citation: the fact (its table and id: a case's slug, a record's uid) and the source's uid."""
    return [{"case": case, "fact_table": table, "fact": fact, **citation} for citation in citations]


def _flat(row: dict) -> dict:
    flat = {}
    for name, value in row.items():
        if isinstance(value, list):
            continue
        if isinstance(value, dict):  # a place
            value = ", ".join(str(v) for v in (value.get("name"), value.get("region"), value.get("country")) if v)
        flat[name] = value
    return flat


def table_csv(rows: list[dict], fields: list[str] | None = None) -> str:
    buffer = io.StringIO()
    fields = fields or (list(rows[0]) if rows else [])
    writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        plain = {k: None if v is None else json.loads(json.dumps(v, cls=DjangoJSONEncoder)) for k, v in row.items()}
        writer.writerow({k: csv_cell(v) for k, v in plain.items()})
    return buffer.getvalue()
