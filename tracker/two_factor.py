"""Who must give a one-time code at sign-in, and the devices that give it (django-otp).

Editors and staff must when TRACKER_REQUIRE_2FA is on (production); anyone who set up a
device (a lawyer who chose to) must always. Recovery codes are a django-otp static device.
"""

from __future__ import annotations

from django.conf import settings
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tracker import roles

RECOVERY_CODE_COUNT = 10
# Session flag set at sign-in, so the middleware needs no query on every request.
SESSION_NEEDS_2FA = "_tracker_needs_2fa"


def role_requires_two_factor(user) -> bool:
    return settings.TRACKER_REQUIRE_2FA and roles.is_staff_member(user)


def two_factor_required(user) -> bool:
    if not user.is_authenticated:
        return False
    return role_requires_two_factor(user) or user_has_device(user, confirmed=True)


def is_verified(user) -> bool:
    verified = getattr(user, "is_verified", None)
    return bool(verified and verified())


def pending_totp_device(user) -> TOTPDevice:
    """The unconfirmed authenticator being set up, made once so a reload keeps the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes; each works once. Shown to the user once, never stored in clear elsewhere."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name="recovery codes")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes
