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


def sources_visible_to(user) -> QuerySet:
    """Staff per their levels (restricted: team and editors); a lawyer the sources of their cases."""
    from cases.models import Source

    if not user.is_authenticated or not user.is_active:
        return public_sources()
    if roles.is_staff_member(user):
        return Source.objects.filter(staff_sources_filter(user)).distinct()
    if roles.is_lawyer(user):

        def on_team(fact: str, prefix: str) -> Q:
            case_path = prefix if fact == "case" else f"{prefix}case__"
            return Q(**{f"{case_path}team_members__user": user})

        mine = Source.objects.filter(_cited_by(on_team)).values("pk")
        return Source.objects.filter(Q(pk__in=mine) | Q(pk__in=public_sources().values("pk")))
    return public_sources()


def records_visible_to(user, queryset: QuerySet) -> QuerySet:
    """Case records (charges, events, ...) across cases, for search and lists."""
    if not user.is_authenticated or not user.is_active:
        return queryset.filter(public_record_filter())
    if roles.is_staff_member(user):
        return queryset.filter(staff_records_filter(user)).distinct()
    if roles.is_lawyer(user):
        return queryset.filter(Q(case__team_members__user=user) | public_record_filter()).distinct()
    return queryset.filter(public_record_filter())


def participants_visible_to(user) -> QuerySet[Participant]:
    """Participations whose person may be named to this user."""
    participants = records_visible_to(user, Participant.objects.all())
    if not user.is_authenticated or not user.is_active:
        return participants.filter(person__visibility=Visibility.PUBLIC)
    if roles.is_editor(user):
        return participants
    if roles.is_staff_member(user):
        return participants.filter(~Q(person__visibility=Visibility.RESTRICTED) | Q(case__team_members__user=user))
    if roles.is_lawyer(user):
        return participants.filter(Q(person__visibility=Visibility.PUBLIC) | Q(case__team_members__user=user))
    return participants.filter(person__visibility=Visibility.PUBLIC)


def people_visible_to(user) -> QuerySet:
    """People who may be named to this user: staff also see people in no case yet."""
    from people.models import Person

    named = Q(pk__in=participants_visible_to(user).values("person_id"))
    if roles.is_staff_member(user):
        return Person.objects.filter(named | Q(pk__in=Person.objects.filter(staff_people_filter(user)).values("pk")))
    return Person.objects.filter(named)


def organizations_visible_to(user) -> QuerySet:
    from people.models import Organization

    if roles.is_editor(user):
        return Organization.objects.all()
    if roles.is_staff_member(user):
        return Organization.objects.filter(visibility__in=INTERNAL_AND_PUBLIC)
    return Organization.objects.filter(visibility=Visibility.PUBLIC)
