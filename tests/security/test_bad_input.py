"""Hostile and careless input is a clear 400, 404 or form error: never a server error."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cases.models import CaseStatusChange
from tests.factories import CaseFactory, DetentionFactory, EventFactory, set_publication
from tracker.dates import DatePrecision, normalize_start


@pytest.fixture
def api():
    return APIClient()


@pytest.mark.parametrize("year", ["100000", "0", "-5", "99999999999999999999", "1e5", "2019.5", "\x00"])
@pytest.mark.parametrize("page", ["cases:list", "cases:staff-list"])
def test_an_impossible_year_is_a_form_error(client, editor, page, year):
    DetentionFactory(started_on=dt.date(2019, 3, 10))
    client.force_login(editor)
    response = client.get(reverse(page), {"year": year})
    assert response.status_code == 200
    assert response.context["filter"].errors["year"]


def test_a_sensible_year_still_filters(client, case):
    DetentionFactory(case=case, started_on=dt.date(2019, 3, 10), visibility="public")
    set_publication(case, "published")
    found = client.get(reverse("cases:list"), {"year": "2019"})
    missed = client.get(reverse("cases:list"), {"year": "2018"})
    assert [row.case.slug for row in found.context["rows"]] == [case.slug]
    assert missed.context["rows"] == []


@pytest.mark.parametrize("since", ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59"])
def test_updated_since_out_of_range_is_a_400_naming_it(api, db, since):
    response = api.get(reverse("case-list"), {"updated_since": since})
    assert response.status_code == 400
    assert list(response.json()) == ["updated_since"]


@pytest.mark.parametrize("name", ["alerts:confirm", "alerts:unsubscribe"])
def test_a_nul_in_a_subscription_token_is_a_404(client, db, name):
    path = reverse(name, args=["placeholder"]).replace("placeholder", "%00")
    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404


def test_a_nul_in_the_token_username_is_a_400(api, db):
    response = api.post(reverse("api-token"), {"username": "staff\x00", "password": "x"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["username"]


def test_a_nul_in_a_token_is_refused_like_a_wrong_token(api, staff_member):
    Token.objects.create(user=staff_member)
    api.credentials(HTTP_AUTHORIZATION="Token abc\x00def")
    assert api.get(reverse("case-list")).status_code == 401


def test_deeply_nested_json_is_a_400(api, editor):
    api.force_authenticate(editor)
    body = "[" * 100_000 + "]" * 100_000
    response = api.post(reverse("case-list"), body, content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in json.dumps(response.json())


def test_season_on_the_first_day_of_the_calendar_does_not_raise():
    assert normalize_start(dt.date(1, 1, 1), DatePrecision.SEASON) == dt.date(1, 1, 1)


def test_an_event_on_0001_01_01_in_a_season_is_a_field_error(db):
    season = DatePrecision.SEASON
    event = EventFactory.build(case=CaseFactory(), occurred_on=dt.date(1, 1, 1), occurred_precision=season)
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    assert "occurred_on" in refused.value.message_dict


def test_a_status_change_effective_in_9999_is_refused_and_not_recorded(api, editor, case):
    api.force_authenticate(editor)
    url = reverse("case-change-status", args=[case.slug])
    response = api.post(url, {"status": "released", "effective_on": "9999-12-31"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["effective_on"]
    assert not CaseStatusChange.objects.filter(case=case, to_status="released").exists()


def test_an_unknown_field_in_the_token_exchange_is_named(api, db):
    response = api.post(reverse("api-token"), {"username": "staff", "password": "x", "otp": "1"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"otp": ["Unknown field."]}


def test_a_nul_in_a_referenced_slug_is_a_400_naming_the_field(api, editor, case):
    api.force_authenticate(editor)
    response = api.post(reverse("event-list"), {"case": "case\x00", "kind": "hearing", "title": "x"}, format="json")
    assert response.status_code == 400
    assert "case" in response.json()


@pytest.mark.parametrize("resource", ["cases", "people", "organizations", "legal-articles", "events", "sources"])
def test_a_nul_in_an_api_detail_path_is_a_404(api, db, resource):
    assert api.get(f"/api/v1/{resource}/a%00b/").status_code == 404
