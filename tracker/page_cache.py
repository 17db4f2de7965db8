"""A server-side cache of anonymous public pages, emptied by any write to what they show.

Public pages are the same for every anonymous visitor, and rendering a case with 200
timeline entries costs far more than serving it. So `public_page` keeps each rendered
page in the shared cache, keyed by a *content version*, the language, the day (so that
nothing a template computes from the date outlives it) and the address.

Correctness rests on one rule, enforced below the ORM rather than by each service:
every INSERT, UPDATE or DELETE that Django sends, on any table but the few public pages
never read (sessions, the alert outbox, logs), replaces the content version once its
transaction commits. Saves, queryset updates, bulk creates and raw SQL through Django's
connection are all seen; the rest (a restore through pg_restore, the benchmark's COPY)
calls `invalidate()` itself. A stale page can therefore only outlive its data by the
moment between a commit and the version write, and never by more than
TRACKER_PAGE_CACHE_SECONDS.

The same decorator serves anonymous API reads (cases/api/base.py).

What is never cached: anything for a visitor with a session or pending messages (a
signed-in user, someone mid-way through a form), credentials in the request, errors,
and responses that set cookies. The one per-visitor part of a public page, the CSRF
token of the language switcher, is cut out before storing and put back per response.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connections, transaction
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

log = logging.getLogger(__name__)
VERSION_KEY = "page-cache-version"
TOKEN_SLOT = b"\x00csrf-token\x00"
_TOKEN_VALUE = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
# Tables public pages never read; writes to them leave cached pages alone. Anything not
# listed counts as content: a table added later invalidates pages until someone says otherwise.
QUIET_TABLES = frozenset(
    {
        "django_session",
        "django_admin_log",
        "cases_notification",
        "cases_subscription",
        "cases_webhookendpoint",
        "cases_restrictedread",
        "tracker_securityevent",
        "authtoken_token",
    }
)
QUIET_PREFIXES = ("axes_", "otp_")
_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([\w.]+)"?', re.IGNORECASE)


def enabled() -> bool:
    return settings.TRACKER_PAGE_CACHE_SECONDS > 0


def invalidate() -> None:
    """Every cached page is stale from now on (they expire unread)."""
    if not enabled():
        return
    try:
        cache.set(_prefix() + VERSION_KEY, time.time_ns(), None)
    except Exception:
        # The write itself has committed and must not fail for this; pages already cached
        # may be served until they expire (TRACKER_PAGE_CACHE_SECONDS).
        log.exception("page cache: the content version could not be replaced")


def _prefix() -> str:
    # Test workers and the benchmark share one Redis with other databases: never each other's pages.
    return f"{connections['default'].settings_dict['NAME']}:"


def _version() -> int:
    key = _prefix() + VERSION_KEY
    version = cache.get(key)
    if version is None:  # evicted or never set: start a new generation
        version = time.time_ns()
        if not cache.add(key, version, None):
            version = cache.get(key, version)
    return version


def _cacheable(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        # Costs no query without a session; closes the door on any other way of signing in.
        and not request.user.is_authenticated
    )


def _key(request: HttpRequest, version: int) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    day = timezone.localdate().isoformat()
    # The API negotiates its format (JSON, CSV, the browsable HTML) on Accept.
    accept = request.META.get("HTTP_ACCEPT", "")
    digest = hashlib.sha256(f"{request.LANGUAGE_CODE}|{day}|{accept}|{address}".encode()).hexdigest()
    return f"{_prefix()}page:{version}:{digest}"


def _storable(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "no-store" not in response.get("Cache-Control", "")
    )


def public_page(view):
    """Serve `view` from the cache to anonymous visitors; see the module docstring."""

    @functools.wraps(view)
    def cached_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not enabled() or not _cacheable(request):
            return view(request, *args, **kwargs)
        try:
            version = _version()  # read before rendering: a write meanwhile stores under the old version
            key = _key(request, version)
            stored = cache.get(key)
        except Exception:
            # Redis down: the page is rendered as if there were no cache, never an error.
            log.warning("page cache: unavailable, rendering %s", request.path, exc_info=True)
            return view(request, *args, **kwargs)
        if stored is not None:
            return _from_stored(request, stored)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if _storable(response):
            content = _TOKEN_VALUE.sub(rb"\1" + TOKEN_SLOT + rb"\2", response.content)
            headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
            try:
                cache.set(key, (content, headers), settings.TRACKER_PAGE_CACHE_SECONDS)
            except Exception:
                log.warning("page cache: could not store %s", request.path, exc_info=True)
        return response

    return cached_view


def _from_stored(request: HttpRequest, stored: tuple[bytes, dict]) -> HttpResponse:
    content, headers = stored
    if TOKEN_SLOT in content:
        content = content.replace(TOKEN_SLOT, get_token(request).encode())
    response = HttpResponse(content)
    for name, value in headers.items():
        response.headers[name] = value
    return response


class _ProcessFragments:
    """A small LRU of rendered fragments in this process's own memory.

    For pages signed-in staff read: their fragments may hold restricted names, which
    must not be copied into Redis (shared, and on some hosts written to disk).
    """

    def __init__(self) -> None:
        self._entries: OrderedDict[tuple, str] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> str | None:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        return None

    def put(self, key: tuple, value: str) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > settings.TRACKER_FRAGMENT_CACHE_ENTRIES:
                self._entries.popitem(last=False)


_fragments = _ProcessFragments()


def private_fragment(key: tuple, render) -> str:
    """`render()`, or its earlier result for the same key, content version and language.

    The key must name everything the fragment depends on besides the data (for a staff
    page: the case and the visibility levels it is rendered for), never the user.
    """
    if not enabled():
        return render()
    try:
        full_key = (_version(), get_language(), *key)
    except Exception:
        log.warning("page cache: unavailable, rendering the fragment", exc_info=True)
        return render()
    fragment = _fragments.get(full_key)
    if fragment is None:
        fragment = render()
        _fragments.put(full_key, fragment)
    return fragment


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if not enabled():
        return result
    match = _WRITE.match(sql)
    if match and _is_content(match.group(1)):
        connection = context["connection"]
        if not connection.in_atomic_block:
            invalidate()
        elif not (connection.run_on_commit and connection.run_on_commit[-1][1] is invalidate):
            # Once per run of writes, not once per row of a bulk import.
            transaction.on_commit(invalidate, using=connection.alias)
    return result


def _is_content(table: str) -> bool:
    table = table.rsplit(".", 1)[-1].strip('"').lower()
    return table not in QUIET_TABLES and not table.startswith(QUIET_PREFIXES)


def _install(sender, connection, **kwargs) -> None:
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


def watch_writes() -> None:
    """Called once at start-up (tracker.apps): every database connection reports its writes."""
    connection_created.connect(_install, dispatch_uid="tracker.page_cache")
    for connection in connections.all(initialized_only=True):
        _install(None, connection)
    # A deploy runs migrate: pages rendered by the old templates go with it.
    post_migrate.connect(lambda **kwargs: invalidate(), weak=False, dispatch_uid="tracker.page_cache.migrate")
