"""Projections: what one audience sees of a case, fetched in a constant number of queries.

Public pages, the staff preview and the lawyers' timeline all read a case through
case_projection(); the public passes PUBLIC_ONLY, so the preview is exactly the public page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from cases.models import Case, CaseStatusChange, Charge, Citation, CourtRuling, Detention, Event, Participant, Source
from cases.models.sources import CITED_FACTS
from cases.visibility.rules import (
    PUBLIC_ONLY,
    participant_label,
    public_cases,
    shows_person_name,
    visible_records,
)
from people.models import Organization, Person
from tracker.visibility import Visibility

# Fields that hold staff's own words; they are blanked on any projection without INTERNAL.
INTERNAL_FIELDS = {
    "case": ("internal_notes",),
    "participant": ("notes",),
    "detention": ("notes",),
    "source": ("notes",),
    "statuschange": ("note",),
}


@dataclass
class CaseProjection:
    case: Case
    levels: frozenset[str]
    participants: list[Participant]
    detentions: list[Detention]
    charges: list[Charge]
    rulings: list[CourtRuling]
    events: list[Event]
    status_changes: list[CaseStatusChange]
    # (fact name, fact id) -> the citations of that fact whose source may be seen.
    citations: dict[tuple[str, int], list[Citation]] = field(default_factory=dict)
    # Sources in order of first citation: the footnote number is the index + 1.
    sources: list[Source] = field(default_factory=list)
    # Participation id -> the name, or the role alone: keyed by the part, not the person, since one
    # person may hold a public part and a restricted one in the same case.
    participant_labels: dict[int, str] = field(default_factory=dict)

    def citations_of(self, fact: str, fact_id: int) -> list[Citation]:
        return self.citations.get((fact, fact_id), [])

    def person_label(self, person: Person | None, role_label: str) -> str:
        """A person's name where it may be seen, else the role they play here."""
        if person is None:
            return ""
        return person.name if person.visibility in self.levels else role_label

    def organization_label(self, organization: Organization | None, kind_label: str) -> str:
        if organization is None:
            return ""
        return organization.name if organization.visibility in self.levels else kind_label


def _strip_internal(records, kind: str, levels: frozenset[str]) -> None:
    if Visibility.INTERNAL in levels:
        return
    for record in records:
        for name in INTERNAL_FIELDS[kind]:
            setattr(record, name, "")
        if kind == "statuschange":
            record.changed_by_id = None


def case_projection(case: Case, levels: frozenset[str]) -> CaseProjection:
    """Everything of `case` readable at `levels`, in eight queries whatever the case's size."""
    # A participation the reader may not see appears in no form, not even as a role or in a count.
    participants = list(visible_records(case.participants.all(), levels).select_related("person", "organization"))
    # A visible part whose person is hidden stays, as the role alone, with nothing else about them.
    for participant in participants:
        if not shows_person_name(participant, levels):
            participant.relationship = ""
            participant.organization = None
    projection = CaseProjection(
        case=case,
        levels=levels,
        participants=participants,
        detentions=list(
            visible_records(case.detentions.all(), levels).select_related("place", "authority", "detainee")
        ),
        charges=list(visible_records(case.charges.all(), levels).select_related("article", "defendant")),
        rulings=list(
            visible_records(case.rulings.all(), levels)
            .select_related("court", "defendant", "judge", "appeal_of")
            .prefetch_related(
                Prefetch("charges", queryset=visible_records(Charge.objects.select_related("article"), levels))
            )
        ),
        events=list(visible_records(case.events.all(), levels).select_related("place")),
        status_changes=list(
            case.status_changes.select_related("changed_by")
            if Visibility.INTERNAL in levels
            else case.status_changes.all()
        ),
        participant_labels={p.pk: participant_label(p, levels) for p in participants},
    )
    _strip_internal([case], "case", levels)
    _strip_internal(participants, "participant", levels)
    _strip_internal(projection.detentions, "detention", levels)
    _strip_internal(projection.status_changes, "statuschange", levels)
    _attach_citations(projection)
    return projection


def _visible_fact_filter(projection: CaseProjection) -> Q:
    """Citations on the case itself or on the facts the projection already holds (so may be seen).

    Filtering by the fetched ids, one `<fact>_id IN (...)` per kind, lets PostgreSQL combine
    the six foreign-key indexes (a BitmapOr); joining each fact to its case instead made it
    scan every citation in the database.
    """
    levels = projection.levels
    fact_ids = {
        "participant": [p.pk for p in projection.participants if shows_person_name(p, levels)],
        "detention": [record.pk for record in projection.detentions],
        "charge": [record.pk for record in projection.charges],
        "ruling": [record.pk for record in projection.rulings],
        "event": [record.pk for record in projection.events],
    }
    condition = Q(case=projection.case)
    for fact, ids in fact_ids.items():
        if ids:
            condition |= Q(**{f"{fact}_id__in": ids})
    return condition


def _attach_citations(projection: CaseProjection) -> None:
    citations = (
        Citation.objects.filter(_visible_fact_filter(projection))
        .filter(source__visibility__in=projection.levels)
        .select_related("source", "source__publisher")
        .order_by("pk")
    )
    numbers: dict[int, int] = {}
    for citation in citations:
        fact = next(name for name in CITED_FACTS if getattr(citation, f"{name}_id"))
        projection.citations.setdefault((fact, getattr(citation, f"{fact}_id")), []).append(citation)
        if citation.source_id not in numbers:
            numbers[citation.source_id] = len(numbers) + 1
            projection.sources.append(citation.source)
        citation.number = numbers[citation.source_id]
    _strip_internal(projection.sources, "source", projection.levels)


def case_fields_for(case: Case, levels: frozenset[str]) -> Case:
    """The case alone, its internal fields blanked as case_projection() blanks them, for page headers."""
    _strip_internal([case], "case", levels)
    return case


def public_case_projection(slug: str) -> CaseProjection | None:
    """The public page's data, or None for an unknown, unpublished or withdrawn case alike."""
    case = public_cases().filter(slug=slug).first()
    if case is None:
        return None
    return case_projection(case, PUBLIC_ONLY)
