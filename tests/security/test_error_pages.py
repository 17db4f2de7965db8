"""Error pages show no traceback, SQL or record detail (DEBUG is off in tests, as in production)."""

import pytest
from django.test import Client

from tests.security_urls import PLANTED

pytestmark = pytest.mark.urls("tests.security_urls")


@pytest.mark.parametrize(
    ("url", "status", "title"),
    [
        ("/test-fail/400/", 400, "Bad request"),
        ("/test-fail/403/", 403, "Not allowed"),
        ("/test-fail/404/", 404, "Page not found"),
        ("/no-such-page/", 404, "Page not found"),
        ("/test-fail/500/", 500, "Server error"),
    ],
)
def test_error_pages_say_nothing_of_the_cause(db, url, status, title):
    client = Client(raise_request_exception=False)
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == status
    assert f"<h1>{title}</h1>" in html
    for leak in [PLANTED, "Traceback", "SELECT", "RuntimeError", "Zhanar", "cases_participant"]:
        assert leak not in html
    assert "default-src 'self'" in response["Content-Security-Policy"].split("; ")
