"""Every surface x every role: no response holds a canary above what the role may read.

The surfaces are not listed by hand: tests/visibility/surfaces.py walks the URL resolver,
the admin registry (with every autocomplete) and the OpenAPI schema. A new page, admin or
API route is requested here the day it is added. For each role the world (a published and
a draft case, every record kind at every level, canaries in every free-text field) is
built once and every surface is requested with GET; the test fails on:

- a canary in a body that the visibility rules (cases/visibility/rules.py) do not let the
  role read in that canary's case;
- a hidden record's detail URL answering differently from a missing one's.

A leak found and not yet fixed is listed in KNOWN_LEAKS, so the test documents it and
still fails on any new one.
"""

import os
import re

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from cases import visibility
from cases.visibility.rules import _floor_levels
from tests import factories
from tests.visibility import surfaces as s
from tracker.roles import EDITOR, LAWYER, STAFF

ROLES = ["anonymous", "no_role", "lawyer_off", "lawyer_team", "staff_off", "staff_team", "editor"]

# Leaks found and reported, not yet fixed in product code: (role, surface regex) -> canary regex.
# Each entry is one role on one surface; a body matching it is not counted as a new leak, and
# a hidden/missing mismatch on it is tolerated. Any other leak still fails. Remove an entry in
# the commit that fixes it: the test fails on an entry that no longer leaks.
KNOWN_LEAKS: dict[tuple[str, str], str] = {}


def known_leak(role: str, url: str, canary_text: str = "") -> tuple[str, str] | None:
    for (leak_role, surface), canary_pattern in KNOWN_LEAKS.items():
        if leak_role != role or not re.search(surface, url):
            continue
        if not canary_text or re.search(canary_pattern, canary_text):
            return leak_role, surface
    return None


# Below this many requests per role the walk has lost surfaces (a resolver, schema or admin change).
MIN_REQUESTS_PER_ROLE = 350


def make_user(name: str):
    if name == "anonymous":
        return AnonymousUser()
    group = {"lawyer_team": LAWYER, "lawyer_off": LAWYER, "staff_team": STAFF, "staff_off": STAFF, "editor": EDITOR}
    user = factories.UserFactory(username=f"matrix-{name}", is_staff=name.startswith(("staff", "editor")))
    if name in group:
        user.groups.add(Group.objects.filter(name=group[name]).first() or factories.role_group(group[name]))
    return user


def allowed(user, planted: s.Planted) -> bool:
    if planted.level in visibility.levels_for(user, planted.case):
        return True
    # Organizations belong to no case: their level is read at the user's standing off any team.
    return planted.floating and planted.level in _floor_levels(user)


def target_hidden(user, target) -> bool:
    kind, case, level = target
    if case is None:
        return False
    return not allowed(user, s.Planted("", level, case, floating=kind == "organization"))


@pytest.mark.parametrize("role", ROLES)
def test_no_surface_shows_a_role_more_than_it_may_read(role, client, db, capsys, settings):
    # Hundreds of API requests from one address: the anonymous throttle would answer 429 first.
    settings.API_ANON_RATE = "1000000/minute"
    users = {name: make_user(name) for name in ROLES}
    world = s.build_world(users)
    user = users[role]
    if role != "anonymous":
        client.force_login(user)

    schema = client.get("/api/schema/?format=json")
    if schema.status_code != 200:  # the schema may be for signed-in readers only: read it as the editor
        client.force_login(users["editor"])
        schema = client.get("/api/schema/?format=json")
        client.logout()
        if role != "anonymous":
            client.force_login(user)
    assert schema.status_code == 200, schema.status_code

    from_resolver, skipped = s.resolver_surfaces(world)
    surfaces = from_resolver + s.admin_surfaces(world) + s.api_surfaces(world, schema.json()) + s.extra_surfaces()

    forbidden = [(p.text, p.text.lower()) for p in world.canaries if not allowed(user, p)]
    seen_allowed = set()
    allowed_texts = [p.text.lower() for p in world.canaries if allowed(user, p)]
    leaks, mismatches, errors, found_known = [], [], [], set()
    status_cache: dict[str, int] = {}
    requests = 0

    def get(url: str):
        nonlocal requests
        requests += 1
        response = client.get(url)
        if role != "anonymous" and not user.is_authenticated:
            raise AssertionError("signed out by " + url)
        return response

    for surface in surfaces:
        response = get(surface.url)
        status_cache[surface.url] = response.status_code
        if response.status_code >= 500:
            errors.append((surface.url, response.status_code))
        body = b"".join(response) if response.streaming else response.content
        text = body.decode("utf-8", errors="replace").lower()
        if "canary" not in text:
            continue
        for original, lowered in forbidden:
            if lowered in text:
                known = known_leak(role, surface.url, original)
                if known:
                    found_known.add(known)
                else:
                    leaks.append((role, surface.url, original))
        seen_allowed.update(t for t in allowed_texts if t in text)
    for surface in surfaces:
        if not (surface.target and surface.missing_url and target_hidden(user, surface.target)):
            continue
        if surface.missing_url not in status_cache:
            status_cache[surface.missing_url] = get(surface.missing_url).status_code
        if status_cache[surface.url] != status_cache[surface.missing_url] and not known_leak(role, surface.url):
            mismatches.append(
                (role, surface.url, status_cache[surface.url], surface.missing_url, status_cache[surface.missing_url])
            )

    lines = [
        f"surface matrix [{role}]: {requests} requests over {len(surfaces)} surfaces, {len(leaks)} leaks, "
        f"{len(mismatches)} hidden/missing mismatches, {len(errors)} server errors, {len(found_known)} known leaks; "
        f"{len(set(skipped))} routes skipped by SKIP_NAMES/SKIP_PREFIXES"
    ]
    lines += ["  LEAK " + " ".join(leak) for leak in leaks]
    lines += ["  HIDDEN!=MISSING " + " ".join(map(str, mismatch)) for mismatch in mismatches]
    lines += ["  5xx " + " ".join(map(str, error)) for error in errors]
    with capsys.disabled():
        # Straight to the terminal: under pytest-xdist a worker's print() is never shown for a pass.
        os.write(2, ("\n" + "\n".join(lines) + "\n").encode())

    never_seen = sorted(p.text for p in world.canaries if allowed(user, p) and p.text.lower() not in seen_allowed)
    if role == "editor":
        # The editor reads everything: each canary shown nowhere is a field no surface checks.
        assert not never_seen, never_seen
    assert requests >= MIN_REQUESTS_PER_ROLE
    # The checker sees canaries at all: the published case's public title is on its page for everyone.
    assert s.canary("public", "PUB", type(world.cases["published"]), "title").lower() in seen_allowed
    assert not leaks, leaks
    assert not mismatches, mismatches
    assert found_known == {k for k in KNOWN_LEAKS if k[0] == role}, "a known leak is fixed: drop it from KNOWN_LEAKS"
    # Reported total, for the log: one line per role (requests summed over roles is the matrix size).
