"""Every derivation of the rule table agrees with it, on worlds hypothesis makes up.

A world is a few users of random roles, a few cases in random publication states with
random teams, and records of each kind at random levels. For every user, case and record:
levels_for (one case), Audience (a list), cases_visible_to and readable_q (SQL across
cases), participants_visible_to, the projection, and the table itself must all say the same.
"""

from itertools import pairwise

from django.contrib.auth.models import AnonymousUser, Group
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from cases import visibility
from cases.models import Case, Charge, Event, Participant
from cases.visibility.rules import RULES, Standing, grant_levels, standing
from tests import factories
from tracker import roles
from tracker.visibility import Visibility

ROLE_GROUPS = {"no_role": None, "lawyer": roles.LAWYER, "staff": roles.STAFF, "editor": roles.EDITOR}
PUBLICATIONS = [choice for choice, _label in Case.Publication.choices]
LEVELS = list(Visibility.values)

case_specs = st.lists(
    st.fixed_dictionaries(
        {
            "publication": st.sampled_from(PUBLICATIONS),
            "team": st.sets(st.integers(0, 3), max_size=3),  # indexes of users on the team
            "records": st.lists(
                st.tuples(
                    st.sampled_from(["event", "charge", "participant"]),
                    st.sampled_from(LEVELS),
                    st.sampled_from(LEVELS),
                ),
                min_size=1,
                max_size=4,
            ),
        }
    ),
    min_size=1,
    max_size=3,
)
user_specs = st.lists(st.sampled_from([*ROLE_GROUPS, "anonymous", "inactive_staff"]), min_size=1, max_size=4)


def make_users(specs: list[str]) -> list:
    users = []
    for index, spec in enumerate(specs):
        if spec == "anonymous":
            users.append(AnonymousUser())
            continue
        user = factories.UserFactory(username=f"u{index}", is_active=spec != "inactive_staff")
        group = ROLE_GROUPS.get(spec, roles.STAFF)
        if group:
            user.groups.add(Group.objects.get(name=group))
        users.append(user)
    return users


def make_case(spec: dict, users: list) -> tuple[Case, list]:
    case = factories.CaseFactory(publication=spec["publication"])
    for index in spec["team"]:
        if index < len(users) and users[index].is_authenticated:
            factories.TeamMemberFactory(case=case, user=users[index])
    records = []
    for kind, level, person_level in spec["records"]:
        if kind == "participant":
            person = factories.PersonFactory(visibility=person_level)
            records.append(factories.ParticipantFactory(case=case, person=person, visibility=level))
        elif kind == "charge":
            records.append(factories.ChargeFactory(case=case, visibility=level))
        else:
            records.append(factories.EventFactory(case=case, visibility=level))
    return case, records


def expected_levels(user, case: Case) -> frozenset[str]:
    """The table read directly, with team membership from the database."""
    on_team = user.is_authenticated and case.team_members.filter(user=user).exists()
    return grant_levels(RULES[standing(user, on_team=on_team)], case.publication)


class RulesAgree(TestCase):
    @classmethod
    def setUpTestData(cls):
        roles.ensure_role_groups()

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(user_specs=user_specs, case_specs=case_specs)
    def test_every_derivation_agrees_with_the_table(self, user_specs, case_specs):
        roles.ensure_role_groups()
        users = make_users(user_specs)
        world = [make_case(spec, users) for spec in case_specs]
        for user in users:
            audience = visibility.Audience(user)
            openable = set(visibility.cases_visible_to(user).values_list("pk", flat=True))
            for case, records in world:
                levels = expected_levels(user, case)
                assert visibility.levels_for(user, case) == levels
                assert audience.levels(case) == levels
                assert (case.pk in openable) == bool(levels)
                self.assert_records_agree(user, case, records, levels)

    def assert_records_agree(self, user, case: Case, records: list, levels: frozenset[str]) -> None:
        for model in (Event, Charge, Participant):
            readable = set(
                visibility.records_visible_to(user, model.objects.filter(case=case)).values_list("pk", flat=True)
            )
            expected = {r.pk for r in records if isinstance(r, model) and r.visibility in levels}
            assert readable == expected, (model.__name__, user, case.publication)
        named = set(visibility.participants_visible_to(user).filter(case=case).values_list("pk", flat=True))
        expected_named = {
            r.pk for r in records if isinstance(r, Participant) and visibility.shows_person_name(r, levels)
        }
        assert named == expected_named
        if levels:
            projection = visibility.case_projection(Case.objects.get(pk=case.pk), levels)
            assert {e.pk for e in projection.events} == {
                r.pk for r in records if isinstance(r, Event) and r.visibility in levels
            }


def test_the_table_grants_more_to_more_trusted_readers():
    """Each standing reads at least what the one below it reads, in at least as many cases."""
    order = [Standing.PUBLIC, Standing.STAFF, Standing.TEAM, Standing.EDITOR]
    for lower, higher in pairwise(order):
        assert RULES[lower].levels <= RULES[higher].levels
        assert RULES[higher].published_only <= RULES[lower].published_only
