"""Session time-outs, two-factor enforcement, and no caching of anything a signed-in user sees."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from tracker.security_log import Kind, security_log
from tracker.signals import SESSION_LAST_SEEN, SESSION_SIGNED_IN_AT
from tracker.two_factor import SESSION_NEEDS_2FA, is_verified

# Writing the session on every request would cost a query each; a minute's resolution is enough.
LAST_SEEN_RESOLUTION_SECONDS = 60


def _signed_in(request) -> bool:
    # Looking at the session first keeps anonymous public pages free of any user query.
    return SESSION_KEY in request.session and request.user.is_authenticated


class SessionSecurityMiddleware:
    """Ends deactivated users' and timed-out sessions; sends those owing a one-time code to give it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if SESSION_KEY in request.session:
            refused = self.refuse(request)
            if refused is not None:
                return refused
        return self.get_response(request)

    def refuse(self, request):
        user = request.user
        if not user.is_authenticated or not user.is_active:
            # ModelBackend already drops an inactive user; this says so in the log and clears the session.
            security_log(Kind.SESSION_REVOKED, request=request, user=None, detail="inactive or unknown user")
            logout(request)
            return None
        now = int(timezone.now().timestamp())
        session = request.session
        signed_in_at = session.get(SESSION_SIGNED_IN_AT, now)
        last_seen = session.get(SESSION_LAST_SEEN, now)
        if now - last_seen > settings.TRACKER_SESSION_IDLE_SECONDS:
            return self.expire(request, "idle time-out")
        if now - signed_in_at > settings.TRACKER_SESSION_ABSOLUTE_SECONDS:
            return self.expire(request, "absolute time-out")
        if now - last_seen >= LAST_SEEN_RESOLUTION_SECONDS or SESSION_SIGNED_IN_AT not in session:
            session[SESSION_LAST_SEEN] = now
            session.setdefault(SESSION_SIGNED_IN_AT, now)
        if session.get(SESSION_NEEDS_2FA) and not is_verified(user) and not self.exempt(request.path):
            return redirect(f"{reverse('two_factor_setup')}?next={request.path}")
        return None

    def expire(self, request, why: str):
        security_log(Kind.SESSION_EXPIRED, request=request, detail=why)
        logout(request)
        return None

    @staticmethod
    def exempt(path: str) -> bool:
        # Where a user owing a code may still go: to give it, to set it up, or to leave.
        allowed = [
            reverse("admin:login"),
            reverse("admin:logout"),
            reverse("login"),
            reverse("logout"),
            reverse("two_factor_setup"),
            reverse("set_language"),
            settings.STATIC_URL,
        ]
        return any(path.startswith(prefix) for prefix in allowed)


class NoStoreMiddleware:
    """No cache (browser, proxy) keeps a copy of a page carrying non-public data.

    Everything a signed-in user is sent, and every response under a private prefix
    (admin, staff pages, API calls with credentials), is `no-store`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self.private(request):
            add_never_cache_headers(response)
            response.headers["Cache-Control"] = "no-store, no-cache, must-revalidate, max-age=0, private"
        return response

    @staticmethod
    def private(request) -> bool:
        if hasattr(request, "session") and _signed_in(request):
            return True
        if "HTTP_AUTHORIZATION" in request.META:
            return True
        prefixes = [f"/{settings.ADMIN_URL}", "/staff/", "/accounts/"]
        return any(request.path.startswith(prefix) for prefix in prefixes)


class PermissionDeniedLogMiddleware:
    """Writes a security event for every 403 answered to a signed-in user (session or API token).

    Anonymous 403s (a stale CSRF cookie, a crawler) are not written: any visitor could fill the log.
    DRF copies the user it authenticated onto the request, so token users are seen here too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if response.status_code == 403 and user is not None and user.is_authenticated:
            security_log(Kind.PERMISSION_DENIED, request=request, detail=request.method)
        return response
