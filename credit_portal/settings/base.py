"""Settings for every environment; production differs by environment variables, not code."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from credit_portal.settings.beat import CELERY_BEAT_SCHEDULE as BEAT_SCHEDULE
from credit_portal.settings.databases import databases_from

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
if env.bool("READ_DOT_ENV", default=True):  # off to see the defaults (tests of production)
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-local-development-key-not-for-production"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "simple_history",
    "core",
    "accounts",
    "enterprises",
    "ratings",
    "lists",
    "publicity",
    "dueprocess",
    "disclosure",
    "selfservice",
    "sharing",
    "bulk",
    "console",
    "inspections",
    "demo",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "credit_portal.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "credit_portal.middleware.PortalLocaleMiddleware",
    "core.guards.HostileInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.RegulatorTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]
# Lockout after 5 failed sign-ins (django-axes), lifted after a cool-off.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=30))
# Per user name *and* address: a guesser is locked out, the owner signing in from their own
# address is not. Guessing from many addresses meets the per-name throttle (accounts.throttle).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
LOGIN_NAME_FAILURE_LIMIT = env.int("LOGIN_NAME_FAILURE_LIMIT", default=30)
LOGIN_NAME_WINDOW_SECONDS = env.int("LOGIN_NAME_WINDOW_MINUTES", default=15) * 60
# Firm sign-up attempts per client address and hour (selfservice.views.signup).
SIGNUP_ATTEMPTS_PER_HOUR = env.int("SIGNUP_ATTEMPTS_PER_HOUR", default=10)
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
# Regulators sign in with a TOTP code as well (django-otp); enterprise users may add one.
OTP_REQUIRED_FOR_REGULATORS = env.bool("OTP_REQUIRED_FOR_REGULATORS", default=True)
OTP_TOTP_ISSUER = "质量信用信息平台"

ROOT_URLCONF = "credit_portal.urls"
WSGI_APPLICATION = "credit_portal.wsgi.application"

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
            # `|day` on every template: dates as <time>, never broken over two lines.
            "builtins": ["core.templatetags.days"],
        },
    },
]

# The primary (SQLite in var/ unless DATABASE_URL says otherwise) and any streaming replicas.
DATABASES = databases_from(env, VAR_DIR)
# Public reads from PostgreSQL streaming replicas (core/replicas.py): a comma-separated list of
# URLs, each the alias replica1, replica2, ...
DATABASE_REPLICA_URLS = env.list("DATABASE_REPLICA_URLS", default=[])
DATABASE_ROUTERS = ["core.replicas.PublicReadRouter"] if DATABASE_REPLICA_URLS else []
# Which views' reads may come from a replica (by module), and how long a browser that has just
# written reads from the primary instead (longer than any lag the replica is allowed).
REPLICA_READ_MODULES = env.list("REPLICA_READ_MODULES", default=["disclosure."])
REPLICA_STICKY_SECONDS = env.int("REPLICA_STICKY_SECONDS", default=10)
# A replica further behind than this is reported not ready (/readyz), so it is taken out.
REPLICA_MAX_LAG_SECONDS = env.float("REPLICA_MAX_LAG_SECONDS", default=5.0)
if DATABASE_REPLICA_URLS:
    # Before anything reads the database on a request's behalf, after the session is known.
    _guard = MIDDLEWARE.index("core.guards.HostileInputMiddleware")
    MIDDLEWARE.insert(_guard, "core.replicas.ReplicaReadMiddleware")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "disclosure:home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# HTTPS only, by default: redirect plain HTTP, tell browsers to keep to HTTPS for a year
# (HSTS), send cookies over TLS only. Switched off only by HTTPS_ONLY=false, which `make run`,
# the tests and plain-HTTP local runs set. SECURE_COOKIES=false, the older switch, still counts.
HTTPS_ONLY = env.bool("HTTPS_ONLY", default=env.bool("SECURE_COOKIES", default=True))
SECURE_SSL_REDIRECT = HTTPS_ONLY
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # probes inside the network speak HTTP
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS_ONLY else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS_ONLY
SECURE_HSTS_PRELOAD = HTTPS_ONLY
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips the client's).
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
# Strict Content-Security-Policy (django-csp): every script and style is a file of this site;
# no inline code anywhere (the API docs run Swagger UI from files too).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Browser features no page of the portal uses (credit_portal.middleware.SecurityHeaders). The
# camera is the one exception, for the portal's own pages only (self, never a frame of another
# site): the home and product pages scan a barcode with it (static/js/barcode.js), and the
# browser still asks the visitor first.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(self), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)
# Idle timeout: the session ends 30 minutes after the last request (each request renews it).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.DepartmentTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # The schema names every refusal an operation can give, with its body (core.schema).
    "DEFAULT_SCHEMA_CLASS": "core.schema.PortalAutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.StrictJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Anonymous open-data calls per client address (the cache below keeps the counters).
    "DEFAULT_THROTTLE_RATES": {"public": env.str("PUBLIC_API_RATE", default="600/min")},
    # Proxies in front of the portal whose X-Forwarded-For may be trusted; 0 = none, so a
    # client cannot pick its own throttling identity.
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
}
# Throttle counters and cached statistics; set CACHE_URL=redis://… when several processes serve.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://portal")}
# Throttles, lockouts and sign-in counts must be shared by every process that serves: a
# process-local cache would multiply every limit by the number of gunicorn workers.
if HTTPS_ONLY and not DEBUG and "locmem" in CACHES["default"]["BACKEND"]:
    raise ImproperlyConfigured(
        "Production needs a shared cache: set CACHE_URL=redis://… (or HTTPS_ONLY=false for a "
        "plain-HTTP local run)."
    )
SPECTACULAR_SETTINGS = {
    "TITLE": "Quality-credit portal API",
    "DESCRIPTION": "Record intake for departments (one token per department).",
    "VERSION": "1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No deep links: Swagger UI draws them as a link inside each operation's toggle button,
    # a control nested in a control that screen readers cannot reach (axe nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        # Intake takes one record or a list of them; a serializer can say only one.
        "enterprises.api.intake_bodies_as_sent",
    ],
    # A recall's status shares its field name with other records' statuses: named apart.
    "ENUM_NAME_OVERRIDES": {"RecallStatusEnum": ["ongoing", "completed", "terminated"]},
}

# Key for hashing personal ID numbers of responsible persons (shared with departments that
# query restrictions by person); defaults to SECRET_KEY.
PERSON_HASH_KEY = env.str("PERSON_HASH_KEY", default="")

# Old versions are shown in the admin but never restored by hand: changes go through services.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Intake limits: one request carries at most this many records.
INTAKE_MAX_BATCH = env.int("INTAKE_MAX_BATCH", default=1000)
# Name screening (POST /api/v1/match/): names per call, and candidates per name (the most a
# caller may ask for, and what it gets when it does not say).
MATCH_MAX_QUERIES = env.int("MATCH_MAX_QUERIES", default=100)
MATCH_MAX_LIMIT = env.int("MATCH_MAX_LIMIT", default=20)
MATCH_DEFAULT_LIMIT = env.int("MATCH_DEFAULT_LIMIT", default=5)
# Body limits (core.guards): an API body fits INTAKE_MAX_BATCH records with every text at its
# documented maximum, even as \uXXXX escapes (tests/core/test_guards.py computes it); a page's
# form, Django's default. Over the limit is a 413 naming it, in JSON on the API.
API_MAX_BODY_BYTES = env.int("API_MAX_BODY_MB", default=40) * 1_048_576
FORM_MAX_BODY_BYTES = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = API_MAX_BODY_BYTES
# JSON nested deeper than this is refused (records are flat; a list of objects is depth 2).
JSON_MAX_DEPTH = env.int("JSON_MAX_DEPTH", default=10)

# Celery. Embedded default: kombu's SQLAlchemy transport on a SQLite file, so a real worker runs
# with no broker server. Set CELERY_BROKER_URL=redis://... in production.
CELERY_BROKER_URL = env.str(
    "CELERY_BROKER_URL", default=f"sqla+sqlite:///{VAR_DIR / 'celery-broker.sqlite3'}"
)
# A message a worker took and never acknowledged (it was killed) is given again after this
# long. It must exceed the longest task, the nightly full regrade (bench/: minutes at 1M
# firms), or a running regrade would be started a second time; killed drains are picked up
# sooner by the next worker to start (credit_portal.celery) and by the minute's beat.
if CELERY_BROKER_URL.startswith(("redis", "rediss")):  # the embedded broker has no such option
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT_SECONDS", default=3600)
    }
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="credit")
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Firm ids per range of a full regrade: one transaction and, on PostgreSQL, one task each
# (ratings/services/sweeps.py), so that many workers share the sweep.
REGRADE_RANGE_FIRMS = env.int("REGRADE_RANGE_FIRMS", default=20_000)
REGRADE_WORK_MEM = env.str("REGRADE_WORK_MEM", default="64MB")
CELERY_BEAT_SCHEDULE = BEAT_SCHEDULE

# Webhooks (sharing/). Private, loopback and link-local targets are refused (SSRF) unless this
# is on: by default only with DEBUG (tests and `make run` set it in their environment).
WEBHOOKS_ALLOW_PRIVATE_TARGETS = env.bool("WEBHOOKS_ALLOW_PRIVATE_TARGETS", default=DEBUG)
# A failed attempt is retried after base x 2^(attempt - 1) seconds, for this many hours.
WEBHOOKS_RETRY_BASE_SECONDS = env.int("WEBHOOKS_RETRY_BASE_SECONDS", default=30)
WEBHOOKS_RETRY_HOURS = env.int("WEBHOOKS_RETRY_HOURS", default=24)
# A subscription is disabled after this many failed attempts in a row (any of its deliveries;
# one success resets the count): more than one delivery's whole 24-hour schedule.
WEBHOOKS_DISABLE_AFTER_FAILURES = env.int("WEBHOOKS_DISABLE_AFTER_FAILURES", default=20)
WEBHOOKS_TIMEOUT_SECONDS = env.int("WEBHOOKS_TIMEOUT_SECONDS", default=5)
# Change events stamped up to this long before the dispatcher's cursor are looked for again: a
# transaction that committed late is still announced (once: events are unique).
WEBHOOKS_LATE_COMMIT_SECONDS = env.int("WEBHOOKS_LATE_COMMIT_SECONDS", default=120)

# Firms' attachments (objections, repair): outside the web root, served only through a view
# that checks who reads them.
PRIVATE_MEDIA_ROOT = env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private-media"))
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=5 * 1024 * 1024)

# Bulk open data (bulk/): the nightly dumps' folder (outside the web root: files are served by
# a view that sets ETag and Content-Disposition) and how many days a dump is kept.
BULK_DIR = env.str("BULK_DIR", default=str(VAR_DIR / "bulk"))
BULK_RETENTION_DAYS = env.int("BULK_RETENTION_DAYS", default=30)
if BULK_RETENTION_DAYS < 1:
    raise ImproperlyConfigured("BULK_RETENTION_DAYS must be at least 1.")

# A map of China shown to the public needs the map review's approval number (审图号, 地图管理
#条例): the statistics page draws its grade map only with one, printed under it, or as a
# marked internal preview (MAP_PREVIEW, which `make run` turns on for local demonstrations).
MAP_REVIEW_NUMBER = env.str("MAP_REVIEW_NUMBER", default="")
MAP_PREVIEW = env.bool("MAP_PREVIEW", default=False)

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@credit-portal.local")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
