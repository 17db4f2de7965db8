"""Schemathesis over the whole OpenAPI schema: every endpoint and method, anonymous and as staff.

In-process over WSGI, bounded by examples per operation and by a time budget per role, so it
fits CI. Checked: no server error, and every documented response matches its schema. It
reports how many cases it tried at the end of the run (tests/conftest.py).
"""

import time

import pytest
import schemathesis
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis import checks

from tests.api_data import plant, token_header
from tracker.wsgi import application

EXAMPLES_PER_OPERATION = 4
SECONDS_PER_ROLE = 120  # a ceiling for a loaded machine; the examples bound it first
CHECKS = [checks.not_a_server_error, checks.response_schema_conformance]


@pytest.fixture
def api_schema(transactional_db, case, settings):
    settings.API_ANON_RATE = None  # off: no history of these requests left for other tests
    plant(case)
    return schemathesis.openapi.from_wsgi(reverse("api-schema") + "?format=json", application)


def _headers(role: str, request) -> dict[str, str]:
    if role == "anonymous":
        return {}
    user = request.getfixturevalue("staff_member")
    return {"Authorization": token_header(user)["HTTP_AUTHORIZATION"]}


@pytest.mark.parametrize("role", ["anonymous", "staff"])
def test_no_server_error_and_responses_match_the_schema(api_schema, role, request, record_property):
    headers = _headers(role, request)
    deadline = time.monotonic() + SECONDS_PER_ROLE
    tried, operations, failures = 0, 0, []
    for result in api_schema.get_all_operations():
        operation = result.ok()
        if time.monotonic() > deadline:
            break
        operations += 1

        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        @given(case=operation.as_strategy())
        def check(case):
            nonlocal tried
            tried += 1
            response = case.call(headers=headers)
            if case.query and case.query.get("format") == "csv":
                # The schema documents the JSON form; the CSV form is held to "no server error".
                assert response.status_code < 500, (case.method, case.formatted_path, response.status_code)
                return
            case.validate_response(response, checks=CHECKS, headers=headers)

        try:
            check()
        except Exception as error:  # every operation is tried; all failures are reported together
            failures.append(f"{operation.method.upper()} {operation.path}: {error}")
    record_property(
        "fuzz", f"schemathesis ({role}): {tried} cases over {operations} operations, {len(failures)} failing"
    )
    assert operations == len(list(api_schema.get_all_operations())), "the time budget ran out before every operation"
    assert failures == []
