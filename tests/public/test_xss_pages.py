"""Every XSS payload, planted in every field staff write, stays inert on every page that shows it.

Each planted text is wrapped in two marker words; the test takes what each page made of the text
between them (whether Markdown, escaped text, an attribute or a feed entry) and checks it with
`inert()`. Counting the regions proves the field was really on the page, not silently dropped.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.services.status import case_change_status
from tests.factories import (
    CaseFactory,
    CitationFactory,
    CourtRulingFactory,
    EventFactory,
    OrganizationFactory,
    ParticipantFactory,
    PersonFactory,
    SourceFactory,
    TeamMemberFactory,
)
from tests.xss_payloads import PAYLOADS, inert, markup_problems

BEGIN, END = "xssbegin", "xssend"
# From a BEGIN to the nearest END with no other BEGIN between: a text cut short (a truncated
# meta description) has no END of its own and must not swallow the page's markup up to the next one.
REGION = re.compile(rf"{BEGIN}((?:(?!{BEGIN}).)*?){END}", re.DOTALL)
ALL_PAYLOADS = "\n\n".join(PAYLOADS)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Thirty-odd tests make users; the production hasher would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def prose(payload: str) -> str:
    """Markdown fields: the payload as its own block, so block-level tricks are tried too."""
    return f"{BEGIN}\n\n{payload}\n\n{END}"


def line(payload: str) -> str:
    return f"{BEGIN} {payload} {END}"


def plant(payload: str, lawyer, staff_member):
    """A published case whose every staff-written field, and its people's, holds the payload."""
    case = CaseFactory(
        title=line(payload)[:250],
        summary=prose(payload),
        how_to_help=prose(payload),
        internal_notes=prose(payload),
    )
    TeamMemberFactory(case=case, user=staff_member, role="staff")
    TeamMemberFactory(case=case, user=lawyer, role="lawyer")
    person = PersonFactory(name=line(payload)[:200], description=prose(payload))
    court = OrganizationFactory(name=line(payload)[:200], description=prose(payload), kind="court")
    ParticipantFactory(case=case, person=person, organization=court)
    source = SourceFactory(title=line(payload)[:300], notes=prose(payload))
    event = EventFactory(case=case, title=line(payload)[:200], description=prose(payload))
    CitationFactory(source=source, event=event)
    CourtRulingFactory(case=case, court=court, defendant=person, summary=prose(payload))
    case_change_status(case=case, status="convicted", by=staff_member, note=prose(payload))
    return case, person


def regions(html: str) -> list[str]:
    return REGION.findall(html)


def assert_inert(html: str, url: str, at_least: int) -> None:
    found = regions(html)
    assert len(found) >= at_least, (url, len(found))
    for region in found:
        assert inert(region), (url, markup_problems(region), region)


def public_pages(case, person) -> list[tuple[str, int]]:
    """(address, how many planted texts it must show at least)."""
    return [
        (reverse("cases:list"), 1),
        (reverse("cases:detail", kwargs={"slug": case.slug}), 6),
        (reverse("people:detail", kwargs={"slug": person.slug}), 2),
        (reverse("cases:stats"), 0),
        (reverse("search:search") + "?" + urlencode({"q": BEGIN}), 2),
        (reverse("search:search") + "?" + urlencode({"q": case.title}), 2),
        (reverse("cases:feed"), 1),
        (reverse("cases:case-feed", kwargs={"slug": case.slug}), 1),
        (reverse("cases:sitemap"), 0),
        (reverse("open_data:index"), 0),
        (reverse("alerts:subscribe_case", kwargs={"slug": case.slug}), 1),
    ]


def staff_pages(case) -> list[tuple[str, int]]:
    return [
        (reverse("cases:staff-list"), 1),
        (reverse("cases:staff-timeline", kwargs={"slug": case.slug}), 6),
        (reverse("cases:staff-preview", kwargs={"slug": case.slug}), 6),
        (reverse("cases:staff-publication", kwargs={"slug": case.slug}), 1),
        (reverse("history:case", kwargs={"slug": case.slug}), 1),
    ]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_inert_on_every_page(db, client, lawyer, staff_member, payload):
    case, person = plant(payload, lawyer, staff_member)
    for url, at_least in public_pages(case, person):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode(), url, at_least)
    client.force_login(staff_member)
    for url, at_least in staff_pages(case):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode(), url, at_least)


def test_all_payloads_together_stay_inert(db, client, lawyer, staff_member):
    # One text holding every payload: a quirk of one (an open comment, a stray backtick) must not unlock the next.
    case, person = plant(ALL_PAYLOADS, lawyer, staff_member)
    for url in (reverse("cases:detail", kwargs={"slug": case.slug}), person.get_absolute_url()):
        assert_inert(client.get(url).content.decode(), url, 1)
    client.force_login(lawyer)
    url = reverse("cases:staff-timeline", kwargs={"slug": case.slug})
    assert_inert(client.get(url).content.decode(), url, 4)


def test_markdown_still_renders_safe_formatting(db, client, lawyer, staff_member):
    case, _person = plant("**bold** and [a link](https://ok.example/)", lawyer, staff_member)
    html = client.get(case.get_absolute_url()).content.decode()
    assert "<strong>bold</strong>" in html
    assert '<a href="https://ok.example/" rel="nofollow noopener noreferrer">a link</a>' in html


def test_exports_are_never_served_as_html(db, client, lawyer, staff_member):
    """The open data keeps the text as written (it is data), so it must never be sniffed into a page."""
    plant(PAYLOADS[0], lawyer, staff_member)
    for url in (reverse("open_data:json"), reverse("open_data:csv", kwargs={"table": "cases"})):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response["Content-Type"].startswith("text/html"), url
        assert response["X-Content-Type-Options"] == "nosniff"
        assert BEGIN in response.content.decode(), url


def test_payloads_cost_no_extra_query(db, client, lawyer, staff_member):
    # Rendering Markdown reads nothing: the same pages with plain words cost exactly as many queries.
    def counts(text: str) -> list[int]:
        case, person = plant(text, lawyer, staff_member)
        urls = [case.get_absolute_url(), person.get_absolute_url(), reverse("cases:staff-timeline", args=[case.slug])]
        client.force_login(lawyer)
        client.get(reverse("cases:staff-list"))  # warms the session
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, url
            result.append(len(queries))
        client.logout()
        return result

    assert counts(ALL_PAYLOADS) == counts("Plain words, no markup.")
