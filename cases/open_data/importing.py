"""Load cases from the open-data JSON format (cases/open_data.py), so data moves between instances.

Two phases. First everything is validated and every error collected with its record
and field ("cases[0].events[2].occurred_on: ..."); if there is any, nothing is written.
Then all is written in one transaction. Records are matched by their keys (slugs,
source uids, and for a case's records their natural key), so importing the same file
again changes nothing. A case's status moves only through case_create and
case_change_status, so imports are in its status history too.
"""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from cases.models import Case, CaseStatus, Citation, LegalArticle, Place, Source
from cases.open_data.dataset import (
    ARTICLE_FIELDS,
    CASE_FIELDS,
    DATE_TEXTS,
    ORGANIZATION_FIELDS,
    PERSON_FIELDS,
    RECORD_FIELDS,
    RECORD_LINKS,
    RECORD_MODELS,
    SOURCE_FIELDS,
)
from cases.services.publication import case_publish_by_operator
from cases.services.status import case_change_status, case_create
from people.models import Organization, Person, PersonName
from tracker import date_text
from tracker.api_dates import set_date_columns
from tracker.audit import Origin, audit_context
from tracker.visibility import Visibility

# How a case's record is recognized on a second import.
NATURAL_KEYS = {
    "participants": ("person", "role"),
    "detentions": ("detainee", "kind", "started_on"),
    "charges": ("defendant", "article", "description"),
    "rulings": ("court", "defendant", "decided_on", "proceeding"),
    "events": ("kind", "title", "occurred_on"),
}
# Imported data came from a public data set: it is public here too.
PUBLIC = Visibility.PUBLIC
NOT_IMPORTED = {"status_changed_at", "published_at", "updated_at", "sha256"}


class ImportFailed(Exception):
    """Every error, each as "<path in the data>: <message>", e.g. "cases[0] (slug).events[2].occurred_on: ..."."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


@dataclass
class ImportReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    # The public id (slug or uid) of every record created, by kind.
    created_ids: dict[str, list[str]] = field(default_factory=dict)

    def count(self, kind: str, created: bool, record=None) -> None:
        target = self.created if created else self.updated
        target[kind] = target.get(kind, 0) + 1
        if created and record is not None:
            key = getattr(record, "slug", None) or str(getattr(record, "uid", "") or "")
            if key:
                self.created_ids.setdefault(kind, []).append(key)


class _Importer:
    def __init__(self, data: dict, by, publish: bool, visibility: str = PUBLIC) -> None:
        self.data = data
        self.by = by
        self.publish = publish
        self._to_publish: list[Case] = []
        # A public data set's records are public here too; a partner's bundle says per record, or internal.
        self.visibility = visibility
        self.errors: list[str] = []
        self.report = ImportReport()

    # -- validation: build every record unsaved and let the models judge it --------------------
    def validate(self) -> None:
        if not isinstance(self.data, dict) or not isinstance(self.data.get("cases"), list):
            raise ImportFailed(["file: not a case-tracker data set (no “cases” list)"])
        self.keys = {
            "person": {row.get("slug") for row in self._rows("people")}
            | set(Person.objects.values_list("slug", flat=True)),
            "organization": {row.get("slug") for row in self._rows("organizations")}
            | set(Organization.objects.values_list("slug", flat=True)),
            "article": {row.get("slug") for row in self._rows("articles")}
            | set(LegalArticle.objects.values_list("slug", flat=True)),
            "source": {str(row.get("uid")) for row in self._rows("sources")}
            | {str(uid) for uid in Source.objects.values_list("uid", flat=True)},
        }  # fmt: skip
        for index, row in enumerate(self._rows("people")):
            self._check(f"people[{index}]", self._person(row), exclude=["slug"] if self._exists(Person, row) else [])
        for index, row in enumerate(self._rows("organizations")):
            existing = self._exists(Organization, row)
            self._check(f"organizations[{index}]", self._organization(row), exclude=["slug"] if existing else [])
        for index, row in enumerate(self._rows("articles")):
            existing = self._exists(LegalArticle, row)
            self._check(f"articles[{index}]", self._article(row), exclude=["slug"] if existing else [])
        for index, row in enumerate(self._rows("sources")):
            self._check(f"sources[{index}]", self._source(row), exclude=["publisher", "uid"])
        for index, row in enumerate(self.data["cases"]):
            self._validate_case(f"cases[{index}] ({row.get('slug', '?')})", row)
        if self.errors:
            raise ImportFailed(self.errors)

    def _rows(self, key: str) -> list[dict]:
        rows = self.data.get(key) or []
        return [row for row in rows if isinstance(row, dict)]

    @staticmethod
    def _exists(model, row: dict) -> bool:
        return model.objects.filter(slug=row.get("slug") or "").exists()

    def _check(self, where: str, record, exclude: list[str]) -> None:
        try:
            record.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    self.errors.append(f"{where}.{name}: {message}")

    def _validate_case(self, where: str, row: dict) -> None:
        case = self._case(row)
        self._check(where, case, exclude=["slug"] if Case.objects.filter(slug=case.slug).exists() else [])
        if row.get("status") not in CaseStatus.values:
            self.errors.append(f"{where}.status: “{row.get('status')}” is not a case status.")
        self._validate_citations(where, row)
        for key, model in RECORD_MODELS.items():
            for index, record_row in enumerate(row.get(key) or []):
                self._validate_record(f"{where}.{key}[{index}]", key, model, record_row)

    def _validate_record(self, where: str, key: str, model, row: dict) -> None:
        links = RECORD_LINKS[key]
        for name, (_attribute, kind) in links.items():
            value = row.get(name)
            if kind != "place" and value is not None and value not in self.keys[kind]:
                self.errors.append(f"{where}.{name}: unknown {kind} “{value}”.")
        record = model(visibility=self._level(row))
        for name in RECORD_FIELDS[key]:
            if name in row:
                _set(record, name, row[name])
        for name, (attribute, kind) in links.items():
            if kind != "place" and row.get(name) is not None:
                # Named, so set by the time it is written: a rule like "an article or a description" holds.
                setattr(record, f"{attribute}_id", 0)
        excluded = ["case", *(attribute for attribute, _kind in links.values())]
        for prefix, problem in _set_date_texts(record, key, row).items():
            self.errors.append(f"{where}.{prefix}: {problem}")
            excluded += [f"{prefix}_on", f"{prefix}_time", f"{prefix}_until"]  # the date's one error is enough
        self._check(where, record, exclude=excluded)
        self._validate_citations(where, row)

    def _validate_citations(self, where: str, row: dict) -> None:
        for index, citation in enumerate(row.get("citations") or []):
            if str(citation.get("source")) not in self.keys["source"]:
                self.errors.append(f"{where}.citations[{index}].source: unknown source “{citation.get('source')}”.")

    # -- building records from rows ----------------------------------------------------------
    def _fill(self, model, lookup: dict, row: dict, names: list[str], **extra):
        record = model.objects.filter(**lookup).first() or model(**lookup)
        for name in names:
            if name in row and name not in NOT_IMPORTED and name not in lookup:
                _set(record, name, row[name])
        for name, value in extra.items():
            # An existing person, organization or source keeps who sees it: visibility changes only through
            # record_set_visibility, with the editor rule, which an import does not apply.
            keeps_level = name == "visibility" and record.pk
            if not keeps_level:
                setattr(record, name, value)
        return record

    def _level(self, row: dict) -> str:
        return row.get("visibility") or self.visibility

    def _person(self, row):
        return self._fill(Person, {"slug": row.get("slug") or ""}, row, PERSON_FIELDS, visibility=self._level(row))

    def _organization(self, row):
        fields = ORGANIZATION_FIELDS
        return self._fill(Organization, {"slug": row.get("slug") or ""}, row, fields, visibility=self._level(row))

    def _article(self, row):
        return self._fill(LegalArticle, {"slug": row.get("slug") or ""}, row, ARTICLE_FIELDS)

    def _source(self, row):
        source = self._fill(Source, {"uid": row.get("uid")}, row, SOURCE_FIELDS, visibility=self._level(row))
        for name in ("published_on", "accessed_on", "captured_at"):
            setattr(source, name, getattr(source, name) or None)
        return source

    def _case(self, row):
        fields = [name for name in CASE_FIELDS if name != "status"]
        return self._fill(Case, {"slug": row.get("slug") or ""}, row, fields)

    # -- writing -----------------------------------------------------------------------------
    def write(self) -> ImportReport:
        with transaction.atomic(), audit_context(origin=Origin.IMPORT, reason="import_cases", user=self.by):
            self.people = {row["slug"]: self._save("person", self._person(row)) for row in self._rows("people")}
            for row in self._rows("people"):
                for spelling in row.get("names") or []:
                    PersonName.objects.get_or_create(
                        person=self.people[row["slug"]], name=spelling["name"],
                        defaults={"kind": spelling.get("kind") or "transliteration",
                                  "language": spelling.get("language") or ""},
                    )  # fmt: skip
            for row in self._rows("organizations"):
                self._save("organization", self._organization(row))
            for row in self._rows("articles"):
                self._save("article", self._article(row))
            for row in self._rows("sources"):
                source = self._source(row)
                source.publisher = Organization.objects.filter(slug=row.get("publisher") or "").first()
                self._save("source", source)
            for row in self.data["cases"]:
                self._write_case(row)
            for case in self._to_publish:
                case_publish_by_operator(case=case, note="Imported and published from the shell (--publish).")
        return self.report

    def _save(self, kind: str, record):
        created = record.pk is None
        if created or _changed(record):
            record.save()
            self.report.count(kind, created, record)
        return record

    def _write_case(self, row: dict) -> None:
        case = self._case(row)
        if case.pk is None:
            case.status = row["status"]
            case_create(case=case, by=self.by, note="import")
            self.report.count("case", True, case)
            # Imported cases wait for an editor's review unless the operator publishes them (--publish).
            if self.publish:
                self._to_publish.append(case)
        else:
            self._save("case", case)
            if case.status != row["status"]:
                case_change_status(case=case, status=row["status"], by=self.by, note="import")
        self._write_citations(row, case=case)
        for key, model in RECORD_MODELS.items():
            for record_row in row.get(key) or []:
                self._write_record(case, key, model, record_row)

    def _write_record(self, case, key: str, model, row: dict) -> None:
        links = {}
        for name, (attribute, kind) in RECORD_LINKS[key].items():
            links[attribute] = self._resolve(kind, row.get(name))
        natural = {name: links.get(name, row.get(name)) for name in NATURAL_KEYS[key]}
        if any(value is None and not model._meta.get_field(name).null for name, value in links.items()):
            return  # a person the data set shows only by role: nothing to match or create
        record = model.objects.filter(case=case, **natural).first() or model(case=case, **natural)
        for name in RECORD_FIELDS[key]:
            if name in row:
                _set(record, name, row[name])
        for attribute, value in links.items():
            setattr(record, attribute, value)
        _set_date_texts(record, key, row)
        if record.pk is None:
            # A record already here keeps its visibility: that changes only through record_set_visibility.
            record.visibility = self._level(row)
            # A new record keeps the public id it had where it was exported, unless that id is taken here,
            # so references to it (citations, partners' own copies) still find it.
            exported = _as_uuid(row.get("uid"))
            if exported is not None and not model.objects.filter(uid=exported).exists():
                record.uid = exported
        self._save(key, record)
        self._write_citations(row, **{_fact_name(key): record})

    def _resolve(self, kind: str, value):
        if value is None:
            return None
        if kind == "place":
            lookup = {name: value.get(name) or "" for name in ("name", "country", "region")}
            timezone = value.get("timezone") or "Asia/Almaty"
            return Place.objects.get_or_create(**lookup, defaults={"timezone": timezone})[0]
        model = {"person": Person, "organization": Organization, "article": LegalArticle}[kind]
        return model.objects.get(slug=value)

    def _write_citations(self, row: dict, **fact) -> None:
        for citation_row in row.get("citations") or []:
            source = Source.objects.get(uid=citation_row["source"])
            # A fact may cite one source several times, for different passages.
            _citation, created = Citation.objects.get_or_create(
                source=source, quote=citation_row.get("quote") or "", **fact,
                defaults={"locator": citation_row.get("locator") or ""},
            )  # fmt: skip
            if created:
                self.report.count("citation", True, _citation)


def _set(record, name: str, value) -> None:
    """Text from JSON as the field's own type, so an unchanged value compares equal on re-import."""
    model_field = record._meta.get_field(name)
    if value is None:
        value = None if model_field.null else model_field.get_default()
    # A bad value is left as given: full_clean reports it with its record and field.
    with contextlib.suppress(ValidationError):
        value = model_field.to_python(value)
    setattr(record, name, value)


def _set_date_texts(record, key: str, row: dict) -> dict[str, str]:
    """Dates given whole as text ("occurred": "2019-03~") set their columns; problems by date."""
    problems = {}
    for prefix in DATE_TEXTS[key]:
        if row.get(prefix) is None:
            continue
        try:
            problem = set_date_columns(record, prefix, date_text.parse(row[prefix]))
        except ValidationError as error:
            problem = " ".join(error.messages)
        if problem:
            problems[prefix] = problem
    return problems


def _fact_name(key: str) -> str:
    return {"participants": "participant", "detentions": "detention", "charges": "charge", "rulings": "ruling",
            "events": "event"}[key]  # fmt: skip


def _changed(record) -> bool:
    stored = type(record)._default_manager.filter(pk=record.pk).values().first() or {}
    return any(stored.get(f.attname) != getattr(record, f.attname) for f in record._meta.concrete_fields)


def import_cases(data: dict, *, by=None, publish: bool = False, visibility: str = PUBLIC) -> ImportReport:
    importer = _Importer(data, by, publish, visibility)
    importer.validate()
    return importer.write()


def _as_uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None
