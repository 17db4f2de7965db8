"""The strict CSP in a real headless chromium: the admin and the account pages work with zero violations."""

import pytest
from django.urls import reverse

from tests.browser_csp import CHROMIUM_ARGS, csp_problems, watch_csp, xss_alerts
from tests.conftest import CHROMIUM
from tests.factories import TEST_PASSWORD, CaseFactory, EventFactory, ParticipantFactory
from tests.signin import current_code
from tests.xss_payloads import PAYLOADS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(request) -> str:
    # Django's live server cannot start with MEDIA_URL = None (uploads are never served by URL).
    from django.conf import settings

    media_url = settings.MEDIA_URL
    settings.MEDIA_URL = "/test-media-never-served/"
    try:
        return request.getfixturevalue("live_server").url
    finally:
        settings.MEDIA_URL = media_url


@pytest.fixture
def browser_page(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's ORM calls are plain sync code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        yield watch_csp(context.new_page())
        context.close()
        browser.close()


def sign_in(page, site: str, username: str, code: str = "") -> None:
    page.goto(site + reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    if code:
        page.fill("#id_otp_token", code)
    page.click("input[type=submit]")
    page.wait_for_load_state("networkidle")


def test_admin_works_under_the_csp(browser_page, site, editor):
    page = browser_page
    text = "\n".join(PAYLOADS)
    case = CaseFactory(title="Detention of a test person", summary=text, internal_notes=text)
    event = EventFactory(case=case, description=text)
    ParticipantFactory(case=case)
    sign_in(page, site, "editor")
    assert page.locator("#site-name").count() == 1, page.content()
    for url in [
        reverse("admin:index"),
        reverse("admin:cases_case_changelist"),
        reverse("admin:cases_case_change", args=[case.pk]),
        reverse("admin:cases_event_change", args=[event.pk]),
        reverse("admin:cases_case_add"),
        reverse("admin:tracker_securityevent_changelist"),
    ]:
        response = page.goto(site + url)
        assert response.status == 200, url
        page.wait_for_load_state("networkidle")
    # The admin's own scripts ran (they are files, allowed): the inline "add another" links exist.
    page.goto(site + reverse("admin:cases_case_change", args=[case.pk]))
    page.wait_for_load_state("networkidle")
    assert page.locator(".add-row a").count() > 0
    assert xss_alerts(page) == []
    assert csp_problems(page) == []


def test_two_factor_setup_page_under_the_csp(browser_page, site, staff_member, settings):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.TRACKER_REQUIRE_2FA = True
    page = browser_page
    sign_in(page, site, "staff")
    assert "/accounts/two-factor/" in page.url
    assert page.locator("figure.qr svg").count() == 1
    device = TOTPDevice.objects.get(user=staff_member)
    page.fill("#id_code", current_code(device))
    page.click("form:has(#id_code) button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator(".recovery-codes li").count() == 10
    page.goto(site + reverse("admin:index"))
    assert page.locator("#site-name").count() == 1
    assert csp_problems(page) == []


def test_headers_reach_the_browser(browser_page, site):
    response = browser_page.goto(site + reverse("admin:login"))
    headers = response.all_headers()
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"].startswith("no-store")


@pytest.mark.urls("tests.security_urls")
def test_the_detector_sees_an_inline_script_blocked(browser_page, site):
    page = browser_page
    page.goto(site + "/test-inline-script/")
    page.wait_for_load_state("networkidle")
    assert page.title() != "ran"
    problems = " ".join(csp_problems(page))
    assert "script-src" in problems and "style-src" in problems
