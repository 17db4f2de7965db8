"""Lock-out for the API's sign-in paths.

- `LockoutTokenAuthentication`: DRF token authentication where wrong tokens count as failed
  sign-ins from that address; a locked-out address is refused before any token lookup.
- `axes_authenticate(request, username, password)`: for a view that trades a password for a
  token; it is the admin's check (django-axes + the security log), and refuses locked-out users.
"""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from tracker.security_log import client_ip


class LockedOut(exceptions.APIException):
    status_code = 429
    default_detail = _("Too many failed sign-in attempts. Try again later.")
    default_code = "locked_out"


def _http_request(request):
    return getattr(request, "_request", request)


def token_credentials(request) -> dict:
    # Keyed by address, not one shared name: a shared name would let anyone lock every token out.
    return {"username": f"api-token@{client_ip(_http_request(request))}"}


class LockoutTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        http_request = _http_request(request)
        credentials = token_credentials(request)
        if not AxesProxyHandler.is_allowed(http_request, credentials):
            raise LockedOut()
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            user_login_failed.send(sender=__name__, credentials=credentials, request=http_request)
            raise


def axes_authenticate(request, username: str, password: str):
    """Check a password as the admin does; raise LockedOut or AuthenticationFailed, or return the user."""
    http_request = _http_request(request)
    user = authenticate(request=http_request, username=username, password=password)
    if getattr(http_request, "axes_locked_out", False):
        raise LockedOut()
    if user is None:
        raise exceptions.AuthenticationFailed(_("Invalid username or password."))
    return user
