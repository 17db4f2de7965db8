"""Nothing a signed-in user is sent, and nothing under a private prefix, may be kept by a cache."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.urls("tests.security_urls")

NO_STORE = "no-store, no-cache, must-revalidate, max-age=0, private"


def test_signed_in_pages_are_not_stored(client, staff_member):
    client.force_login(staff_member)
    for url in [reverse("admin:index"), reverse("admin:cases_case_changelist"), "/test-public/"]:
        response = client.get(url)
        assert response["Cache-Control"] == NO_STORE, url
        assert response["Expires"]


def test_private_prefixes_are_not_stored_even_before_sign_in(client):
    for url in [reverse("admin:login"), "/staff/anything/", "/accounts/two-factor/"]:
        assert client.get(url)["Cache-Control"] == NO_STORE, url


def test_api_calls_with_credentials_are_not_stored(client):
    response = client.get("/test-public/", HTTP_AUTHORIZATION="Token abc")
    assert response["Cache-Control"] == NO_STORE


def test_anonymous_public_pages_may_be_cached(client):
    response = client.get("/test-public/")
    assert "Cache-Control" not in response


def test_public_page_for_anonymous_costs_no_user_query(db, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get("/test-public/")


def test_lawyer_timeline_and_preview_are_not_stored(client, case, lawyer, staff_member):
    client.force_login(lawyer)
    timeline = client.get(reverse("cases:staff-timeline", kwargs={"slug": case.slug}))
    assert timeline.status_code == 200
    assert timeline["Cache-Control"] == NO_STORE
    client.force_login(staff_member)
    preview = client.get(reverse("cases:staff-preview", kwargs={"slug": case.slug}))
    assert preview.status_code == 200
    assert preview["Cache-Control"] == NO_STORE


def test_history_and_account_pages_are_not_stored(client, case, staff_member):
    client.force_login(staff_member)
    for url in [reverse("history:case", kwargs={"slug": case.slug}), reverse("two_factor_setup")]:
        assert client.get(url)["Cache-Control"] == NO_STORE, url
