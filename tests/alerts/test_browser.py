"""The public subscription flow in a real headless chromium: subscribe, confirm, unsubscribe."""

import re

import pytest
from django.urls import reverse

from cases.models import Subscription
from tests.browser_csp import CHROMIUM_ARGS, csp_problems, watch_csp
from tests.conftest import CHROMIUM
from tests.factories import CaseFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def page(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running; the test's own ORM calls are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
        )
        yield watch_csp(browser.new_page())
        browser.close()


@pytest.fixture
def site(transactional_db):
    """The real WSGI app on a local port. (pytest-django's live_server cannot start while the
    foundation's MEDIA_URL is None: Django's media handler in the live server needs a string.)"""
    import threading
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    from django.core.wsgi import get_wsgi_application

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    from django.db import connections

    wsgi = get_wsgi_application()

    def app(environ, start_response):
        try:
            return list(wsgi(environ, start_response))
        finally:
            connections.close_all()  # this thread's connections would block dropping the test database

    server = make_server("127.0.0.1", 0, app, handler_class=QuietHandler)

    def serve():
        server.serve_forever()
        connections.close_all()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)
    server.server_close()


def orm(query):
    """Run ORM calls on a plain thread: under Playwright's running loop they would get a
    connection of their own that nothing closes, and the test database could not be dropped."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    def run():
        try:
            return query()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run).result()


def test_reader_subscribes_confirms_and_unsubscribes(site, page, mailoutbox):
    orm(lambda: CaseFactory(slug="bilash", title="Detention of Serikzhan Bilash (2019)"))
    page.goto(site + reverse("alerts:subscribe_case", args=["bilash"]))
    assert "Detention of Serikzhan Bilash (2019)" in page.inner_text("main")
    page.fill("main input[name=email]", "reader@example.org")
    page.select_option("main select[name=language]", "ru")
    page.click("button:has-text('Subscribe')")
    assert page.inner_text("h1") == "Almost done"

    [confirmation] = mailoutbox
    confirm_path = re.search(r"(/alerts/confirm/[^/\s]+/)", confirmation.body).group(1)
    page.goto(site + confirm_path)
    assert orm(lambda: Subscription.objects.get().confirmed_at) is None  # opening the link confirms nothing
    page.click("button:has-text('Confirm')")
    assert page.inner_text("h1") == "Subscription confirmed"
    subscription = orm(Subscription.objects.get)
    assert subscription.confirmed_at is not None and subscription.language == "ru"

    page.goto(site + reverse("alerts:unsubscribe", args=[subscription.token]))
    page.click("button:has-text('Unsubscribe')")
    assert page.inner_text("h1") == "Unsubscribed"
    assert orm(lambda: Subscription.objects.get().unsubscribed_at) is not None
    assert csp_problems(page) == []
