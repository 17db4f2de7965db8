"""Brute-force protection (django-axes) on the admin sign-in, the second factor included."""

import pytest
from django.urls import reverse

from tests.signin import admin_sign_in, confirmed_totp
from tracker.models import SecurityEvent


@pytest.fixture
def limit(settings):
    settings.AXES_FAILURE_LIMIT = 3
    return 3


def test_repeated_wrong_passwords_lock_the_account_out(client, staff_member, limit):
    for _ in range(limit - 1):
        assert admin_sign_in(client, "staff", password="wrong").status_code == 200
    locked = admin_sign_in(client, "staff", password="wrong")
    assert locked.status_code == 429
    # Even the right password is refused now, and nothing says whether it was right.
    again = admin_sign_in(client, "staff")
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("admin:index")).status_code == 302


def test_lock_out_is_logged(client, staff_member, limit):
    for _ in range(limit):
        admin_sign_in(client, "staff", password="wrong")
    kinds = list(SecurityEvent.objects.order_by("pk").values_list("kind", "username"))
    assert kinds.count(("failure", "staff")) == limit
    assert ("lock-out", "staff") in kinds
    lock_out = SecurityEvent.objects.get(kind="lock-out")
    assert lock_out.ip == "127.0.0.1" and lock_out.path == reverse("admin:login")


def test_guessing_other_usernames_from_one_address_is_locked_out_too(client, staff_member, limit):
    for n in range(limit):
        admin_sign_in(client, f"nobody{n}", password="wrong")
    assert admin_sign_in(client, "staff").status_code == 429


def test_another_address_is_not_locked_by_someone_elses_guessing_of_another_name(client, staff_member, editor, limit):
    for _ in range(limit):
        admin_sign_in(client, "staff", password="wrong", REMOTE_ADDR="10.0.0.9")
    assert admin_sign_in(client, "editor", REMOTE_ADDR="10.0.0.10").status_code == 302


def test_wrong_one_time_codes_count_towards_the_lock_out(client, editor, limit, settings):
    settings.TRACKER_REQUIRE_2FA = True
    confirmed_totp(editor)
    for _ in range(limit):
        admin_sign_in(client, "editor", code="000000")
    assert SecurityEvent.objects.filter(kind="lock-out", username="editor").exists()
    assert admin_sign_in(client, "editor", code="000000").status_code == 429


def test_a_success_resets_the_count(client, staff_member, limit):
    for _ in range(limit - 1):
        admin_sign_in(client, "staff", password="wrong")
    assert admin_sign_in(client, "staff").status_code == 302
    client.logout()
    for _ in range(limit - 1):
        admin_sign_in(client, "staff", password="wrong")
    assert admin_sign_in(client, "staff").status_code == 302
