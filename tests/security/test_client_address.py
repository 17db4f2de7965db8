"""One client address (tracker.security_log.client_ip) for every limit: API throttle, subscribe, lock-out."""

import uuid

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.signin import admin_sign_in


def fresh_address() -> str:
    # The counters live in the shared cache across tests and workers: an address of our own.
    first, second, third = uuid.uuid4().bytes[:3]
    return f"10.{first}.{second}.{third}"


@pytest.fixture
def tight_api_rate(settings):
    settings.API_ANON_RATE = "3/minute"
    yield
    cache.clear()


def test_rotating_x_forwarded_for_does_not_escape_the_api_throttle(client, db, tight_api_rate):
    address = fresh_address()
    statuses = [
        client.get(reverse("case-list"), REMOTE_ADDR=address, HTTP_X_FORWARDED_FOR=fresh_address()).status_code
        for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]


def test_behind_a_trusted_proxy_the_throttle_counts_the_address_the_proxy_saw(client, db, settings, tight_api_rate):
    settings.TRACKER_TRUSTED_PROXY_COUNT = 1
    proxy, alice, bob = fresh_address(), fresh_address(), fresh_address()
    for _ in range(3):
        # Alice writes any left-most entry she likes; the proxy appends her real address.
        forged = f"{fresh_address()}, {alice}"
        assert client.get(reverse("case-list"), REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=forged).status_code == 200
    assert client.get(reverse("case-list"), REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=alice).status_code == 429
    assert client.get(reverse("case-list"), REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=bob).status_code == 200


def test_the_subscribe_limit_counts_the_same_address(client, case, settings):
    settings.ALERTS_SUBSCRIBE_PER_IP_HOUR = 2
    address = fresh_address()
    url = reverse("alerts:subscribe_case", args=[case.slug])
    statuses = [
        client.post(
            url,
            {"email": f"reader{n}@example.org", "language": "en"},
            REMOTE_ADDR=address,
            HTTP_X_FORWARDED_FOR=fresh_address(),
        ).status_code
        for n in range(3)
    ]
    assert statuses[-1] == 429


def test_nobody_can_lock_a_victim_out_from_elsewhere(client, staff_member, settings):
    settings.AXES_FAILURE_LIMIT = 3
    attacker, victim = fresh_address(), fresh_address()
    for _ in range(3):
        admin_sign_in(client, "staff", password="wrong", REMOTE_ADDR=attacker)
    assert admin_sign_in(client, "staff", REMOTE_ADDR=attacker).status_code == 429
    client.logout()
    assert admin_sign_in(client, "staff", REMOTE_ADDR=victim).status_code == 302


def test_lock_out_believes_only_the_trusted_proxys_entry(client, staff_member, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.TRACKER_TRUSTED_PROXY_COUNT = 1
    proxy, attacker = fresh_address(), fresh_address()
    for _ in range(3):
        forged = f"{fresh_address()}, {attacker}"
        admin_sign_in(client, "staff", password="wrong", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=forged)
    assert admin_sign_in(client, "staff", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=attacker).status_code == 429
