"""Test overrides: speed only. Database and broker still come from the environment."""

import os

# Tests never run with a production key; set one before base insists on it.
os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
# The test client and the browser walks speak plain HTTP (tests/test_security_headers.py
# checks the production defaults).
os.environ.setdefault("HTTPS_ONLY", "false")
# The webhook tests deliver to a receiver on loopback.
os.environ.setdefault("WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true")
# The statistics page's map is drawn in tests as the marked preview (test_china_map.py also
# checks that without a review number or the preview it is not drawn).
os.environ.setdefault("MAP_PREVIEW", "true")

from .base import *  # noqa: F403
from .base import DATABASES, VAR_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Most tests sign regulators in with force_login; the two-factor tests turn this back on.
OTP_REQUIRED_FOR_REGULATORS = False
# A worker process must reach the test database, so SQLite tests use a file, not :memory:.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-portal.sqlite3")}
# Keep the test broker apart from a running demo's, unless CI points at Redis.
if not os.environ.get("CELERY_BROKER_URL"):
    CELERY_BROKER_URL = f"sqla+sqlite:///{VAR_DIR / 'test-broker.sqlite3'}"
# Tests serve static files from the app folders; no collectstatic run is needed.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
