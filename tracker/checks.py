"""Start-up messages about the security posture (printed by runserver and `manage.py check`)."""

from django.conf import settings
from django.core import checks
from django.utils import timezone

from tracker.backups.selectors import backup_age


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


@checks.register("backups")
def backup_age_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    # A deployment only (DEBUG off, as production forces): a laptop's demo makes no backups.
    # Info, not a warning, so a fresh install still passes `check --deploy --fail-level WARNING`.
    if settings.DEBUG:
        return []
    age = backup_age(timezone.now())
    if age.last_verified is None:
        message = "No verified backup exists yet in BACKUP_DIR; see docs/backups.md."
    elif age.stale:
        message = (
            f"The last verified backup is {age.age_hours:.0f} hours old ({age.last_verified:%Y-%m-%d %H:%M} UTC), "
            f"older than BACKUP_MAX_AGE_HOURS={age.max_age_hours}."
        )
    else:
        return []
    return [checks.Info(message, id="tracker.I002")]
