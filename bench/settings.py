"""Bench-only settings: the project's, plus a trivial JSON view as the throughput baseline."""

from credit_portal.settings.base import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
