"""Shared fixtures: a base of one user per role, and the rules for tests needing real services.

Tests marked postgres, redis or browser are skipped on a laptop without the service,
with a message saying why; with REQUIRE_SERVICES=1 (set by .ci/run) they fail instead,
so CI can never go green by skipping what it exists to prove.
"""

import os
import shutil
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation

from tests.factories import UserFactory, role_group
from tracker import roles

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def _missing_service(marker: str) -> str | None:
    if marker == "postgres" and connection.vendor != "postgresql":
        return "needs PostgreSQL: set DATABASE_URL=postgres://... (see README)"
    if marker == "redis" and not settings.REDIS_URL:
        return "needs Redis: set REDIS_URL=redis://127.0.0.1:6379/15 (see README)"
    if marker == "browser" and not shutil.which(CHROMIUM):
        return f"needs Debian's chromium at {CHROMIUM}: apt-get install chromium"
    return None


def _flushes_and_remigrates(item) -> bool:
    """A transactional test without serialized_rollback: its flush re-creates content types."""
    marker = item.get_closest_marker("django_db")
    if marker and marker.kwargs.get("serialized_rollback"):
        return False
    transactional = marker is not None and marker.kwargs.get("transaction", False)
    fixtures = getattr(item, "fixturenames", ())
    return transactional or "transactional_db" in fixtures or "live_server" in fixtures


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    # After such a test's flush, post_migrate re-creates content types, and a following
    # serialized_rollback test (the backups) fails re-inserting them: run those first.
    items.sort(key=_flushes_and_remigrates)


FUZZ_COUNTS: list[str] = []


def pytest_runtest_logreport(report):
    # Fuzz tests record how many cases they tried; with xdist the report carries it to the controller.
    if report.when == "call":
        FUZZ_COUNTS.extend(value for name, value in report.user_properties if name == "fuzz")


def pytest_terminal_summary(terminalreporter):
    if FUZZ_COUNTS:
        terminalreporter.section("fuzzing")
        for line in sorted(FUZZ_COUNTS):
            terminalreporter.write_line(line)


def pytest_runtest_setup(item):
    for marker in ("postgres", "redis", "browser"):
        if item.get_closest_marker(marker) is None:
            continue
        reason = _missing_service(marker)
        if reason is None:
            continue
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"required in CI but unavailable: {reason}")
        pytest.skip(reason)


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    # With REDIS_URL set (CI) the page cache would be on, and a test inside a rolled-back
    # transaction never commits, so never invalidates: tests/public/test_page_cache.py turns it on.
    settings.TRACKER_PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def default_language():
    # A request or a test that switches the language (Russian, Kazakh pages) leaves it active in
    # its thread; the next test in the same worker would read every message in that language.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def generous_rate_limits(settings):
    # The counters live in the shared cache, across tests and workers; the tests of the
    # limits themselves set them low and count with addresses of their own.
    settings.ALERTS_SUBSCRIBE_PER_IP_HOUR = 1_000_000
    settings.ALERTS_CONFIRMATIONS_PER_ADDRESS_DAY = 1_000_000


def redis_url_parts() -> tuple[str, int]:
    parts = urlsplit(settings.REDIS_URL)
    return parts.hostname or "127.0.0.1", parts.port or 6379


def _user_with_role(group_name: str | None, **kwargs):
    user = UserFactory(**kwargs)
    if group_name:
        user.groups.add(role_group(group_name))
    return user


@pytest.fixture
def editor(db):
    return _user_with_role(roles.EDITOR, username="editor", is_staff=True)


@pytest.fixture
def staff_member(db):
    return _user_with_role(roles.STAFF, username="staff", is_staff=True)


@pytest.fixture
def lawyer(db):
    """A lawyer on the team of `case` (see the case fixture)."""
    return _user_with_role(roles.LAWYER, username="lawyer")


@pytest.fixture
def other_lawyer(db):
    """A lawyer who is on no case's team."""
    return _user_with_role(roles.LAWYER, username="other-lawyer")


@pytest.fixture
def case(db, staff_member, lawyer):
    from tests.factories import CaseFactory, TeamMemberFactory

    case = CaseFactory()
    TeamMemberFactory(case=case, user=staff_member, role="staff")
    TeamMemberFactory(case=case, user=lawyer, role="lawyer")
    return case


@pytest.fixture
def anon_client(client):
    return client
