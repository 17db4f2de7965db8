"""API tokens stand only while what they were issued under holds (tracker/api_auth.py)."""

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.signin import admin_sign_in, confirmed_totp, current_code
from tracker.models import ApiTokenRecord
from tracker.services import api_token_issue

pytestmark = pytest.mark.urls("tests.security_urls")


def me(key: str, **extra) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/test-api/me/", **extra).status_code


def signed_in(username: str, code: str = "") -> Client:
    client = Client()
    assert admin_sign_in(client, username, code=code).status_code == 302
    return client


def token_from_page(client: Client) -> str:
    response = client.post(reverse("api_token_page"))
    assert response.status_code == 201
    return response.context["new_key"]


@pytest.mark.parametrize("username", ["editor", "staff"])
def test_staff_and_editors_get_a_working_token_from_their_page(username, editor, staff_member):
    key = token_from_page(signed_in(username))
    assert me(key) == 200


def test_with_two_factor_required_the_page_issues_only_after_the_code(settings, editor):
    settings.TRACKER_REQUIRE_2FA = True
    device = confirmed_totp(editor)
    key = token_from_page(signed_in("editor", code=current_code(device)))
    assert ApiTokenRecord.objects.get(token_id=key).with_two_factor
    assert me(key) == 200


def test_a_token_from_before_two_factor_enrolment_is_refused(settings, staff_member):
    key = api_token_issue(user=staff_member, with_two_factor=False)
    assert me(key) == 200
    settings.TRACKER_REQUIRE_2FA = True  # production
    assert me(key) == 401


def test_the_password_exchange_refuses_roles_with_a_second_factor(settings, staff_member):
    settings.TRACKER_REQUIRE_2FA = True
    response = APIClient().post(reverse("api-token"), {"username": "staff", "password": "wrong-but-unchecked"})
    assert response.status_code in (401, 403)
    assert not Token.objects.filter(user=staff_member).exists()


def test_sign_out_everywhere_revokes_tokens(staff_member):
    client = signed_in("staff")
    key = token_from_page(client)
    client.post(reverse("sign_out_everywhere"))
    assert me(key) == 401


def test_a_password_change_revokes_tokens(staff_member):
    key = api_token_issue(user=staff_member, with_two_factor=True)
    staff_member.set_password("a-new-long-password-2026")
    staff_member.save()
    assert me(key) == 401


def test_losing_the_role_revokes_tokens(staff_member):
    key = api_token_issue(user=staff_member, with_two_factor=True)
    staff_member.groups.clear()
    assert me(key) == 401


def test_tokens_expire(settings, staff_member):
    settings.TRACKER_API_TOKEN_DAYS = 30
    with time_machine.travel("2026-03-01 09:00:00Z", tick=False) as clock:
        key = api_token_issue(user=staff_member, with_two_factor=True)
        clock.shift(29 * 24 * 3600)
        assert me(key) == 200
        clock.shift(2 * 24 * 3600)
        assert me(key) == 401


def test_a_token_made_elsewhere_than_here_is_refused(staff_member):
    # e.g. added in DRF's own admin page: it carries no record of what it was issued under.
    assert me(Token.objects.create(user=staff_member).key) == 401


def test_last_use_is_shown(staff_member):
    client = signed_in("staff")
    with time_machine.travel("2026-03-01 09:00:00Z", tick=False):
        key = token_from_page(client)
        assert me(key, REMOTE_ADDR="10.3.3.3") == 200
    page = client.get(reverse("api_token_page")).content.decode()
    assert "1 March 2026, 09:00" in page and "10.3.3.3" in page
    assert key not in page  # the key is shown once, when issued


def test_without_a_role_there_is_no_token(db):
    from tests.factories import UserFactory

    visitor = UserFactory(username="visitor")
    client = Client()
    client.force_login(visitor)
    assert client.post(reverse("api_token_page")).status_code == 200
    assert not Token.objects.exists()
