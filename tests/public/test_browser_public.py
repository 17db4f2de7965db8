"""The public site in Debian's chromium: axe on every page, a visitor subscribing, a phone, Russian and Kazakh."""

import re

import pytest
from django.core import mail

from cases.alerts.tasks import deliver_notifications
from cases.models import Notification, Subscription
from tests.browser.axe import axe_violations, describe
from tests.browser_csp import csp_problems
from tests.case_data import build_bilash_case
from tests.factories import OrganizationFactory, ParticipantFactory, PersonFactory
from tests.public.test_browser import ARTIFACTS, page, site  # noqa: F401 - fixtures
from tests.public.test_site_pages import public_addresses

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def build_site():
    case = build_bilash_case()
    atajurt = OrganizationFactory(name="Atajurt Volunteers", slug="atajurt", kind="ngo")
    ParticipantFactory(case=case, person=PersonFactory(name="Aiman Umarova"), role="lawyer", organization=atajurt)
    return case


def test_every_public_page_has_no_wcag_22_aa_violation_in_each_language(site, page):  # noqa: F811
    case = build_site()
    addresses = [*public_addresses(case), "/organizations/atajurt/", "/cases/no-such-case/"]
    problems = {}
    for language in ("en", "ru", "kk"):
        page.context.set_extra_http_headers({"Accept-Language": language})
        for address in addresses:
            page.goto(site + address)
            assert page.locator("html").get_attribute("lang") == language, address
            found = axe_violations(page)
            if found:
                problems[f"{language} {address}"] = describe(found)
    assert problems == {}
    assert csp_problems(page) == []


def test_a_visitor_subscribes_from_a_case_page(site, page):  # noqa: F811
    case = build_site()
    page.goto(site + f"/cases/{case.slug}/")
    page.locator("article.case header").get_by_role("link", name="Get email alerts").click()
    assert page.url.endswith("#alerts")
    block = page.locator("aside.alerts-block")
    assert block.locator("h2").inner_text() == "Get email alerts"
    block.get_by_role("link", name="Email me about this case").click()
    assert page.locator("h1").inner_text() == "Email alerts"
    assert page.locator("nav.site-nav").is_visible()  # the subscribe page is part of the site
    page.fill("#id_email", "reader@example.org")
    page.get_by_role("button", name="Subscribe").click()
    assert page.locator("h1").inner_text() == "Almost done"
    subscription = Subscription.objects.get(email="reader@example.org")
    assert (subscription.case, subscription.confirmed_at) == (case, None)

    # The worker's job, run here: the confirmation the request put in the outbox (which the embedded
    # default's eager tasks may already have sent), whose link the visitor follows.
    owed = Notification.objects.filter(subscription=subscription, kind="confirmation", state="pending")
    deliver_notifications(list(owed.values_list("pk", flat=True)))
    bodies = "\n".join(message.body for message in mail.outbox)
    link = re.search(r"https?://\S+/alerts/confirm/\S+/", bodies).group(0)
    page.goto(site + link[link.index("/alerts/") :])
    page.get_by_role("button", name="Confirm").click()
    assert page.locator("h1").inner_text() == "Subscription confirmed"
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None
    assert csp_problems(page) == []


def test_on_a_phone_the_list_starts_on_the_first_screen_and_charts_are_legible(site, page):  # noqa: F811
    case = build_site()
    page.set_viewport_size({"width": 375, "height": 667})
    for address in [*public_addresses(case), "/organizations/atajurt/"]:
        page.goto(site + address)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, address

    page.goto(site + "/")
    first_row = page.locator("table.cases tbody tr").first.bounding_box()
    assert first_row["y"] < 667, "the filter form fills the first screen"
    page.screenshot(path=ARTIFACTS / "phone-list.png", full_page=True)

    page.goto(site + "/stats/")
    heights = page.locator(".bar-label").evaluate_all(
        "labels => labels.map(l => parseFloat(getComputedStyle(l).fontSize) * (l.getBoundingClientRect().height > 0))"
    )
    assert heights and min(heights) >= 12, heights
    # The data tables wait behind "Show data": closed, so each chart is not repeated on screen.
    assert page.locator("details.chart-data table").first.is_visible() is False
    page.locator("details.chart-data summary").first.click()
    assert page.locator("details.chart-data table").first.is_visible()
    assert page.locator(".bar-label").filter(has_text="March 2019").count() == 1
    page.screenshot(path=ARTIFACTS / "phone-stats.png", full_page=True)


@pytest.mark.parametrize(
    ("language", "cases_word", "status_word", "name"),
    [("ru", "Дела", "задержан", "Серикжан Билаш"), ("kk", "Істер", "ұсталған", "Серікжан Біләш")],
)
def test_the_reader_switches_to_russian_or_kazakh(site, page, language, cases_word, status_word, name):  # noqa: F811
    case = build_site()
    page.goto(site + f"/cases/{case.slug}/")
    page.select_option("#language", language)
    page.click(".language-switcher button")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("nav.site-nav a").first.inner_text() == cases_word
    assert status_word in page.locator(".status .badge").inner_text()
    assert page.locator("ul.people a").first.inner_text() == name
    # Records stay in the language they were entered in.
    assert page.locator("h1").inner_text() == case.title
    page.screenshot(path=ARTIFACTS / f"case-{language}.png", full_page=True)
    violations = axe_violations(page)
    assert violations == [], describe(violations)
