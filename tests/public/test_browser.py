"""The public site and the lawyers' timeline in a real headless chromium (Debian's, never downloaded)."""

import os
from pathlib import Path

import pytest

from tests.browser_csp import CHROMIUM_ARGS, csp_problems, watch_csp
from tests.case_data import build_bilash_case
from tests.conftest import CHROMIUM
from tests.factories import TEST_PASSWORD, CaseFactory, TeamMemberFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ROOT / "docs" / "screenshots"


def save_for_readme(page, name: str) -> None:
    """README screenshots are committed, so they are rewritten only when asked (UPDATE_SCREENSHOTS=1)."""
    page.screenshot(path=ARTIFACTS / name, full_page=True)
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        page.screenshot(path=SCREENSHOTS / name, full_page=True)


@pytest.fixture
def site(request) -> str:
    """live_server's address. Django's live server wraps a media handler that cannot take the
    project's MEDIA_URL = None (uploads are never served by URL), so it gets a placeholder while
    it starts; nothing is uploaded or served under it in these tests."""
    from django.conf import settings

    media_url = settings.MEDIA_URL
    settings.MEDIA_URL = "/test-media-never-served/"
    try:
        server = request.getfixturevalue("live_server")
        return server.url
    finally:
        settings.MEDIA_URL = media_url


@pytest.fixture
def page(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes are plain sync code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1000, "height": 800})
        yield watch_csp(context.new_page())
        context.close()
        browser.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_public_site_and_printed_timeline(site, page):
    from tests.factories import role_group

    case = build_bilash_case()
    CaseFactory(title="Detention of Aigerim Tleuzhan (2020)", country="UZ")
    lawyer = UserFactory(username="browser-lawyer")
    lawyer.groups.add(role_group("Lawyers"))
    TeamMemberFactory(case=case, user=lawyer, role="lawyer")

    page.goto(site + "/")
    assert page.locator("h1").inner_text() == "Documented detention cases"
    page.screenshot(path=ARTIFACTS / "01-list.png", full_page=True)

    page.fill("#id_q", "Билаш")
    page.click("form.filters button[type=submit]")
    assert "q=%D0%91" in page.url  # the filter is in the shareable address
    assert page.locator("table.cases tbody tr").count() == 1
    page.screenshot(path=ARTIFACTS / "02-filtered.png", full_page=True)

    page.click(f"text={case.title}")
    assert page.url.endswith(f"/cases/{case.slug}/")
    page.screenshot(path=ARTIFACTS / "03-case.png", full_page=True)
    save_for_readme(page, "case-page.png")

    # On a phone: nothing wider than the screen, so no sideways scrolling.
    page.set_viewport_size({"width": 390, "height": 844})
    for url in ("/", f"/cases/{case.slug}/"):
        page.goto(site + url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
    page.screenshot(path=ARTIFACTS / "03-case-phone.png", full_page=True)
    page.set_viewport_size({"width": 1000, "height": 800})

    page.locator("sup.cite a").first.click()
    assert page.url.endswith("#source-1")
    assert page.locator("#source-1").evaluate("el => el.matches(':target')")

    page.select_option("#language", "ru")
    page.click(".language-switcher button")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.url.endswith(f"/cases/{case.slug}/") or "#source-1" in page.url
    page.screenshot(path=ARTIFACTS / "04-case-ru.png", full_page=True)

    for url in ("/stats/", "/search/?q=Bilash", "/data/"):
        assert page.goto(site + url).status == 200, url

    timeline = f"/staff/cases/{case.slug}/timeline/"
    page.goto(site + timeline)
    assert "/accounts/login/" in page.url
    page.fill("#id_username", "browser-lawyer")
    page.fill("#id_password", TEST_PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_url(f"**{timeline}")
    assert page.locator("table.timeline-table tbody tr").count() >= 6
    page.screenshot(path=ARTIFACTS / "05-timeline.png", full_page=True)

    page.select_option("#language", "en")
    page.click(".language-switcher button")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"

    page.emulate_media(media="print")
    assert not page.locator("form.filters").is_visible()
    assert page.locator("table.timeline-table").is_visible()
    page.screenshot(path=ARTIFACTS / "06-timeline-print.png", full_page=True)
    save_for_readme(page, "timeline-print.png")
    pdf = page.pdf(path=ARTIFACTS / "timeline.pdf", format="A4")
    assert pdf.startswith(b"%PDF")
    # Every public page above and the timeline ran under the strict policy without tripping it.
    assert csp_problems(page) == []
