"""What the public may read across cases: the querysets behind lists, feeds, search and open data."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from cases.models import Case, CaseStatusChange, Citation, CourtRuling, Detention, Participant, Source
from cases.models.sources import CITED_FACTS
from cases.visibility.rules import public_cases, public_record_filter
from people.models import Organization, Person
from people.names import fold_name
from tracker.visibility import Visibility


def named_participants(levels: frozenset[str]) -> QuerySet[Participant]:
    """Participations whose person may be named at `levels`: the only ones a name search may find."""
    return Participant.objects.filter(visibility__in=levels, person__visibility__in=levels)


def cases_matching_text(cases: QuerySet[Case], text: str, levels: frozenset[str]) -> QuerySet[Case]:
    """Cases whose title, or the name in any script of a person shown in them, matches `text`.

    Hidden people are left out of the match: finding a case by a restricted witness's
    name would tell the public that the witness is in it.
    """
    folded = fold_name(text)
    if not folded:
        return cases
    people = named_participants(levels).filter(
        Q(person__names__folded__contains=folded) | Q(person__name__icontains=text.strip())
    )
    return cases.filter(Q(title__icontains=text.strip()) | Q(pk__in=people.values("case_id")))


def public_status_changes() -> QuerySet[CaseStatusChange]:
    """Status changes of published cases; their notes and authors are never shown publicly."""
    return (
        CaseStatusChange.objects.filter(case__publication=Case.Publication.PUBLISHED)
        .select_related("case")
        .defer("note", "changed_by")
    )


def public_people() -> QuerySet[Person]:
    """Public people who appear, publicly, in at least one published case."""
    return Person.objects.filter(
        visibility=Visibility.PUBLIC,
        participations__in=public_participations(),
    ).distinct()


def public_participations() -> QuerySet[Participant]:
    return Participant.objects.filter(
        visibility=Visibility.PUBLIC,
        person__visibility=Visibility.PUBLIC,
        case__publication=Case.Publication.PUBLISHED,
    )


def _cited_by(fact_filter) -> Q:
    """Sources cited by a fact passing fact_filter(prefix), whichever kind of fact it is."""
    condition = Q()
    for fact in CITED_FACTS:
        condition |= fact_filter(fact, f"citations__{fact}__")
    return condition


def _public_fact(fact: str, prefix: str) -> Q:
    if fact == "case":
        return Q(**{f"{prefix}publication": Case.Publication.PUBLISHED})
    return public_record_filter(prefix)


def public_sources() -> QuerySet:
    """A source is public only if marked public and cited by a public fact of a published case."""
    return Source.objects.filter(visibility=Visibility.PUBLIC).filter(_cited_by(_public_fact)).distinct()


def public_organizations() -> QuerySet[Organization]:
    """Organizations with a public page: those marked public. Their records decide what the page lists."""
    return Organization.objects.filter(visibility=Visibility.PUBLIC)


def organization_participations(organization: Organization) -> QuerySet[Participant]:
    """Public parts played on the organization's behalf by people who may be named.

    A part whose person is hidden is shown on the case page as the role alone, without
    the organization (cases/visibility/projection.py), so it links nobody here either.
    """
    return public_participations().filter(organization=organization)


def organization_cases(organization: Organization) -> QuerySet[Case]:
    """Published cases in which the organization appears through something the public reads there:
    a named person acting for it, a detention it holds, a ruling of its court, a source it
    published cited by a public fact of the case."""
    records = (
        organization_participations(organization),
        Detention.objects.filter(public_record_filter(), authority=organization),
        CourtRuling.objects.filter(public_record_filter(), court=organization),
    )
    condition = Q()
    for queryset in records:
        condition |= Q(pk__in=queryset.values("case_id"))
    citations = Citation.objects.filter(source__visibility=Visibility.PUBLIC, source__publisher=organization)
    condition |= Q(pk__in=citations.filter(case__isnull=False).values("case_id"))
    for fact in CITED_FACTS:
        if fact == "case":
            continue
        cited = citations.filter(public_record_filter(f"{fact}__"))
        if fact == "participant":
            # A part whose person is hidden cites nothing publicly (the projection drops its citations).
            cited = cited.filter(participant__person__visibility=Visibility.PUBLIC)
        condition |= Q(pk__in=cited.values(f"{fact}__case_id"))
    return public_cases().filter(condition)
