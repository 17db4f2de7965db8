"""The API's sign-in paths share the admin's lock-out (helpers in tracker/api_auth.py)."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import TEST_PASSWORD
from tracker.models import SecurityEvent
from tracker.services import api_token_issue

pytestmark = pytest.mark.urls("tests.security_urls")


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture(autouse=True)
def limit(settings):
    settings.AXES_FAILURE_LIMIT = 3


def test_a_good_token_authenticates(api, staff_member):
    token = Token.objects.get(key=api_token_issue(user=staff_member, with_two_factor=True))
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.get("/test-api/me/")
    assert response.status_code == 200 and response.json() == {"username": "staff"}
    assert response["Cache-Control"].startswith("no-store")


def test_guessing_tokens_locks_the_address_out(api, staff_member):
    token = Token.objects.get(key=api_token_issue(user=staff_member, with_two_factor=True))
    for n in range(3):
        api.credentials(HTTP_AUTHORIZATION=f"Token guess{n}")
        assert api.get("/test-api/me/").status_code in (401, 403, 429)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/test-api/me/").status_code == 429
    assert SecurityEvent.objects.filter(kind="lock-out", username="api-token@127.0.0.1").exists()
    # Another address is not affected.
    assert api.get("/test-api/me/", REMOTE_ADDR="10.1.1.1").status_code == 200


def test_password_for_token_is_locked_out_like_the_admin(api, staff_member):
    for _ in range(3):
        assert api.post("/test-api/token/", {"username": "staff", "password": "wrong"}).status_code in (401, 403, 429)
    response = api.post("/test-api/token/", {"username": "staff", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert not Token.objects.filter(user=staff_member).exists()
    assert SecurityEvent.objects.filter(kind="failure", username="staff").count() >= 3


def test_password_for_token_works(api, staff_member):
    response = api.post("/test-api/token/", {"username": "staff", "password": TEST_PASSWORD})
    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=staff_member).key}


def test_a_deactivated_users_token_stops_working(api, staff_member):
    from tracker.services import user_deactivate

    token = Token.objects.get(key=api_token_issue(user=staff_member, with_two_factor=True))
    user_deactivate(user=staff_member)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/test-api/me/").status_code in (401, 403)
    assert not Token.objects.filter(user=staff_member).exists()
