"""The security log: written by sign-in paths and by `security_log()`, readable by editors only, never editable."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from tests.signin import admin_sign_in
from tracker.models import SecurityEvent
from tracker.security_log import client_ip, security_log


def test_sign_in_failure_and_sign_out_are_logged(client, staff_member):
    admin_sign_in(client, "staff", password="wrong")
    admin_sign_in(client, "staff")
    client.post(reverse("admin:logout"))
    events = list(SecurityEvent.objects.order_by("pk").values_list("kind", "username", "ip"))
    assert events == [
        ("failure", "staff", "127.0.0.1"),
        ("sign-in", "staff", "127.0.0.1"),
        ("sign-out", "staff", "127.0.0.1"),
    ]
    assert SecurityEvent.objects.get(kind="sign-in").user == staff_member


def test_the_helper_records_who_where_and_what(rf, editor):
    request = rf.get("/staff/cases/x/", REMOTE_ADDR="192.0.2.7")
    request.user = editor
    event = security_log(SecurityEvent.Kind.EXPORT_NON_PUBLIC, request=request, detail="participant 42")
    event.refresh_from_db()
    assert (event.kind, event.user, event.username, event.ip, event.path, event.detail) == (
        "export-non-public",
        editor,
        "editor",
        "192.0.2.7",
        "/staff/cases/x/",
        "participant 42",
    )


@pytest.mark.parametrize(
    ("proxies", "forwarded", "remote", "expected"),
    [
        (0, "203.0.113.5", "10.0.0.1", "10.0.0.1"),  # no proxy trusted: the header is ignored
        (1, "198.51.100.1, 203.0.113.5", "10.0.0.1", "203.0.113.5"),  # the spoofable left entry is not used
        (2, "198.51.100.1, 203.0.113.5", "10.0.0.1", "198.51.100.1"),
        (1, "", "10.0.0.1", "10.0.0.1"),
        (1, "not-an-address", "10.0.0.1", None),
    ],
)
def test_client_ip_believes_only_trusted_proxies(settings, proxies, forwarded, remote, expected):
    settings.TRACKER_TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_kinds_in_the_database_constraint_match_the_choices():
    constraint = SecurityEvent._meta.constraints[0]
    assert sorted(constraint.condition.children[0][1]) == sorted(SecurityEvent.Kind.values)


def test_editors_read_the_log_in_the_admin(client, editor):
    security_log(SecurityEvent.Kind.EXPORT_NON_PUBLIC, user=editor, detail="cases.csv with internal records")
    client.force_login(editor)
    page = client.get(reverse("admin:tracker_securityevent_changelist"))
    assert page.status_code == 200
    assert "cases.csv with internal records" in page.content.decode()
    event = SecurityEvent.objects.get(kind="export-non-public")
    change = client.get(reverse("admin:tracker_securityevent_change", args=[event.pk]))
    assert change.status_code == 200 and 'type="submit"' not in change.content.decode().split("<form")[-1]
    assert (
        client.post(reverse("admin:tracker_securityevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    )
    assert client.get(reverse("admin:tracker_securityevent_add")).status_code == 403


@pytest.mark.parametrize("who", ["staff_member", "lawyer"])
def test_others_cannot_see_the_log(db, client, request, who):
    user = request.getfixturevalue(who)
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get(reverse("admin:tracker_securityevent_changelist")).status_code == 403
    assert "Security" not in client.get(reverse("admin:index")).content.decode()


def test_a_permission_denied_to_a_signed_in_user_is_logged(client, staff_member):
    client.force_login(staff_member)
    url = reverse("admin:tracker_securityevent_changelist")  # editors only
    assert client.get(url).status_code == 403
    event = SecurityEvent.objects.get(kind="permission-denied")
    assert (event.user, event.path, event.detail) == (staff_member, url, "GET")


def test_an_anonymous_403_is_not_logged(db, client):
    client.raise_request_exception = False
    client.handler.enforce_csrf_checks = True
    response = client.post(reverse("alerts:subscribe_country", args=["KZ"]), {"email": "a@example.org"})
    assert response.status_code == 403
    assert not SecurityEvent.objects.filter(kind="permission-denied").exists()


def test_a_csv_export_with_internal_records_is_logged_and_a_public_one_is_not(client, staff_member, case):
    url = reverse("case-list") + "?format=csv"
    assert client.get(url).status_code == 200
    assert not SecurityEvent.objects.filter(kind="export-non-public").exists()
    client.force_login(staff_member)
    assert client.get(url).status_code == 200
    event = SecurityEvent.objects.get(kind="export-non-public")
    assert (event.user, event.detail) == (staff_member, "cases.csv, 1 rows")
