"""Start-up messages about the security posture (printed by runserver and `manage.py check`)."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def two_factor_setting(app_configs, **kwargs) -> list[checks.CheckMessage]:
    if settings.TRACKER_REQUIRE_2FA:
        return []
    # Info, not a warning: the embedded demo is meant to run without it; production turns it on.
    return [
        checks.Info(
            "Two-factor sign-in is OFF for editors and staff (TRACKER_REQUIRE_2FA is false). "
            "Fine for the embedded demo; production settings turn it on.",
            id="tracker.I001",
        )
    ]


@checks.register(checks.Tags.urls)
def admin_url_setting(app_configs, **kwargs) -> list[checks.CheckMessage]:
    url = settings.ADMIN_URL
    if url.startswith("/") or not url.endswith("/") or "//" in url:
        return [checks.Error(f"ADMIN_URL={url!r} must look like 'some-path/' (no leading slash).", id="tracker.E001")]
    return []
