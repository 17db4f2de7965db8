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

from django.db.models import Q, QuerySet

from cases.models import Case, Participant
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


def levels_for(user, case: Case) -> frozenset[str]:
    """The visibility levels of a case's records that a user may read; empty means none."""
    if not user.is_authenticated or not user.is_active:
        return PUBLIC_ONLY if case.publication == Case.Publication.PUBLISHED else frozenset()
    if roles.is_editor(user) or is_on_team(user, case):
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
    return str(participant.get_role_display())


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
