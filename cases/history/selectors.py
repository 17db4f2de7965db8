"""Reading the audit trail: a case's changes across its records, as readable diffs.

Each record kind is read with one query, related names with one query per related
model, so the page costs the same whatever the number of changes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

from cases import visibility
from cases.models import (
    Case,
    CaseStatusChange,
    CaseTeamMember,
    Charge,
    Citation,
    CourtRuling,
    Detention,
    Event,
    Participant,
)
from cases.models.status import CaseStatus

# Columns that change on every save or only mirror another one; a diff of them is noise.
SKIPPED = {"id", "updated_at", "updated_by", "created_at", "status_changed_at", "published_at"}
CASE_FACTS = (Participant, Detention, Charge, CourtRuling, Event, CaseTeamMember)
LABEL_FIELD = {
    Case: "title",
    Participant: "person",
    Detention: "kind",
    Charge: "description",
    CourtRuling: "decided_on",
    Event: "title",
    CaseTeamMember: "user",
    Citation: "source",
}
HIDDEN = "—"


@dataclass
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: dt.datetime
    record: str
    action: str
    user: str
    origin: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def tracked_fields(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if f.name not in SKIPPED]


def record_changes(new, old, labels: dict | None = None) -> list[FieldChange]:
    """field: old -> new between two versions of one record (old None: everything set)."""
    labels = labels or {}
    changes = []
    for model_field in tracked_fields(new.instance_type):
        after = getattr(new, model_field.attname)
        before = getattr(old, model_field.attname) if old is not None else None
        if after == before or (old is None and after in (None, "")):
            continue
        changes.append(
            FieldChange(
                str(model_field.verbose_name),
                display_value(model_field, before, labels),
                display_value(model_field, after, labels),
            )
        )
    return changes


def display_value(model_field: models.Field, value, labels: dict) -> str:
    if value is None or value == "":
        return HIDDEN
    if model_field.is_relation:
        return labels.get((model_field.related_model, value), f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def case_history(case: Case, user) -> list[HistoryEntry]:
    """Every change to a case and its records the user may see, newest first."""
    levels = visibility.levels_for(user, case)
    rows = _history_rows(case)
    hidden = _hidden_records(rows, levels)
    labels = _related_labels(rows, levels)
    entries = []
    for model, versions in rows.items():
        entries += _entries(model, versions, hidden[model], labels)
    entries += _status_entries(case)
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def _history_rows(case: Case) -> dict:
    rows = {Case: list(Case.history.filter(id=case.pk).select_related("history_user"))}
    fact_ids: dict = {}
    for model in CASE_FACTS:
        rows[model] = list(model.history.filter(case_id=case.pk).select_related("history_user"))
        fact_ids[model] = {row.id for row in rows[model]}
    cited = Q(case_id=case.pk)
    for model, attname in ((Participant, "participant_id"), (Detention, "detention_id"), (Charge, "charge_id")):
        cited |= Q(**{f"{attname}__in": fact_ids[model]})
    cited |= Q(ruling_id__in=fact_ids[CourtRuling]) | Q(event_id__in=fact_ids[Event])
    rows[Citation] = list(Citation.history.filter(cited).select_related("history_user"))
    return rows


def _hidden_records(rows: dict, levels: frozenset) -> dict:
    """Records with any version above the user's levels stay out entirely, past versions included."""
    hidden: dict = defaultdict(set)
    for model, versions in rows.items():
        for row in versions:
            if getattr(row, "visibility", None) not in (None, *levels):
                hidden[model].add(row.id)
    hidden_people = _ids_above(rows, levels, "person")
    hidden[Participant] |= {row.id for row in rows[Participant] if row.person_id in hidden_people}
    hidden_sources = _ids_above(rows, levels, "source")
    for row in rows[Citation]:
        fact = next((m for m, a in _CITED.items() if getattr(row, a)), None)
        if row.source_id in hidden_sources or (fact and getattr(row, _CITED[fact]) in hidden[fact]):
            hidden[Citation].add(row.id)
    return hidden


_CITED = {
    Participant: "participant_id",
    Detention: "detention_id",
    Charge: "charge_id",
    CourtRuling: "ruling_id",
    Event: "event_id",
}


def _ids_above(rows: dict, levels: frozenset, name: str) -> set:
    model = {"person": Participant, "source": Citation}[name]
    related = model._meta.get_field(name).related_model
    ids = {getattr(row, f"{name}_id") for row in rows[model]}
    return set(related.objects.filter(pk__in=ids).exclude(visibility__in=levels).values_list("pk", flat=True))


def _related_labels(rows: dict, levels: frozenset) -> dict:
    """Names of the records that versions point at; hidden ones as a dash, never by name."""
    wanted: dict = defaultdict(set)
    for model, versions in rows.items():
        relations = [f for f in tracked_fields(model) if f.is_relation]
        for row in versions:
            for relation in relations:
                value = getattr(row, relation.attname)
                if value is not None:
                    wanted[relation.related_model].add(value)
    labels = {}
    for related, ids in wanted.items():
        for pk, record in related._default_manager.in_bulk(ids).items():
            shown = getattr(record, "visibility", None) in (None, *levels)
            labels[(related, pk)] = _short_label(record) if shown else _("(not shown)")
    return labels


def _short_label(record) -> str:
    if isinstance(record, Charge | CourtRuling | Detention | Citation | Participant):
        return f"{record._meta.verbose_name} #{record.pk}"  # their __str__ would query further
    return str(record)


def _entries(model, versions: list, hidden: set, labels: dict) -> list[HistoryEntry]:
    by_record: dict = defaultdict(list)
    for row in versions:
        if row.id not in hidden:
            by_record[row.id].append(row)
    entries = []
    label_field = model._meta.get_field(LABEL_FIELD[model])
    for record_versions in by_record.values():
        record_versions.sort(key=lambda row: (row.history_date, row.history_id))
        latest = record_versions[-1]
        name = f"{model._meta.verbose_name}: {display_value(label_field, getattr(latest, label_field.attname), labels)}"
        previous = None
        for row in record_versions:
            entries.append(_entry(row, previous, name, labels))
            previous = row
    return entries


ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


def _entry(row, previous, name: str, labels: dict) -> HistoryEntry:
    changes = [] if row.history_type == "-" else record_changes(row, previous, labels)
    return HistoryEntry(
        when=row.history_date,
        record=name,
        action=ACTIONS[row.history_type],
        user=str(row.history_user or "—"),
        origin=row.get_history_origin_display(),
        reason=row.history_change_reason or "",
        changes=changes,
    )


def _status_entries(case: Case) -> list[HistoryEntry]:
    # Status moves only through case_change_status, which keeps its own record of them.
    names = dict(CaseStatus.choices)
    entries = []
    for change in CaseStatusChange.objects.filter(case=case).select_related("changed_by"):
        entries.append(
            HistoryEntry(
                when=change.changed_at,
                record=f"{Case._meta.verbose_name}: {case.title}",
                action="status",
                user=str(change.changed_by or "—"),
                origin="",
                reason=change.note,
                changes=[
                    FieldChange(
                        _("status"), str(names.get(change.from_status, HIDDEN)), str(names.get(change.to_status))
                    )
                ],
            )
        )
    return entries
