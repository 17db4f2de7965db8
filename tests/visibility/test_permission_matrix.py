"""The whole permission matrix, frozen: every role x record kind x publication x visibility x read/write.

Each cell is three letters:
  r  the visibility gate (cases/visibility/) lets the user read it (pages, API, exports use the gate)
  a  the admin shows it to the user (list and change page)
  w  the admin lets the user change it
  -  denied
Any change of a cell fails this test: a deliberate rule change updates the table in the same commit.

A lawyer off the team reads a published case as the public does; their working list (/staff/)
holds only their teams' cases.
"""

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from cases import visibility
from cases.models import Case
from people.models import Person
from tests import factories
from tracker.roles import EDITOR, LAWYER, STAFF

VISIBILITIES = ["public", "internal", "restricted"]
PUBLICATIONS = ["published", "draft"]

# Columns: published/public published/internal published/restricted draft/public draft/internal draft/restricted
EXPECTED = """
role          kind         pub/pub pub/int pub/res drf/pub drf/int drf/res
anonymous     participant  r--     ---     ---     ---     ---     ---
anonymous     detention    r--     ---     ---     ---     ---     ---
anonymous     charge       r--     ---     ---     ---     ---     ---
anonymous     courtruling  r--     ---     ---     ---     ---     ---
anonymous     event        r--     ---     ---     ---     ---     ---
anonymous     person       r--     ---     ---     ---     ---     ---
anonymous     source       r--     ---     ---     ---     ---     ---
no_role       participant  r--     ---     ---     ---     ---     ---
no_role       detention    r--     ---     ---     ---     ---     ---
no_role       charge       r--     ---     ---     ---     ---     ---
no_role       courtruling  r--     ---     ---     ---     ---     ---
no_role       event        r--     ---     ---     ---     ---     ---
no_role       person       r--     ---     ---     ---     ---     ---
no_role       source       r--     ---     ---     ---     ---     ---
lawyer_team   participant  r--     r--     r--     r--     r--     r--
lawyer_team   detention    r--     r--     r--     r--     r--     r--
lawyer_team   charge       r--     r--     r--     r--     r--     r--
lawyer_team   courtruling  r--     r--     r--     r--     r--     r--
lawyer_team   event        r--     r--     r--     r--     r--     r--
lawyer_team   person       r--     r--     r--     r--     r--     r--
lawyer_team   source       r--     r--     r--     r--     r--     r--
lawyer_off    participant  r--     ---     ---     ---     ---     ---
lawyer_off    detention    r--     ---     ---     ---     ---     ---
lawyer_off    charge       r--     ---     ---     ---     ---     ---
lawyer_off    courtruling  r--     ---     ---     ---     ---     ---
lawyer_off    event        r--     ---     ---     ---     ---     ---
lawyer_off    person       r--     ---     ---     ---     ---     ---
lawyer_off    source       r--     ---     ---     ---     ---     ---
staff_team    participant  raw     raw     raw     raw     raw     raw
staff_team    detention    raw     raw     raw     raw     raw     raw
staff_team    charge       raw     raw     raw     raw     raw     raw
staff_team    courtruling  raw     raw     raw     raw     raw     raw
staff_team    event        raw     raw     raw     raw     raw     raw
staff_team    person       raw     raw     raw     raw     raw     raw
staff_team    source       raw     raw     raw     raw     raw     raw
staff_off     participant  raw     raw     ---     raw     raw     ---
staff_off     detention    raw     raw     ---     raw     raw     ---
staff_off     charge       raw     raw     ---     raw     raw     ---
staff_off     courtruling  raw     raw     ---     raw     raw     ---
staff_off     event        raw     raw     ---     raw     raw     ---
staff_off     person       raw     raw     ---     raw     raw     ---
staff_off     source       raw     raw     ---     raw     raw     ---
editor        participant  raw     raw     raw     raw     raw     raw
editor        detention    raw     raw     raw     raw     raw     raw
editor        charge       raw     raw     raw     raw     raw     raw
editor        courtruling  raw     raw     raw     raw     raw     raw
editor        event        raw     raw     raw     raw     raw     raw
editor        person       raw     raw     raw     raw     raw     raw
editor        source       raw     raw     raw     raw     raw     raw
"""

# The case itself, by publication; w on a case never includes publishing (see CASE_PUBLISH).
EXPECTED_CASE = """
role          published draft
anonymous     r--       ---
no_role       r--       ---
lawyer_team   r--       r--
lawyer_off    r--       ---
staff_team    raw       raw
staff_off     raw       raw
editor        raw       raw
"""
CASE_PUBLISH = {"editor"}  # who may change Case.publication


def parse(table: str) -> dict:
    lines = [line.split() for line in table.strip().splitlines()]
    header, rows = lines[0], lines[1:]
    keys = len(header) - len([h for h in header if "/" in h or h in PUBLICATIONS])
    return {tuple(row[:keys]): row[keys:] for row in rows}


ROLES = ["anonymous", "no_role", "lawyer_team", "lawyer_off", "staff_team", "staff_off", "editor"]
KINDS = ["participant", "detention", "charge", "courtruling", "event", "person", "source"]


def make_user(name: str):
    from django.contrib.auth.models import Group

    if name == "anonymous":
        return AnonymousUser()
    group = {"lawyer_team": LAWYER, "lawyer_off": LAWYER, "staff_team": STAFF, "staff_off": STAFF, "editor": EDITOR}
    user = factories.UserFactory(username=name, is_staff=name.startswith(("staff", "editor")))
    if name in group:
        user.groups.add(Group.objects.get(name=group[name]))
    return user


def make_record(kind: str, case: Case, level: str):
    """A record of `kind` at `level`; the person and source hang off a public participant/citation."""
    if kind == "person":
        person = factories.PersonFactory(visibility=level)
        factories.ParticipantFactory(case=case, person=person, visibility="public")
        return person
    if kind == "source":
        source = factories.SourceFactory(visibility=level)
        factories.CitationFactory(source=source, case=case)
        return source
    factory = {
        "participant": factories.ParticipantFactory,
        "detention": factories.DetentionFactory,
        "charge": factories.ChargeFactory,
        "courtruling": factories.CourtRulingFactory,
        "event": factories.EventFactory,
    }[kind]
    return factory(case=case, visibility=level)


def gate_reads(user, case: Case, record) -> bool:
    if not visibility.cases_visible_to(user).filter(pk=case.pk).exists():
        return False
    levels = visibility.levels_for(user, case)
    if isinstance(record, Person):
        participant = record.participations.get(case=case)
        return visibility.shows_person_name(participant, levels)
    return record.visibility in levels


def admin_cell(user, obj) -> str:
    request = RequestFactory().get("/")
    request.user = user
    model_admin = admin.site._registry[type(obj)]
    if not admin.site.has_permission(request):
        return "--"
    listed = model_admin.get_queryset(request).filter(pk=obj.pk).exists()
    reads = listed and model_admin.has_view_permission(request, obj)
    writes = listed and model_admin.has_change_permission(request, obj)
    return ("a" if reads else "-") + ("w" if writes else "-")


@pytest.fixture
def world(db):
    users = {name: make_user(name) for name in ROLES}
    cases, records = {}, {}
    for publication in PUBLICATIONS:
        case = factories.CaseFactory(publication=publication)
        factories.TeamMemberFactory(case=case, user=users["staff_team"], role="staff")
        factories.TeamMemberFactory(case=case, user=users["lawyer_team"], role="lawyer")
        cases[publication] = case
        for kind in KINDS:
            for level in VISIBILITIES:
                records[kind, publication, level] = make_record(kind, case, level)
    return users, cases, records


def test_record_matrix(world):
    users, cases, records = world
    actual = {}
    for role in ROLES:
        for kind in KINDS:
            cells = []
            for publication in PUBLICATIONS:
                for level in VISIBILITIES:
                    record = records[kind, publication, level]
                    gate = "r" if gate_reads(users[role], cases[publication], record) else "-"
                    cells.append(gate + admin_cell(users[role], record))
            actual[role, kind] = cells
    assert actual == parse(EXPECTED)


def test_case_matrix(world):
    from cases.services.publication import publication_error

    users, cases, _records = world
    actual = {}
    for role in ROLES:
        cells = []
        for publication in PUBLICATIONS:
            case = cases[publication]
            gate = "r" if visibility.cases_visible_to(users[role]).filter(pk=case.pk).exists() else "-"
            cells.append(gate + admin_cell(users[role], case))
        actual[(role,)] = cells
    assert actual == parse(EXPECTED_CASE)
    in_review = factories.CaseFactory(publication="in_review")
    may_publish = {
        role for role in ROLES if publication_error(case=in_review, target="published", by=users[role]) is None
    }
    assert may_publish == CASE_PUBLISH
