"""Browser protections: CSP with no inline code, Permissions-Policy, HTTPS-only by default in
production, and no caching of what a signed-in person or a department's token is answered."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from enterprises.models import Enterprise

pytestmark = pytest.mark.django_db


def _production(code: str, **env: str) -> str:
    """Evaluate `code` under the production settings module in a fresh interpreter."""
    environment = {k: v for k, v in os.environ.items() if k not in ("HTTPS_ONLY", "SECURE_COOKIES")}
    environment |= {
        "DJANGO_SETTINGS_MODULE": "credit_portal.settings.base",
        "READ_DOT_ENV": "false",  # a developer's .env (make run's) must not hide the defaults
        "SECRET_KEY": "x" * 60,
        "CACHE_URL": "redis://127.0.0.1:6379/9",
        **env,
    }
    script = f"import django; django.setup(); from django.conf import settings as s; print({code})"
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
        cwd=settings.BASE_DIR,
    )
    return done.stdout.strip()


def test_production_is_https_only_by_default() -> None:
    values = _production(
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE"
    )
    assert values == "True 31536000 True True"


@pytest.mark.parametrize("switch", ["HTTPS_ONLY", "SECURE_COOKIES"])
def test_only_the_environment_switches_https_off(switch: str) -> None:
    values = _production(
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE", **{switch: "false"}
    )
    assert values == "False 0 False"


def test_check_deploy_prints_no_warning() -> None:
    environment = {k: v for k, v in os.environ.items() if k not in ("HTTPS_ONLY", "SECURE_COOKIES")}
    environment |= {
        "DJANGO_SETTINGS_MODULE": "credit_portal.settings.base",
        "READ_DOT_ENV": "false",  # a developer's .env (make run's) must not hide the defaults
        "SECRET_KEY": secrets.token_urlsafe(50),
        "CACHE_URL": "redis://127.0.0.1:6379/9",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=settings.BASE_DIR,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNINGS" not in done.stdout + done.stderr


@pytest.mark.parametrize("path", ["/", "/search/?q=食品", "/accounts/login/", "/api/docs/"])
def test_every_page_has_a_strict_csp_and_a_permissions_policy(path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    # The camera only for the portal's own pages: barcode scanning (static/js/barcode.js).
    assert "camera=(self)" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]


@pytest.mark.parametrize(
    "path",
    ["/", "/accounts/login/", "/api/docs/", "/grading/", "/statistics/", "/products/690123/"],
)
def test_no_page_carries_inline_script_or_style(path: str) -> None:
    html = Client().get(path).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert "<style" not in html
    assert not re.search(r"\sstyle=\"", html), "style attribute"
    assert not re.search(r"\son[a-z]+=\"", html), "inline event handler"


def test_the_api_docs_script_is_a_file_of_the_site() -> None:
    html = Client().get("/api/docs/").content.decode()
    sources = re.findall(r'<script src="([^"]+)"', html)
    assert len(sources) == 4  # the control names, Swagger UI's two files, the init script
    assert all(src.startswith("/") for src in sources), "nothing from another site"
    script = Client().get(sources[-1])
    assert script.status_code == 200
    assert b"SwaggerUIBundle" in script.content


def test_a_signed_in_page_is_not_stored(client_as: Callable[..., Client]) -> None:
    response = client_as("grader").get(reverse("console:queues"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_a_token_answer_is_not_stored(api: APIClient, firm: Enterprise) -> None:
    response = api.get(f"/api/v1/restrictions/{firm.uscc}/", {"action": "procurement"})
    assert response["Cache-Control"] == "no-store"


def test_a_public_page_for_an_anonymous_visitor_stays_cacheable(firm: Enterprise) -> None:
    response = Client().get(f"/firms/{firm.uscc}/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_an_anonymous_public_api_answer_stays_cacheable(firm: Any) -> None:
    response = APIClient().get("/api/v1/enterprises/")
    assert "no-store" not in response.get("Cache-Control", "")
