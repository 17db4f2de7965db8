"""Writes of the security layer: sessions ended, users deactivated, two-factor set up."""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tracker.models import ApiTokenRecord, UserSession
from tracker.security_log import Kind, security_log
from tracker.two_factor import new_recovery_codes


def user_end_sessions(*, user, request=None, reason: str = "") -> int:
    """End every session the user signed in with, in whatever session store is configured."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    UserSession.objects.filter(user=user).delete()
    security_log(Kind.SESSION_REVOKED, request=request, user=user, detail=f"{len(keys)} session(s) ended. {reason}")
    return len(keys)


def user_delete_tokens(*, user, request=None, reason: str = "") -> int:
    """Delete the user's API tokens (DRF's authtoken, when the API installs it)."""
    if not apps.is_installed("rest_framework.authtoken"):
        return 0
    from rest_framework.authtoken.models import Token

    deleted = Token.objects.filter(user=user).delete()[1].get("authtoken.Token", 0)
    if deleted and reason:
        security_log(Kind.API_TOKEN, request=request, user=user, detail=f"{deleted} API token(s) revoked. {reason}")
    return deleted


@transaction.atomic
def api_token_issue(*, user, with_two_factor: bool, request=None) -> str:
    """A new API token for the user, replacing the one they had (DRF keeps one per user)."""
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    ApiTokenRecord.objects.create(
        token=token, password_hash=user.get_session_auth_hash(), with_two_factor=with_two_factor
    )
    security_log(Kind.API_TOKEN, request=request, user=user, detail="API token issued.")
    return token.key


@transaction.atomic
def user_deactivate(*, user, by=None, request=None) -> None:
    """Deactivate a user and end all their sessions and tokens at once."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    tokens = user_delete_tokens(user=user)
    user_end_sessions(user=user, request=request, reason="User deactivated.")
    by_name = by.get_username() if by is not None else "system"
    security_log(
        Kind.USER_DEACTIVATED, request=request, user=user, detail=f"By {by_name}; {tokens} API token(s) deleted."
    )


@transaction.atomic
def two_factor_confirm(*, user, device: TOTPDevice, token: str, request=None) -> list[str] | None:
    """Confirm a new authenticator with a code from it; returns fresh recovery codes, or None if the code is wrong."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(token):
        return None
    # One authenticator at a time: an old one must not keep working after a new phone is set up.
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = new_recovery_codes(user)
    security_log(Kind.TWO_FACTOR, request=request, user=user, detail="Authenticator set up; new recovery codes.")
    return codes


@transaction.atomic
def two_factor_new_recovery_codes(*, user, request=None) -> list[str]:
    codes = new_recovery_codes(user)
    security_log(Kind.TWO_FACTOR, request=request, user=user, detail="Recovery codes replaced.")
    return codes


@transaction.atomic
def two_factor_disable(*, user, request=None) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    security_log(Kind.TWO_FACTOR, request=request, user=user, detail="Two-factor sign-in turned off.")
