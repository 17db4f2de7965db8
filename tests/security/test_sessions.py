"""Sessions: new id at sign-in, idle and absolute time-outs, sign out everywhere, deactivation."""

import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from tests.signin import admin_sign_in
from tracker.models import SecurityEvent, UserSession
from tracker.services import user_deactivate


def signed_in_client(username: str) -> Client:
    client = Client()
    assert admin_sign_in(client, username).status_code == 302
    return client


def test_sign_in_gives_a_new_session_id(client, staff_member):
    client.get(reverse("admin:login"))
    client.cookies["sessionid"] = "attacker-fixed-session-id"
    admin_sign_in(client, "staff")
    assert client.cookies["sessionid"].value != "attacker-fixed-session-id"
    assert UserSession.objects.get(user=staff_member).session_key == client.cookies["sessionid"].value


def test_idle_time_out(settings, staff_member):
    settings.TRACKER_SESSION_IDLE_SECONDS = 600
    with time_machine.travel("2026-03-01 09:00:00Z", tick=False) as clock:
        client = signed_in_client("staff")
        clock.shift(599)
        assert client.get(reverse("admin:index")).status_code == 200
        clock.shift(599)  # activity above reset the idle clock
        assert client.get(reverse("admin:index")).status_code == 200
        clock.shift(601)
        response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    assert SecurityEvent.objects.get(kind="session-expired").detail == "idle time-out"


def test_absolute_time_out_even_when_active(settings, staff_member):
    settings.TRACKER_SESSION_IDLE_SECONDS = 600
    settings.TRACKER_SESSION_ABSOLUTE_SECONDS = 3600
    with time_machine.travel("2026-03-01 09:00:00Z", tick=False) as clock:
        client = signed_in_client("staff")
        for _ in range(6):
            clock.shift(590)
            assert client.get(reverse("admin:index")).status_code == 200
        clock.shift(590)
        response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert SecurityEvent.objects.get(kind="session-expired").detail == "absolute time-out"


def test_sign_out_everywhere_ends_every_session(staff_member, editor):
    laptop, phone = signed_in_client("staff"), signed_in_client("staff")
    editors_own = signed_in_client("editor")
    response = laptop.post(reverse("sign_out_everywhere"))
    assert response.status_code == 302
    for client in (laptop, phone):
        assert client.get(reverse("admin:index")).status_code == 302
    assert editors_own.get(reverse("admin:index")).status_code == 200
    assert not UserSession.objects.filter(user=staff_member).exists()
    assert SecurityEvent.objects.filter(kind="session-revoked", user=staff_member).exists()


def test_sign_out_everywhere_needs_post(staff_member):
    client = signed_in_client("staff")
    assert client.get(reverse("sign_out_everywhere")).status_code == 405
    assert client.get(reverse("admin:index")).status_code == 200


def test_deactivation_ends_all_sessions_at_once(staff_member, editor):
    sessions = [signed_in_client("staff") for _ in range(2)]
    user_deactivate(user=staff_member, by=editor)
    for client in sessions:
        assert client.get(reverse("admin:index")).status_code == 302
    keys = UserSession.objects.filter(user=staff_member).values_list("session_key", flat=True)
    assert not keys and not Session.objects.filter(session_key__in=list(keys)).exists()
    event = SecurityEvent.objects.get(kind="user-deactivated")
    assert event.user == staff_member and "By editor" in event.detail


def test_unticking_active_in_the_admin_deactivates(staff_member):
    from tests.factories import UserFactory

    victim_session = signed_in_client("staff")
    editor_client = Client()
    editor_client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    change_url = reverse("admin:auth_user_change", args=[staff_member.pk])
    form = editor_client.get(change_url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update(is_active="", groups=[g.pk for g in staff_member.groups.all()], user_permissions=[])
    data.update(date_joined_0="2026-01-01", date_joined_1="00:00:00", last_login_0="", last_login_1="")
    response = editor_client.post(change_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert victim_session.get(reverse("admin:index")).status_code == 302
    assert SecurityEvent.objects.filter(
        kind="user-deactivated", user=staff_member, detail__contains="By admin"
    ).exists()


def test_an_inactive_users_session_is_refused_at_once(staff_member):
    client = signed_in_client("staff")
    type(staff_member).objects.filter(pk=staff_member.pk).update(is_active=False)  # behind the service's back
    assert client.get(reverse("admin:index")).status_code == 302
    assert "_auth_user_id" not in client.session
    assert SecurityEvent.objects.filter(kind="session-revoked", detail="inactive or unknown user").exists()
