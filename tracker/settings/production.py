"""Hardened settings for a deployment: every secret and host from the environment."""

from django.core.exceptions import ImproperlyConfigured

from tracker.env import env_bool, env_int, env_list
from tracker.settings import *  # noqa: F403
from tracker.settings import DATABASE_URL, EVIDENCE_CAPTURE_ALLOW_LOOPBACK, INSECURE_DEV_KEY, REDIS_URL, SECRET_KEY

DEBUG = False

if not SECRET_KEY or SECRET_KEY == INSECURE_DEV_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random string of at least 50 characters.")
if not DATABASE_URL.startswith(("postgres://", "postgresql://")):
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production.")
if not REDIS_URL:
    raise ImproperlyConfigured("REDIS_URL must be set in production (Celery broker and cache).")
if EVIDENCE_CAPTURE_ALLOW_LOOPBACK:
    raise ImproperlyConfigured(
        "EVIDENCE_CAPTURE_ALLOW_LOOPBACK is for the test suite: a capture must never reach the server itself."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names, comma-separated.")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Two-factor on by default; cookies only over HTTPS, under the __Host- prefix
# (no Domain attribute, path /, Secure), so a sibling subdomain cannot set or read them.
TRACKER_REQUIRE_2FA = env_bool("TRACKER_REQUIRE_2FA", True)
TRACKER_SESSION_IDLE_SECONDS = env_int("TRACKER_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],  # noqa: F405
        "upgrade-insecure-requests": True,
    },
}
