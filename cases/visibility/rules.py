"""The visibility rules: which levels of which case each user may read.

Every surface (public pages, feeds, stats, search, API, exports, alerts, admin) asks
here, through the derivations below. The rules themselves are stated in docs/domain.md:
- the public sees published cases, and in them only records marked public;
  a person who is not public (or whose participation is not) appears as a role;
- signed-in staff see every case and its public and internal records;
- a case's team (its staff and lawyers) and editors also see restricted records;
- a lawyer sees only the cases on whose team they are.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from cases.labels import choice_label
from cases.models import Case, Citation, Participant, Source
from cases.models.sources import CITED_FACTS
from people.models import Organization, Person
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
    if roles.is_editor(user):
        return Person.objects.all()
    named = Q(pk__in=participants_visible_to(user).values("person_id"))
    if roles.is_staff_member(user):
        return Person.objects.filter(named | Q(visibility__in=INTERNAL_AND_PUBLIC))
    return Person.objects.filter(named)


def organizations_visible_to(user):
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
