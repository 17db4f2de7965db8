"""A live server and Debian's headless chromium (never downloaded) for the browser tests here."""

import pytest

from tests.browser_csp import CHROMIUM_ARGS, watch_csp
from tests.conftest import CHROMIUM


@pytest.fixture
def site(request) -> str:
    """live_server's address. Django's live server wraps a media handler that cannot take the
    project's MEDIA_URL = None (uploads are never served by URL), so it gets a placeholder while
    it starts; nothing is uploaded or served under it in these tests."""
    from django.conf import settings

    media_url = settings.MEDIA_URL
    settings.MEDIA_URL = "/test-media-never-served/"
    try:
        return request.getfixturevalue("live_server").url
    finally:
        settings.MEDIA_URL = media_url


@pytest.fixture
def page(monkeypatch):
    """A laptop-sized page (1366 x 768, the most common staff screen) with CSP violations collected."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes are plain sync code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-GB")
        yield watch_csp(context.new_page())
        context.close()
        browser.close()
