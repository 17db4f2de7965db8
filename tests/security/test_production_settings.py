"""tracker.settings.production: `check --deploy` clean, hardened headers, refuses unsafe configuration.

Each case runs in a subprocess, since settings are read once per process.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_ENV = {
    "DJANGO_SETTINGS_MODULE": "tracker.settings.production",
    "SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-for-the-test-only-0123456789",
    "ALLOWED_HOSTS": "cases.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/tracker_never_connected",
    "REDIS_URL": "redis://127.0.0.1:6379/14",
}
SETTINGS_DUMP = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({name: getattr(settings, name) for name in %r}, default=str))
"""


def run(args: list[str], **env_changes) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in GOOD_ENV and not k.startswith("TRACKER_")}
    env.update(GOOD_ENV)
    for name, value in env_changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def production_settings(*names: str, **env_changes) -> dict:
    result = run(["-c", SETTINGS_DUMP % (list(names),)], **env_changes)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_has_zero_warnings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    # At most the backups' age, an Info on purpose (tests/backups/test_backups_age.py).
    assert re.findall(r"^\?: \((\S+)\)", result.stderr, re.M) in ([], ["tracker.I002"]), result.stderr
    assert "WARNINGS" not in result.stderr and "ERRORS" not in result.stderr


def test_hardened_values():
    values = production_settings(
        "DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE", "SESSION_COOKIE_NAME",
        "CSRF_COOKIE_SECURE", "CSRF_COOKIE_HTTPONLY", "X_FRAME_OPTIONS", "SECURE_REFERRER_POLICY",
        "TRACKER_REQUIRE_2FA", "CONTENT_SECURITY_POLICY",
    )  # fmt: skip
    directives = values.pop("CONTENT_SECURITY_POLICY")["DIRECTIVES"]
    assert values == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_NAME": "__Host-sessionid",
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_REFERRER_POLICY": "same-origin",
        "TRACKER_REQUIRE_2FA": True,
    }
    assert directives["script-src"] == ["'self'"] and directives["style-src"] == ["'self'"]
    for name in ["object-src", "base-uri", "frame-ancestors"]:
        assert directives[name] == ["'none'"]
    assert not any(
        "unsafe" in source for sources in directives.values() if isinstance(sources, list) for source in sources
    )


def test_two_factor_can_be_turned_off_only_explicitly():
    assert production_settings("TRACKER_REQUIRE_2FA", TRACKER_REQUIRE_2FA="false") == {"TRACKER_REQUIRE_2FA": False}


def test_admin_url_is_configurable():
    result = run(
        ["-c", "import django; django.setup(); from django.urls import reverse; print(reverse('admin:index'))"],
        ADMIN_URL="office-7f3a/",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "/office-7f3a/"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "django-insecure-embedded-default-never-use-in-production"}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY must be set"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must list"),
        ({"DATABASE_URL": "sqlite:///tmp/x.sqlite3"}, "DATABASE_URL must point at PostgreSQL"),
        ({"REDIS_URL": None}, "REDIS_URL must be set"),
        ({"TRACKER_REQUIRE_2FA": "perhaps"}, "TRACKER_REQUIRE_2FA='perhaps' is not a boolean"),
    ],
)
def test_start_up_refuses_unsafe_configuration(change, message):
    result = run(["-c", "import tracker.settings.production"], **change)
    assert result.returncode != 0
    assert message in result.stderr


def test_bad_admin_url_is_refused():
    result = run(["manage.py", "check"], ADMIN_URL="/admin")
    assert result.returncode != 0 and "tracker.E001" in result.stderr
