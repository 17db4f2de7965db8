"""Take a capture: fetch the document, render it in headless Chromium, keep every byte the browser loaded.

Nothing here touches the database: Playwright's sync API runs an event loop in this
thread, and the caller (cases/evidence/services.py) stores the result once the browser
has gone. The browser never reaches the network by itself: every request it makes is
answered here, after cases/evidence/addresses.py has checked its address, redirects
included (a redirect is handed back to the browser, whose next request comes here again).
"""

from __future__ import annotations

import contextlib
import re
import time
from dataclasses import dataclass, field
from importlib.metadata import version
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from cases.evidence.addresses import check_url
from cases.evidence.errors import CaptureFailed
from cases.evidence.fetch import Hop, fetch_document
from cases.evidence.warc import WIRE_HEADERS, build_warc

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@dataclass
class Taken:
    """Everything one capture took, in memory, ready to be hashed and stored."""

    hops: list[Hop]
    resources: list[Hop]
    blocked: list[str]
    snapshot: bytes  # MHTML: the rendered page and its resources in one file
    screenshot: bytes
    pdf: bytes
    warc: bytes
    method: str

    @property
    def final(self) -> Hop:
        return self.hops[-1]


@dataclass
class _Browsing:
    document: Hop
    budget: int
    deadline: float
    resources: list[Hop] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    over_size: bool = False
    served_document: bool = False
    hosts: dict[str, bool] = field(default_factory=dict)

    def host_allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.hostname}"
        if key not in self.hosts:
            try:
                check_url(url)
                self.hosts[key] = True
            except CaptureFailed:
                self.hosts[key] = False
        return self.hosts[key]


def _wire_free(headers: list[tuple[str, str]]) -> dict[str, str]:
    return {name: value for name, value in headers if name.lower() not in WIRE_HEADERS}


def _answer(browsing: _Browsing, route, request) -> None:
    """Every request the page makes: the document from our own fetch, the rest checked, fetched and counted."""
    if not browsing.served_document and request.url == browsing.document.url:
        browsing.served_document = True
        document = browsing.document
        route.fulfill(status=document.status, headers=_wire_free(document.headers), body=document.body)
        return
    if request.is_navigation_request() and request.frame.parent_frame is None:
        # The page may not take the browser elsewhere (script or meta refresh): we capture what the URL gave.
        route.abort("blockedbyclient")
        return
    if not browsing.host_allowed(request.url) or browsing.over_size:
        browsing.blocked.append(request.url)
        route.abort("blockedbyclient")
        return
    timeout = max(1000, (browsing.deadline - time.monotonic()) * 1000)
    response = route.fetch(max_redirects=0, timeout=timeout)
    body = response.body()
    browsing.budget -= len(body)
    if browsing.budget < 0:
        browsing.over_size = True
        route.abort("blockedbyclient")
        return
    headers = list(response.headers.items())
    browsing.resources.append(Hop(request.url, response.status, response.status_text, headers, body))
    route.fulfill(status=response.status, headers=_wire_free(headers), body=body)


def _guarded(browsing: _Browsing):
    def handler(route, request) -> None:
        try:
            _answer(browsing, route, request)
        except Exception:  # a resource that fails is left out, as a browser would
            browsing.blocked.append(request.url)
            # Already answered, or the page has gone: nothing left to tell the browser.
            with contextlib.suppress(Exception):
                route.abort("failed")

    return handler


def _no_sockets(browsing: _Browsing):
    # A WebSocket goes around the request routing above and could reach any address the worker
    # can; none is opened. Left unconnected, the route answers the page itself, then closes.
    def handler(socket) -> None:
        browsing.blocked.append(socket.url)
        socket.close()

    return handler


def _render(browsing: _Browsing) -> tuple[bytes, bytes, bytes, str]:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=settings.EVIDENCE_CHROMIUM_PATH, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
            context.route("**/*", _guarded(browsing))
            context.route_web_socket(re.compile(".*"), _no_sockets(browsing))
            page = context.new_page()
            timeout = max(1000, (browsing.deadline - time.monotonic()) * 1000)
            page.goto(browsing.document.url, wait_until="load", timeout=timeout)
            snapshot = context.new_cdp_session(page).send("Page.captureSnapshot", {"format": "mhtml"})["data"]
            screenshot = page.screenshot(full_page=True, timeout=timeout)
            pdf = page.pdf(print_background=True)
            return snapshot.encode(), screenshot, pdf, browser.version
        except PlaywrightTimeout as error:
            raise CaptureFailed(_("The page did not finish loading within the time limit.")) from error
        except PlaywrightError as error:
            raise CaptureFailed(
                _("The browser could not load the page: %(error)s") % {"error": error.message}
            ) from error
        finally:
            browser.close()


def method_description(browser_version: str) -> str:
    return (
        f"case tracker capture: own HTTP fetch, then headless Chromium {browser_version} "
        f"driven by Playwright {version('playwright')}; WARC by warcio {version('warcio')}"
    )


def take(url: str) -> Taken:
    """Capture `url`; CaptureFailed (AddressRefused for a forbidden address) when it cannot be done whole."""
    max_bytes = settings.EVIDENCE_CAPTURE_MAX_BYTES
    time_limit = settings.EVIDENCE_CAPTURE_TIME_LIMIT
    deadline = time.monotonic() + time_limit
    hops = fetch_document(url, max_bytes=max_bytes, time_limit=time_limit)
    browsing = _Browsing(document=hops[-1], budget=max_bytes - len(hops[-1].body), deadline=deadline)
    snapshot, screenshot, pdf, browser_version = _render(browsing)
    if browsing.over_size:
        raise CaptureFailed(_("The page is larger than the limit of %(limit)s bytes.") % {"limit": max_bytes})
    method = method_description(browser_version)
    warc = build_warc(hops, browsing.resources, software=method)
    return Taken(hops, browsing.resources, browsing.blocked, snapshot, screenshot, pdf, warc, method)
