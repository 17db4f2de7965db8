"""The visibility rules: which levels of which case each user may read.

The rules are one table, RULES: a reader's standing in a case (public, staff off the
team, the case's team, editor) grants the levels they may read, and whether the case
must be published first. Everything else here is derived from it: the levels for one
case, the cases a user may open, Q filters over records across cases, and (in
projection.py) what one audience sees of a case. docs/domain.md states the same table
in words; tests/visibility/test_rules_agree.py checks that the derivations agree.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from cases.labels import choice_label
from cases.models import Case, Citation, Detention, Event, Participant, Place, Source
from cases.models.sources import CITED_FACTS
from people.models import Organization, Person
from tracker import roles
from tracker.visibility import Visibility

PUBLIC_ONLY = frozenset({Visibility.PUBLIC})
INTERNAL_AND_PUBLIC = frozenset({Visibility.PUBLIC, Visibility.INTERNAL})
EVERYTHING = frozenset(Visibility.values)
NOTHING: frozenset[str] = frozenset()


class Standing(enum.Enum):
    PUBLIC = "public"  # anonymous, signed in with no role, or a lawyer off the case's team
    STAFF = "staff"  # staff off the case's team
    TEAM = "team"  # staff or a lawyer on the case's team
    EDITOR = "editor"


@dataclass(frozen=True)
class Grant:
    levels: frozenset[str]
    published_only: bool  # the case must be published before anything of it may be read


RULES: dict[Standing, Grant] = {
    Standing.PUBLIC: Grant(levels=PUBLIC_ONLY, published_only=True),
    Standing.STAFF: Grant(levels=INTERNAL_AND_PUBLIC, published_only=False),
    Standing.TEAM: Grant(levels=EVERYTHING, published_only=False),
    Standing.EDITOR: Grant(levels=EVERYTHING, published_only=False),
}


def _active(user) -> bool:
    return user.is_authenticated and user.is_active


def standing(user, *, on_team: bool) -> Standing:
    """The user's standing in one case, given whether they are on its team."""
    if not _active(user):
        return Standing.PUBLIC
    if roles.is_editor(user):
        return Standing.EDITOR
    works_on_cases = roles.is_staff_member(user) or roles.is_lawyer(user)
    if on_team and works_on_cases:
        return Standing.TEAM
    if roles.is_staff_member(user):
        return Standing.STAFF
    return Standing.PUBLIC


def grant_levels(grant: Grant, publication: str) -> frozenset[str]:
    if grant.published_only and publication != Case.Publication.PUBLISHED:
        return NOTHING
    return grant.levels


def public_cases() -> QuerySet[Case]:
    return Case.objects.published()


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
    if on_team is None:
        on_team = _active(user) and is_on_team(user, case)
    return grant_levels(RULES[standing(user, on_team=on_team)], case.publication)


def _team_cases(user) -> QuerySet[Case]:
    return Case.objects.with_team_member(user).values("pk")


def _scopes(user) -> list[tuple[Grant, bool]]:
    """The grants a user holds, each with whether it holds only in the cases of their teams.

    Off the team the user has one standing in every case; on it, TEAM, which grants
    everything off-team standings do and more, so the off-team grant may cover all cases.
    """
    off_team = RULES[standing(user, on_team=False)]
    if standing(user, on_team=True) == standing(user, on_team=False):
        return [(off_team, False)]
    return [(RULES[Standing.TEAM], True), (off_team, False)]


def readable_q(user, *, field: str = "visibility", case_path: str = "case") -> Q:
    """Rows whose `field` level the user may read in the row's case (reached by `case_path`).

    `case_path` "pk" applies it to cases themselves; `field` None asks only for the case.
    """
    prefix = "" if case_path == "pk" else f"{case_path}__"
    condition = None
    for grant, team_only in _scopes(user):
        parts = []
        if team_only:
            parts.append(Q(**{f"{case_path}__in": _team_cases(user)}))
        if grant.published_only:
            parts.append(Q(**{f"{prefix}publication": Case.Publication.PUBLISHED}))
        if field is not None and grant.levels != EVERYTHING:
            parts.append(Q(**{f"{field}__in": sorted(grant.levels)}))
        if not parts:
            return Q()  # this grant covers every row
        scope = parts[0]
        for part in parts[1:]:
            scope &= part
        condition = scope if condition is None else condition | scope
    return condition


def cases_visible_to(user) -> QuerySet[Case]:
    """The cases a user may open at all: those in which some level is readable."""
    return Case.objects.filter(readable_q(user, field=None, case_path="pk"))


def listed_cases(user) -> QuerySet[Case]:
    """The cases of a user's working list (/staff/): a lawyer's are the cases of their teams."""
    if _active(user) and roles.is_lawyer(user) and not roles.is_staff_member(user):
        return Case.objects.filter(pk__in=_team_cases(user))
    return cases_visible_to(user)


def list_levels_for(user) -> frozenset[str]:
    """The levels a list may show, across all the cases listed_cases() gives (the lowest on any)."""
    if _active(user) and roles.is_lawyer(user) and not roles.is_staff_member(user):
        return RULES[Standing.TEAM].levels
    return RULES[standing(user, on_team=False)].levels


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
    return readable_q(user, case_path=case_path.removesuffix("__"))


def _cited_in_readable_case(user) -> Q:
    """Sources whose level the user may read in at least one case that cites them."""
    condition = Q()
    for fact in CITED_FACTS:
        path = "citations__case" if fact == "case" else f"citations__{fact}__case"
        condition |= readable_q(user, case_path=path)
    return condition


def staff_sources_filter(user) -> Q:
    """A restricted source is seen by editors and by the teams of the cases whose facts cite it."""
    floor = _floor_levels(user)
    return Q() if floor == EVERYTHING else Q(visibility__in=sorted(floor)) | _cited_in_readable_case(user)


def staff_people_filter(user) -> Q:
    """A restricted person is seen by editors and by the teams of the cases they appear in."""
    return readable_q(user, case_path="participations__case")


def _floor_levels(user) -> frozenset[str]:
    """The levels a user reads in any case at all: those of their standing off every team, ignoring publication."""
    return RULES[standing(user, on_team=False)].levels


# Querysets for lists across cases (API, exports). They say in SQL what levels_for says per case,
# restricted to cases_visible_to(user), so a list never holds a row its detail would 404.


def records_visible_to(user, queryset: QuerySet, *, case_path: str = "case") -> QuerySet:
    """A case-keyed model's rows (charges, events, ...) the user may read."""
    return queryset.filter(readable_q(user, case_path=case_path))


def participants_visible_to(user) -> QuerySet[Participant]:
    """Participations in which the user may see who the person is (shows_person_name, in SQL)."""
    return Participant.objects.filter(readable_q(user), readable_q(user, field="person__visibility"))


def people_visible_to(user) -> QuerySet:
    """People the user may look up by name: the public only those named in a published case."""
    floor = _floor_levels(user)
    if floor == EVERYTHING:
        return Person.objects.all()
    named = Q(pk__in=participants_visible_to(user).values("person_id"))
    if floor == PUBLIC_ONLY:
        return Person.objects.filter(named)
    return Person.objects.filter(named | Q(visibility__in=sorted(floor)))


def places_visible_to(user):
    """A place's name can say more than a city ("a flat in Almaty"): the places of records the user
    may read; staff also the places no record uses yet, so they can choose them."""
    if roles.is_editor(user):
        return Place.objects.all()
    used = Q(pk__in=records_visible_to(user, Event.objects.all()).values("place_id"))
    used |= Q(pk__in=records_visible_to(user, Detention.objects.all()).values("place_id"))
    if roles.is_staff_member(user):
        used |= Q(events__isnull=True, detentions__isnull=True)
    return Place.objects.filter(used).distinct()


def organizations_visible_to(user):
    """Organizations are not tied to one case: their level is read at the user's standing off any team."""
    floor = _floor_levels(user)
    if floor == EVERYTHING:
        return Organization.objects.all()
    return Organization.objects.filter(visibility__in=sorted(floor))


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
    floor = _floor_levels(user)
    if floor == EVERYTHING:
        return Source.objects.all()
    cited = Q(pk__in=Citation.objects.filter(readable_citations_q(user)).values("source_id"))
    if floor == PUBLIC_ONLY:
        return Source.objects.filter(cited)
    return Source.objects.filter(cited | Q(visibility__in=sorted(floor)))


def sees_internal_fields(user) -> bool:
    """Whether the user reads internal records in every case they may open (staff and editors do)."""
    return Visibility.INTERNAL in _floor_levels(user)


class Audience:
    """One user's view for a whole list: levels_for per case with the team cases read once."""

    def __init__(self, user) -> None:
        self.user = user
        self.internal = sees_internal_fields(user)
        self._team_ids: set[int] | None = None

    def team_case_ids(self) -> set[int]:
        if self._team_ids is None:
            if _active(self.user):
                self._team_ids = set(_team_cases(self.user).values_list("pk", flat=True))
            else:
                self._team_ids = set()
        return self._team_ids

    def levels(self, case: Case) -> frozenset[str]:
        if not _active(self.user):
            return levels_for(self.user, case, on_team=False)
        return levels_for(self.user, case, on_team=case.pk in self.team_case_ids())

    def sees_internal(self, record) -> bool:
        """Whether internal notes of this record (a case, or a record of one) may be shown.

        Staff read them everywhere. A lawyer reads them only in the cases of their teams;
        a record tied to no case (a source, a person) shows them only to staff.
        """
        if self.internal:
            return True
        case_id = record.pk if isinstance(record, Case) else getattr(record, "case_id", None)
        return case_id is not None and case_id in self.team_case_ids() and bool(self.user.is_active)

    def shows_person(self, person, case: Case) -> bool:
        """Whether this person may be named in this case; otherwise only their role is shown."""
        return person is not None and person.visibility in self.levels(case)
