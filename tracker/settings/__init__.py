"""Settings for the embedded default: runs with no configuration at all.

With nothing set it uses SQLite under var/, runs Celery tasks eagerly after commit
and prints email to the console. DATABASE_URL, REDIS_URL and EMAIL_HOST switch each
part to the real service. tracker.settings.production hardens this for deployment.
"""

import contextlib
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from tracker.env import env_bool, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("TRACKER_VAR_DIR") or BASE_DIR / "var")

# The embedded default is for a laptop; production refuses this key.
INSECURE_DEV_KEY = "django-insecure-embedded-default-never-use-in-production"
SECRET_KEY = env_str("SECRET_KEY") or INSECURE_DEV_KEY
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # The admin with two-factor sign-in for the roles that need it (tracker/admin_site.py).
    "tracker.apps.TrackerAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_countries",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "simple_history",
    "import_export",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "tracker.apps.TrackerConfig",
    "people",
    "cases",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Lets every history row know who made the change (tracker/audit.py).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "tracker.middleware.SessionSecurityMiddleware",
    "tracker.middleware.NoStoreMiddleware",
    "tracker.middleware.PermissionDeniedLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a lock-out into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"
ASGI_APPLICATION = "tracker.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASE_URL = env_url("DATABASE_URL", ("postgres", "postgresql", "sqlite"))
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "tracker.sqlite3",
            # WAL lets the eager "worker" and the web request read while one writes.
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_url("REDIS_URL", ("redis", "rediss", "unix"))
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Anonymous public pages kept in the cache at most this long (tracker/page_cache.py). Off in
# the embedded default: a per-process cache would not hear of writes by other processes.
TRACKER_PAGE_CACHE_SECONDS = env_int("TRACKER_PAGE_CACHE_SECONDS", 300 if REDIS_URL else 0)
# Rendered staff fragments each web process keeps in its own memory (never in Redis).
TRACKER_FRAGMENT_CACHE_ENTRIES = env_int("TRACKER_FRAGMENT_CACHE_ENTRIES", 64)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Lawyers are not admin users, so everyone signs in on the site's own page.
LOGIN_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian")), ("kk", _("Kazakh"))]
LOCALE_PATHS = [BASE_DIR / "tracker" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
# Dates in the records are local to the place they happened; this is the default place zone.
TRACKER_DEFAULT_PLACE_TIMEZONE = "Asia/Almaty"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or VAR_DIR / "static")
# WhiteNoise serves static files in every mode; from the app folders until collectstatic has run.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
# A read-only deployment keeps its collected files elsewhere.
with contextlib.suppress(OSError):
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = VAR_DIR / "media"
# Uploaded evidence is never served from a public path; views decide who may read it.
MEDIA_URL = None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Celery: REDIS_URL makes it real; without it tasks run in-process, after commit.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
# Alerts (docs/alerts.md): at-least-once from the broker, effectively once by the row claim.
# A task is acknowledged only after it ran, and requeued if its worker dies; one message at a time.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE") or "celery"
ALERTS_TASK_TIME_LIMIT = env_int("ALERTS_TASK_TIME_LIMIT", 60)
# A worker's claim on a row outlives the hard time limit, so a live worker never loses its lease.
ALERTS_LEASE_SECONDS = env_int("ALERTS_LEASE_SECONDS", ALERTS_TASK_TIME_LIMIT + 30)
ALERTS_MAX_ATTEMPTS = env_int("ALERTS_MAX_ATTEMPTS", 6)
ALERTS_RETRY_BASE_SECONDS = env_int("ALERTS_RETRY_BASE_SECONDS", 30)
ALERTS_SWEEP_SECONDS = env_int("ALERTS_SWEEP_SECONDS", 60)
# Fresh rows get this long for their on-commit task before the sweep queues them again.
ALERTS_SWEEP_GRACE_SECONDS = env_int("ALERTS_SWEEP_GRACE_SECONDS", 120)
# The public subscribe form: posts per client address an hour, confirmation mails per inbox a day.
ALERTS_SUBSCRIBE_PER_IP_HOUR = env_int("ALERTS_SUBSCRIBE_PER_IP_HOUR", 10)
ALERTS_CONFIRMATIONS_PER_ADDRESS_DAY = env_int("ALERTS_CONFIRMATIONS_PER_ADDRESS_DAY", 3)
# Rows per delivery task: one task and one SMTP connection for the batch, a claim per row.
ALERTS_BATCH_SIZE = env_int("ALERTS_BATCH_SIZE", 200)
if ALERTS_BATCH_SIZE < 1:
    raise ImproperlyConfigured("ALERTS_BATCH_SIZE must be at least 1.")
CELERY_TASK_SOFT_TIME_LIMIT = ALERTS_TASK_TIME_LIMIT
CELERY_TASK_TIME_LIMIT = ALERTS_TASK_TIME_LIMIT + 10
# Redis redelivers an unacknowledged message after this; it must exceed the longest task,
# and no countdown is ever used (backoff lives in Notification.next_attempt_at).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 900)}
# A web request whose broker is down gives up quickly; the sweep sends what it could not queue.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
if CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured("CELERY_VISIBILITY_TIMEOUT must exceed ALERTS_TASK_TIME_LIMIT + 10 seconds.")
# Links in alerts (case page, unsubscribe) need the site's public address.
SITE_URL = (env_url("SITE_URL", ("http", "https")) or "http://127.0.0.1:8000").rstrip("/")

EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or "Case tracker <alerts@localhost>"
SERVER_EMAIL = DEFAULT_FROM_EMAIL

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its 401 tells an API client to authenticate, where session auth says 403.
        "tracker.api_auth.LockoutTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": [
        "tracker.api_strict.StrictFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # JSON nested too deeply for Python's decoder is a 400 (tracker/api_parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "tracker.api_parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["tracker.api_throttle.AnonThrottle"],
    # Only for DRF code that reads it; our throttle asks tracker.security_log.client_ip.
    "NUM_PROXIES": env_int("TRACKER_TRUSTED_PROXY_COUNT", 0),
}
# API tokens stop working this many days after they were issued (tracker/api_auth.py).
TRACKER_API_TOKEN_DAYS = env_int("TRACKER_API_TOKEN_DAYS", 90)
# Anonymous API clients per IP; signed-in staff are not throttled.
API_ANON_RATE = env_str("API_ANON_RATE") or "120/minute"
SPECTACULAR_SETTINGS = {
    # The schema is generated and checked by the test suite (schemathesis); check --deploy
    # runs where no database may be reachable yet.
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
    "TITLE": "Case tracker API",
    "DESCRIPTION": "Detention cases and their records. The public reads published, public data only.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the sidecar package: the docs page loads nothing from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "tracker.api_schema.document_errors",
    ],
    # Fields a client sends are documented apart from those it reads: read-only ones are not required.
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "VisibilityEnum": "tracker.visibility.Visibility",
        "CaseStatusEnum": "cases.models.status.CaseStatus",
        "ChargeStatusEnum": "cases.models.legal.ChargeStatus",
        "DatePrecisionEnum": "tracker.dates.DatePrecision",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL") or "INFO"},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Documents (tracker/files.py, cases/evidence/): upload limit; the weekly integrity check is scheduled below.
TRACKER_DOCUMENT_MAX_BYTES = env_int("TRACKER_DOCUMENT_MAX_BYTES", 25 * 1024 * 1024)

# Captures of web sources and their trusted timestamps (docs/evidence.md).
EVIDENCE_CHROMIUM_PATH = env_str("EVIDENCE_CHROMIUM_PATH") or "/usr/bin/chromium"
EVIDENCE_CAPTURE_MAX_BYTES = env_int("EVIDENCE_CAPTURE_MAX_BYTES", 50 * 1024 * 1024)
# Seconds for the whole page to load, its resources included.
EVIDENCE_CAPTURE_TIME_LIMIT = env_int("EVIDENCE_CAPTURE_TIME_LIMIT", 60)
EVIDENCE_CAPTURE_MAX_ATTEMPTS = env_int("EVIDENCE_CAPTURE_MAX_ATTEMPTS", 4)
EVIDENCE_CAPTURE_RETRY_BASE_SECONDS = env_int("EVIDENCE_CAPTURE_RETRY_BASE_SECONDS", 300)
# Capture every new source that has a URL, without anyone pressing the button.
EVIDENCE_CAPTURE_NEW_SOURCES = env_bool("EVIDENCE_CAPTURE_NEW_SOURCES", False)
# For the test suite only: lets a capture fetch a page served on 127.0.0.1. Production refuses it.
EVIDENCE_CAPTURE_ALLOW_LOOPBACK = env_bool("EVIDENCE_CAPTURE_ALLOW_LOOPBACK", False)
# The RFC 3161 Time-Stamp Authority; without it captures are stored with their hashes but not timestamped.
EVIDENCE_TSA_URL = env_url("EVIDENCE_TSA_URL", ("http", "https"))
EVIDENCE_TSA_NAME = env_str("EVIDENCE_TSA_NAME")
# PEM file of the root certificates a timestamp token's chain must end in.
EVIDENCE_TSA_ROOTS_FILE = env_str("EVIDENCE_TSA_ROOTS_FILE")
if EVIDENCE_TSA_URL and not EVIDENCE_TSA_ROOTS_FILE:
    raise ImproperlyConfigured("EVIDENCE_TSA_URL needs EVIDENCE_TSA_ROOTS_FILE: tokens are checked against its roots.")
if CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] <= EVIDENCE_CAPTURE_TIME_LIMIT + 60:
    raise ImproperlyConfigured("EVIDENCE_CAPTURE_TIME_LIMIT must stay well under CELERY_VISIBILITY_TIMEOUT.")

# Backups (docs/backups.md): age public keys only; the secret key never lives on this server.
BACKUP_DIR = Path(env_str("BACKUP_DIR") or VAR_DIR / "backups")
BACKUP_RECIPIENTS = env_str("BACKUP_RECIPIENTS")  # or BACKUP_RECIPIENTS_FILE: one age1... key per line
# The server's own secret signing key (`backup_keygen --signing-key-file`): archives without it are refused.
BACKUP_SIGNING_KEY = env_str("BACKUP_SIGNING_KEY")  # or BACKUP_SIGNING_KEY_FILE
# Public keys (RW...) whose archives a restore accepts, separated by spaces, commas or new lines.
BACKUP_TRUSTED_SIGNERS = env_str("BACKUP_TRUSTED_SIGNERS")  # or BACKUP_TRUSTED_SIGNERS_FILE
BACKUP_KEEP = env_int("BACKUP_KEEP", 14)
BACKUP_HOUR_UTC = env_int("BACKUP_HOUR_UTC", 1)
# Staff are told when the newest archive is older than this.
BACKUP_MAX_AGE_HOURS = env_int("BACKUP_MAX_AGE_HOURS", 24)

# Periodic work, run by the one `celery -A tracker beat` process.
CELERY_IMPORTS = ["cases.alerts.tasks", "cases.evidence.tasks"]
CELERY_BEAT_SCHEDULE = {
    # Re-queues alerts the broker lost (Redis restart, killed worker, failed enqueue).
    "sweep-notifications": {"task": "cases.tasks.sweep_notifications", "schedule": float(ALERTS_SWEEP_SECONDS)},
    # Queues captures whose retry is due, and those a lost worker left.
    "sweep-captures": {"task": "cases.evidence.sweep_captures", "schedule": 60.0},
    "verify-documents-weekly": {
        "task": "cases.verify_documents",
        "schedule": crontab(day_of_week="sunday", hour=3, minute=0),
    },
    "backup-daily": {
        "task": "tracker.tasks.backup_run",
        "schedule": crontab(minute=0, hour=BACKUP_HOUR_UTC),
    },
    "backup-freshness": {
        "task": "tracker.tasks.backup_check_freshness",
        "schedule": crontab(minute=30, hour=(BACKUP_HOUR_UTC + 12) % 24),
    },
}

# --- Security layer (docs in SECURITY.md) ------------------------------------------------
# Axes first: it refuses a locked-out username or address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours, as axes reads a number
# A username is locked only from the address that guessed it, so nobody can lock a victim out
# from elsewhere; an address guessing many names is locked on its own (SECURITY.md, "Limits").
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
# No start-up banner: cron jobs (backup, verify_documents) must stay silent when all is well.
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "tracker.security_log.client_ip"
# Behind a reverse proxy, the number of proxies whose X-Forwarded-For entry is trusted.
TRACKER_TRUSTED_PROXY_COUNT = env_int("TRACKER_TRUSTED_PROXY_COUNT", 0)

# Two-factor sign-in for editors and staff; production turns it on (tracker.settings.production).
TRACKER_REQUIRE_2FA = env_bool("TRACKER_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER") or "Case tracker"

# Signed-in sessions end after this long idle, and this long after sign-in whatever happens.
TRACKER_SESSION_IDLE_SECONDS = env_int("TRACKER_SESSION_IDLE_SECONDS", 60 * 60)
TRACKER_SESSION_ABSOLUTE_SECONDS = env_int("TRACKER_SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_AGE = TRACKER_SESSION_ABSOLUTE_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# A hard-to-guess admin path keeps the sign-in page out of drive-by scans (not a defence alone).
ADMIN_URL = env_str("ADMIN_URL") or "admin/"

# Strict CSP everywhere, the laptop included, so a violation shows up before it ships.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
