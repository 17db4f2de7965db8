"""Two-factor sign-in: required for editors and staff when TRACKER_REQUIRE_2FA is on, optional for lawyers."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.signin import admin_sign_in, confirmed_totp, current_code
from tracker.models import SecurityEvent

ADMIN = "/admin/"


@pytest.fixture
def require_2fa(settings):
    settings.TRACKER_REQUIRE_2FA = True


def test_staff_without_a_device_is_sent_to_set_one_up(client, staff_member, require_2fa):
    response = admin_sign_in(client, "staff")
    assert response.status_code == 302
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))
    # Every other page too, not only the admin.
    assert client.get(reverse("admin:cases_case_changelist")).status_code == 302


def test_setup_shows_qr_and_secret_and_confirms_with_a_code(client, staff_member, require_2fa):
    admin_sign_in(client, "staff")
    page = client.get(reverse("two_factor_setup"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and 'class="otp-secret"' in html
    device = TOTPDevice.objects.get(user=staff_member, confirmed=False)
    # A reload shows the same key, so a half-finished setup is not lost.
    client.get(reverse("two_factor_setup"))
    assert TOTPDevice.objects.filter(user=staff_member).count() == 1

    wrong = client.post(reverse("two_factor_setup"), {"code": "000000"})
    assert "does not match" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert device.throttling_failure_count == 1  # guessing is slowed down by django-otp
    device.throttle_reset()

    done = client.post(reverse("two_factor_setup"), {"code": current_code(device)})
    codes = done.context["codes"]
    assert len(codes) == 10 and all(code in done.content.decode() for code in codes)
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("admin:index")).status_code == 200
    assert SecurityEvent.objects.filter(kind="two-factor", user=staff_member).exists()


def test_with_a_device_the_admin_refuses_the_password_alone(client, editor, require_2fa):
    confirmed_totp(editor)
    response = admin_sign_in(client, "editor")
    assert response.status_code == 200
    assert "Enter a valid one-time code." in response.content.decode()
    assert "_auth_user_id" not in client.session
    failure = SecurityEvent.objects.get(kind="failure")
    assert failure.username == "editor"


def test_password_and_code_let_the_editor_in(client, editor, require_2fa):
    device = confirmed_totp(editor)
    response = admin_sign_in(client, "editor", code=current_code(device))
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
    assert SecurityEvent.objects.get(kind="sign-in").detail == "with one-time code"


def test_a_recovery_code_works_once(client, editor, require_2fa):
    confirmed_totp(editor)
    device = StaticDevice.objects.create(user=editor, name="recovery codes")
    device.token_set.create(token="abcd1234")
    assert admin_sign_in(client, "editor", code="abcd1234").status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
    client.logout()
    assert admin_sign_in(client, "editor", code="abcd1234").status_code == 200


def test_a_session_signed_in_without_a_code_is_not_enough_for_the_admin(client, editor, require_2fa):
    confirmed_totp(editor)
    client.force_login(editor)  # a path that skipped the second factor
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('two_factor_setup')}?next=/admin/"
    # Even when the session does not know it owes a code (a role given mid-session), the admin asks.
    session = client.session
    session["_tracker_needs_2fa"] = False
    session.save()
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_verify_step_accepts_the_code(client, editor, require_2fa):
    device = confirmed_totp(editor)
    client.force_login(editor)
    page = client.get(reverse("two_factor_setup"))
    assert "One-time code" in page.content.decode()
    response = client.post(reverse("two_factor_setup"), {"code": current_code(device), "next": ADMIN})
    assert response.status_code == 302 and response["Location"] == ADMIN
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_next_address_cannot_leave_the_site(client, editor, require_2fa):
    device = confirmed_totp(editor)
    client.force_login(editor)
    response = client.post(reverse("two_factor_setup"), {"code": current_code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_off_in_the_embedded_default(client, staff_member, settings):
    settings.TRACKER_REQUIRE_2FA = False
    assert admin_sign_in(client, "staff").status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_start_up_says_two_factor_is_off(settings):
    from tracker.checks import two_factor_setting

    settings.TRACKER_REQUIRE_2FA = False
    assert [m.id for m in two_factor_setting(None)] == ["tracker.I001"]
    settings.TRACKER_REQUIRE_2FA = True
    assert two_factor_setting(None) == []


def test_a_lawyer_may_turn_it_on_and_then_needs_it(client, lawyer, require_2fa):
    client.force_login(lawyer)
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=lawyer)
    client.post(reverse("two_factor_setup"), {"code": current_code(device)})
    client.logout()
    client.force_login(lawyer)
    response = client.get("/accounts/two-factor/")
    assert "Enter the code from your authenticator app" in response.content.decode()


def test_a_lawyer_may_turn_it_off_but_staff_may_not(client, lawyer, staff_member, require_2fa):
    for user, allowed in [(lawyer, True), (staff_member, False)]:
        device = confirmed_totp(user)
        client.force_login(user)
        client.post(reverse("two_factor_setup"), {"code": current_code(device)})
        client.post(reverse("two_factor_disable"))
        assert TOTPDevice.objects.filter(user=user).exists() is not allowed
        client.logout()


def test_new_recovery_codes_replace_the_old(client, editor, require_2fa):
    device = confirmed_totp(editor)
    admin_sign_in(client, "editor", code=current_code(device))
    first = client.post(reverse("two_factor_recovery_codes")).context["codes"]
    second = client.post(reverse("two_factor_recovery_codes")).context["codes"]
    tokens = set(StaticDevice.objects.get(user=editor).token_set.values_list("token", flat=True))
    assert tokens == set(second) and not tokens & set(first)
