"""Lock-out and token rules for the API's sign-in paths.

- `LockoutTokenAuthentication`: DRF token authentication where wrong tokens count as failed
  sign-ins from that address; a locked-out address is refused before any token lookup. A
  token stands only while what it was issued under holds (`token_refusal`).
- `axes_authenticate(request, username, password)`: for a view that trades a password for a
  token; it is the admin's check (django-axes + the security log), and refuses locked-out users.
"""

from __future__ import annotations

import datetime as dt

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from tracker import roles
from tracker.models import ApiTokenRecord
from tracker.security_log import client_ip
from tracker.two_factor import two_factor_required


class LockedOut(exceptions.APIException):
    status_code = 429
    default_detail = _("Too many failed sign-in attempts. Try again later.")
    default_code = "locked_out"


def _http_request(request):
    return getattr(request, "_request", request)


def token_credentials(request) -> dict:
    # Keyed by address, not one shared name: a shared name would let anyone lock every token out.
    return {"username": f"api-token@{client_ip(_http_request(request))}"}


def token_refusal(user, token) -> str | None:
    """Why a token that exists no longer stands, or None. Read at every use, so nothing is forgotten:
    a password changed anywhere, a role taken away, a second factor now required."""
    record = getattr(token, "record", None)
    if record is None:
        return _("This token was not issued here; create a new one on your API token page.")
    if timezone.now() - token.created > dt.timedelta(days=settings.TRACKER_API_TOKEN_DAYS):
        return _("This token has expired; create a new one on your API token page.")
    if not constant_time_compare(record.password_hash, user.get_session_auth_hash()):
        return _("The password changed since this token was issued; create a new one.")
    if not (roles.is_staff_member(user) or roles.is_lawyer(user)):
        return _("This account no longer has a role that may use the API.")
    if two_factor_required(user) and not record.with_two_factor:
        return _("Your role signs in with a second factor: create a token after such a sign-in.")
    return None


def token_record_use(token, request) -> None:
    # At most one write a minute per token: "last used" need not be exact to the second.
    now = timezone.now()
    ApiTokenRecord.objects.filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - dt.timedelta(minutes=1)), token=token
    ).update(last_used_at=now, last_used_ip=client_ip(_http_request(request)))


class LockoutTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        http_request = _http_request(request)
        credentials = token_credentials(request)
        if not AxesProxyHandler.is_allowed(http_request, credentials):
            raise LockedOut()
        try:
            authenticated = super().authenticate(request)
        except exceptions.AuthenticationFailed:
            user_login_failed.send(sender=__name__, credentials=credentials, request=http_request)
            raise
        if authenticated is None:
            return None
        user, token = authenticated
        if refusal := token_refusal(user, token):
            # A real token gone stale is not a guess: it is refused without counting towards a lock-out.
            raise exceptions.AuthenticationFailed(refusal)
        token_record_use(token, request)
        return authenticated

    def authenticate_credentials(self, key):
        if "\x00" in key:  # PostgreSQL cannot compare a NUL; no real token holds one
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        model = self.get_model()
        token = model.objects.select_related("user", "record").filter(key=key).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return token.user, token


def axes_authenticate(request, username: str, password: str):
    """Check a password as the admin does; raise LockedOut or AuthenticationFailed, or return the user."""
    http_request = _http_request(request)
    user = authenticate(request=http_request, username=username, password=password)
    if getattr(http_request, "axes_locked_out", False):
        raise LockedOut()
    if user is None:
        raise exceptions.AuthenticationFailed(_("Invalid username or password."))
    return user
