"""Hostile query parameters on every page and API list: never a server error.

The URLs come from the resolver (tests/visibility/surfaces.py fills their converters), the
parameter names from the filtersets (the case list's, each API viewset's) plus the few every
page may read. Values are hostile: huge and negative numbers, NUL, lone surrogates, right-to-left
overrides, 10 kB strings, malformed and out-of-range dates. Bounded by count and by time; it
reports how many requests it made at the end of the run.
"""

from __future__ import annotations

import time
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import Case
from cases.public.filters import CaseFilter
from tests.api_data import plant
from tests.visibility import surfaces
from tracker.api import router

EXAMPLES_PER_ROLE = 120
SECONDS_PER_ROLE = 30
# Swept one parameter at a time on every page that reads filters, before the random combinations.
SWEEP = ["\x00", "\ud800", "99999999999999999999", "9999-12-31T23:59:59-23:59"]

HOSTILE = [
    "\x00", "a\x00b", "\ud800", "\udfff", "\u202etxt.exe", "\u200f\u202b", "x" * 10_240, "",
    "-1", "0", "99999999999999999999", "-99999999999999999999", "1e309", "NaN", "inf", "2019.5",
    "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59", "0000-00-00", "2019-02-30", "2019-13-01",
    "0001-01-01", "9999-12-31", "10000-01-01", "2019-03-10T25:61", "' OR 1=1 --", "<script>", "%00", "../..",
]  # fmt: skip
GENERIC_PARAMS = ["page", "q", "next", "format", "ordering", "search", "sort", "lang", "term"]


def filterset_params() -> dict[str, list[str]]:
    """Each API list's query parameters, by its URL prefix, from its viewset's filterset."""
    params = {}
    for prefix, viewset, _basename in router.registry:
        filterset = getattr(viewset, "filterset_class", None)
        names = list(filterset.base_filters) if filterset else []
        params[f"/api/v1/{prefix}/"] = names
    return params


def page_urls(case: Case) -> list[str]:
    world = surfaces.World(users={}, cases={"published": case})
    world.add("case", case.slug, case, "public")
    for kind in ("person", "organization", "article", "source"):
        world.add(kind, surfaces.MISSING_SLUG, case, "public")
    found, _skipped = surfaces.resolver_surfaces(world)
    return sorted({surface.url for surface in found})


def hostile_value() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(HOSTILE),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.text(max_size=40),
        st.dates().map(str),
    )


def query_string(params: dict[str, str]) -> str:
    # Encoded byte-wise as a hostile client would send them: a lone surrogate is not valid UTF-8.
    return "&".join(
        f"{quote(name)}={quote(value.encode('utf-8', 'surrogatepass'), safe='')}" for name, value in params.items()
    )


def role_client(role: str, request) -> Client:
    # Off, so these requests leave no throttle history behind for the tests that follow.
    request.getfixturevalue("settings").API_ANON_RATE = None
    client = Client()
    if role == "editor":
        client.force_login(request.getfixturevalue("editor"))
    return client


@pytest.mark.parametrize(("role", "pages"), [("anonymous", ["/", *filterset_params()]), ("editor", ["/staff/"])])
def test_every_filter_parameter_with_each_hostile_value(role, pages, case, request, record_property):
    client = role_client(role, request)
    api_params = filterset_params()
    tried = 0
    for url in pages:
        for name in [*api_params.get(url, list(CaseFilter.base_filters)), "page"]:
            for value in SWEEP:
                tried += 1
                response = client.get(f"{url}?{query_string({name: value})}")
                assert response.status_code < 500, (url, name, value)
    record_property("fuzz", f"query-parameter sweep ({role}): {tried} requests over {len(pages)} pages")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ["anonymous", "editor"])
def test_hostile_query_parameters_never_give_a_server_error(role, case, request, record_property):
    client = role_client(role, request)
    plant(case)
    api_params = filterset_params()
    urls = page_urls(case) + list(api_params)
    case_list_params = list(CaseFilter.base_filters)
    filtered = ["/", "/staff/", *api_params]
    deadline = time.monotonic() + SECONDS_PER_ROLE
    tried = 0

    def names_for(url: str) -> list[str]:
        return api_params.get(url, case_list_params) + GENERIC_PARAMS

    @settings(max_examples=EXAMPLES_PER_ROLE, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def fuzz(data):
        nonlocal tried
        if time.monotonic() > deadline:
            return
        # Pages that read filters are drawn more often: that is where parameters are parsed.
        url = data.draw(st.one_of(st.sampled_from(filtered), st.sampled_from(urls)), label="url")
        params = data.draw(st.dictionaries(st.sampled_from(names_for(url)), hostile_value(), min_size=1, max_size=4))
        tried += 1
        response = client.get(f"{url}?{query_string(params)}")
        assert response.status_code < 500, (url, params, response.status_code)

    fuzz()
    record_property("fuzz", f"query-parameter fuzzing ({role}): {tried} requests over {len(urls)} URLs")
    assert tried >= min(EXAMPLES_PER_ROLE, 50)
