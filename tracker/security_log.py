"""The security log: one call, `security_log(kind, ...)`, from anywhere that does something sensitive.

Sign-ins, failures, lock-outs and session ends are written by tracker.signals, permission
denials by tracker.middleware, exports of non-public data by the views that export.
Reads of restricted records have their own log (cases/history/read_log.py).
Never put a restricted record's content in `detail`: name it by kind and id/slug.
"""

from __future__ import annotations

import ipaddress
import logging

from django.conf import settings

from tracker.models import SecurityEvent

logger = logging.getLogger("tracker.security")
Kind = SecurityEvent.Kind


def client_ip(request) -> str | None:
    """The client's address; behind N trusted proxies, the Nth X-Forwarded-For entry from the right.

    Taking the left-most entry would let a client write any address it likes into the lock-out
    counters and the log, so only entries appended by our own proxies are believed.
    """
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRACKER_TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies > 0 and len(forwarded) >= proxies:
        address = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def security_log(
    kind: str,
    request=None,
    user=None,
    username: str = "",
    detail: str = "",
) -> SecurityEvent:
    """Record one security event; `user` defaults to the request's signed-in user."""
    if user is None and request is not None:
        request_user = getattr(request, "user", None)
        if request_user is not None and request_user.is_authenticated:
            user = request_user
    if user is not None and not username:
        username = user.get_username()
    event = SecurityEvent.objects.create(
        kind=kind,
        user=user if user is not None and user.pk else None,
        username=username[:150],
        ip=client_ip(request),
        path=(request.path[:300] if request is not None else ""),
        detail=detail,
    )
    logger.info("security %s user=%s ip=%s path=%s %s", kind, username, event.ip, event.path, detail)
    return event
