"""schemathesis with every check, anonymous and as staff, against the live WSGI app in process.

Bounded by examples per operation and a deadline for the whole run, so it fits CI's budget.
"""

import time

import pytest
import schemathesis
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis import checks

from tests.api_data import plant
from tracker.wsgi import application

EXAMPLES_PER_OPERATION = 8
RUN_SECONDS = 120


@pytest.fixture
def api_schema(transactional_db, case, settings):
    settings.API_ANON_RATE = "100000/minute"
    plant(case)
    return schemathesis.openapi.from_wsgi(reverse("api-schema") + "?format=json", application)


def _run(api_schema, headers: dict, methods: set[str]) -> list[str]:
    failures: list[str] = []
    stop_at = time.monotonic() + RUN_SECONDS
    for result in api_schema.get_all_operations():
        operation = result.ok()
        if operation.method.upper() not in methods or time.monotonic() > stop_at:
            continue

        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        @given(case=operation.as_strategy())
        def check(case):
            if case.method.upper() == "GET":
                case.call_and_validate(headers=headers)
                return
            # A schema-valid write may name a record that does not exist ("case": "month"): its 400
            # is right, and no schema can list the slugs that exist. Every other check applies.
            case.call_and_validate(headers=headers, excluded_checks=[checks.positive_data_acceptance])

        try:
            check()
        except Exception as error:  # every failure is collected, then reported at once
            failures.append(f"{operation.method} {operation.path}: {_summary(error)}")
    return failures


def test_all_checks_anonymous(api_schema):
    failures = _run(api_schema, {}, {"GET"})
    assert not failures, "\n".join(failures)


def test_all_checks_as_staff(api_schema, staff_member):
    from tests.api_data import token_header

    headers = {"Authorization": token_header(staff_member)["HTTP_AUTHORIZATION"]}
    failures = _run(api_schema, headers, {"GET", "POST", "PATCH"})
    assert not failures, "\n".join(failures)


def _summary(error: Exception) -> str:
    text = str(error)
    lines = [line.strip(" |") for line in text.splitlines() if line.strip(" |")]
    for sub in getattr(error, "exceptions", ()):
        lines += [line.strip(" |") for line in str(sub).splitlines() if line.strip(" |")][:3]
    return " / ".join(lines[:9])[:600]
