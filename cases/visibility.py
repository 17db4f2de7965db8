"""The one gate: what each audience may see of a case.

Every surface (public pages, feeds, stats, search, API, exports, alerts) asks here.
Rules (DOMAIN.md):
- the public sees published cases, and in them only records marked public;
  a person who is not public (or whose participation is not) appears as a role;
- signed-in staff see every case and its public and internal records;
- a case's team (its staff and lawyers) and editors also see restricted records;
- a lawyer sees only the cases on whose team they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from cases.labels import choice_label
from cases.models import (
    Case,
    CaseStatusChange,
    Charge,
    Citation,
    CourtRuling,
    Detention,
    Event,
    Participant,
    Source,
)
from cases.models.sources import CITED_FACTS
from people.models import Organization, Person
from people.names import fold_name
from tracker import roles
from tracker.visibility import Visibility

PUBLIC_ONLY = frozenset({Visibility.PUBLIC})
INTERNAL_AND_PUBLIC = frozenset({Visibility.PUBLIC, Visibility.INTERNAL})
EVERYTHING = frozenset(Visibility.values)


def public_cases() -> QuerySet[Case]:
    return Case.objects.published()


def cases_visible_to(user) -> QuerySet[Case]:
    """The cases a user may open at all: the public gets published ones only."""
    if not user.is_authenticated or not user.is_active:
        return public_cases()
    if roles.is_staff_member(user):
        return Case.objects.all()
    if roles.is_lawyer(user):
        return Case.objects.filter(team_members__user=user).distinct()
    return public_cases()


def is_on_team(user, case: Case) -> bool:
    if not user.is_authenticated:
        return False
    team_ids = getattr(case, "_team_user_ids", None)
    if team_ids is None:
        team_ids = set(case.team_members.values_list("user_id", flat=True))
        case._team_user_ids = team_ids
    return user.pk in team_ids


def levels_for(user, case: Case, *, on_team: bool | None = None) -> frozenset[str]:
    """The visibility levels of a case's records that a user may read; empty means none.

    `on_team` lets a list that already knows the user's team cases (Audience) skip a query per case.
    """
    if not user.is_authenticated or not user.is_active:
        return PUBLIC_ONLY if case.publication == Case.Publication.PUBLISHED else frozenset()
    if on_team is None:
        on_team = is_on_team(user, case)
    if roles.is_editor(user) or on_team:
        return EVERYTHING
    if roles.is_staff_member(user):
        return INTERNAL_AND_PUBLIC
    # Lawyers off the team, and signed-in users with no role, see what the public sees.
    return PUBLIC_ONLY if case.publication == Case.Publication.PUBLISHED else frozenset()


def visible_records(queryset: QuerySet, levels: frozenset[str]) -> QuerySet:
    """Filter a case's records (events, sources, ...) to the given visibility levels."""
    return queryset.filter(visibility__in=levels)


def public_record_filter(prefix: str = "") -> Q:
    """A Q for records readable by the public, across relations (e.g. prefix='case__')."""
    return Q(**{f"{prefix}visibility": Visibility.PUBLIC}) & Q(
        **{f"{prefix}case__publication": Case.Publication.PUBLISHED}
    )


def shows_person_name(participant: Participant, levels: frozenset[str]) -> bool:
    """A person is named only where both the person and their part in this case may be seen."""
    return participant.visibility in levels and participant.person.visibility in levels


def participant_label(participant: Participant, levels: frozenset[str]) -> str:
    """The person's name, or for a hidden person their role alone ("a witness")."""
    if shows_person_name(participant, levels):
        return participant.person.name
    return choice_label(participant, "role")


def staff_records_filter(user, case_path: str = "case__") -> Q:
    """For staff screens listing records across cases: restricted ones only on their own teams."""
    if roles.is_editor(user):
        return Q()
    return ~Q(visibility=Visibility.RESTRICTED) | Q(**{f"{case_path}team_members__user": user})


def staff_sources_filter(user) -> Q:
    """A restricted source is seen by editors and by the teams of the cases whose facts cite it."""
    from cases.models.sources import CITED_FACTS

    if roles.is_editor(user):
        return Q()
    paths = [f"citations__{fact}__" if fact == "case" else f"citations__{fact}__case__" for fact in CITED_FACTS]
    on_team = Q()
    for path in paths:
        on_team |= Q(**{f"{path}team_members__user": user})
    return ~Q(visibility=Visibility.RESTRICTED) | on_team


def staff_people_filter(user) -> Q:
    """A restricted person is seen by editors and by the teams of the cases they appear in."""
    return staff_records_filter(user, case_path="participations__case__")


# --- Projections: what one audience sees of a case, fetched in a constant number of queries.
# Public pages, the staff preview and the lawyers' timeline all read a case through
# case_projection(); the public passes PUBLIC_ONLY, so the preview is exactly the public page.

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
    person_labels: dict[int, str] = field(default_factory=dict)

    def citations_of(self, fact: str, fact_id: int) -> list[Citation]:
        return self.citations.get((fact, fact_id), [])

    def person_label(self, person: Person | None, role_label: str) -> str:
        """A person's name where it may be seen, else the role they play here."""
        if person is None:
            return ""
        if person.pk in self.person_labels:
            return self.person_labels[person.pk]
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
    participants = list(visible_records(case.participants.all(), EVERYTHING).select_related("person", "organization"))
    # Hidden participants stay on the list, as their role alone, with nothing else about them.
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
        person_labels={p.person_id: participant_label(p, levels) for p in participants},
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


def public_case_projection(slug: str) -> CaseProjection | None:
    """The public page's data, or None for an unknown, unpublished or withdrawn case alike."""
    case = public_cases().filter(slug=slug).first()
    if case is None:
        return None
    return case_projection(case, PUBLIC_ONLY)


def list_levels_for(user) -> frozenset[str]:
    """The levels a list may filter on, across all cases it shows (the lowest the user has on any)."""
    if not user.is_authenticated or not user.is_active:
        return PUBLIC_ONLY
    if roles.is_editor(user):
        return EVERYTHING
    if roles.is_staff_member(user):
        return INTERNAL_AND_PUBLIC
    if roles.is_lawyer(user):
        # A lawyer's list holds only the cases of their own teams.
        return EVERYTHING
    return PUBLIC_ONLY


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
    from cases.models.sources import CITED_FACTS

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
    from cases.models import Source

    return Source.objects.filter(visibility=Visibility.PUBLIC).filter(_cited_by(_public_fact)).distinct()


# Querysets for lists across cases (API, exports). They say in SQL what levels_for says per case,
# restricted to cases_visible_to(user), so a list never holds a row its detail would 404.


def _team_cases(user) -> QuerySet[Case]:
    return Case.objects.with_team_member(user).values("pk")


def readable_q(user, *, field: str = "visibility", case_path: str = "case") -> Q:
    """Rows whose `field` level the user may read in the row's case (reached by `case_path`)."""
    public = Q(**{field: Visibility.PUBLIC, f"{case_path}__publication": Case.Publication.PUBLISHED})
    if not user.is_authenticated or not user.is_active:
        return public
    if roles.is_editor(user):
        return Q()
    on_team = Q(**{f"{case_path}__in": _team_cases(user)})
    if roles.is_staff_member(user):
        return Q(**{f"{field}__in": INTERNAL_AND_PUBLIC}) | on_team
    if roles.is_lawyer(user):
        return on_team
    return public


def records_visible_to(user, queryset: QuerySet, *, case_path: str = "case") -> QuerySet:
    """A case-keyed model's rows (charges, events, ...) the user may read."""
    return queryset.filter(readable_q(user, case_path=case_path))


def participants_visible_to(user) -> QuerySet[Participant]:
    """Participations in which the user may see who the person is (shows_person_name, in SQL)."""
    return Participant.objects.filter(readable_q(user), readable_q(user, field="person__visibility"))


def people_visible_to(user) -> QuerySet:
    """People the user may look up by name: the public only those named in a published case."""
    from people.models import Person

    if roles.is_editor(user):
        return Person.objects.all()
    named = Q(pk__in=participants_visible_to(user).values("person_id"))
    if roles.is_staff_member(user):
        return Person.objects.filter(named | Q(visibility__in=INTERNAL_AND_PUBLIC))
    return Person.objects.filter(named)


def organizations_visible_to(user):
    from people.models import Organization

    if roles.is_editor(user):
        return Organization.objects.all()
    if roles.is_staff_member(user):
        return Organization.objects.filter(visibility__in=INTERNAL_AND_PUBLIC)
    return Organization.objects.filter(visibility=Visibility.PUBLIC)


CITATION_FACT_PATHS = (
    ("case", "case", None),
    ("participant", "participant__case", "participant__visibility"),
    ("detention", "detention__case", "detention__visibility"),
    ("charge", "charge__case", "charge__visibility"),
    ("ruling", "ruling__case", "ruling__visibility"),
    ("event", "event__case", "event__visibility"),
)


def readable_citations_q(user) -> Q:
    """Citations whose source and cited fact the user may both read, in the fact's case."""
    condition = Q()
    for fact, case_path, fact_field in CITATION_FACT_PATHS:
        cited = Q(**{f"{fact}__isnull": False}) & readable_q(user, field="source__visibility", case_path=case_path)
        if fact_field:
            cited &= readable_q(user, field=fact_field, case_path=case_path)
        condition |= cited
    return condition


def sources_visible_to(user):
    """Sources cited by something the user may read; staff also see uncited non-restricted ones."""
    from cases.models import Citation, Source

    if roles.is_editor(user):
        return Source.objects.all()
    cited = Q(pk__in=Citation.objects.filter(readable_citations_q(user)).values("source_id"))
    if roles.is_staff_member(user):
        return Source.objects.filter(cited | Q(visibility__in=INTERNAL_AND_PUBLIC))
    return Source.objects.filter(cited)


def sees_internal_fields(user) -> bool:
    """Whether every case this user may open shows internal records and notes.

    True for staff (internal everywhere) and lawyers (cases_visible_to gives them only their
    team's cases, where they see everything); the public and role-less users see public only.
    """
    return roles.is_staff_member(user) or roles.is_lawyer(user)


class Audience:
    """One user's view for a whole list: levels_for per case with the team cases read once."""

    def __init__(self, user) -> None:
        self.user = user
        self.internal = sees_internal_fields(user)
        self._team_ids: set[int] | None = None

    def team_case_ids(self) -> set[int]:
        if self._team_ids is None:
            if self.user.is_authenticated:
                self._team_ids = set(_team_cases(self.user).values_list("pk", flat=True))
            else:
                self._team_ids = set()
        return self._team_ids

    def levels(self, case: Case) -> frozenset[str]:
        if not self.user.is_authenticated:
            return levels_for(self.user, case, on_team=False)
        return levels_for(self.user, case, on_team=case.pk in self.team_case_ids())

    def shows_person(self, person, case: Case) -> bool:
        """Whether this person may be named in this case; otherwise only their role is shown."""
        return person is not None and person.visibility in self.levels(case)
