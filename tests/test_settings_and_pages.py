from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def import_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    return subprocess.run(
        [sys.executable, "-c", "import credit_portal.settings.base as s; print(s.DEBUG)"],
        cwd=ROOT,
        env={**clean, "VAR_DIR": str(ROOT / "var"), **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path: Path) -> None:
    if (ROOT / ".env").exists():
        pytest.skip("a local .env provides SECRET_KEY")
    result = import_settings({})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_settings_start_with_a_key_and_debug_defaults_off() -> None:
    result = import_settings({"SECRET_KEY": "k" * 50})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_time_zone_and_languages(settings: Any) -> None:
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _ in settings.LANGUAGES] == ["zh-hans", "en"]


@pytest.mark.django_db
def test_the_home_page_speaks_chinese_then_english(client: Client) -> None:
    body = client.get(reverse("disclosure:home")).content.decode()
    assert '<html lang="zh-hans">' in body
    assert "质量信用" in body
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    english = client.get(reverse("disclosure:home")).content.decode()
    assert '<html lang="en">' in english
    assert "Quality-credit portal" in english


@pytest.mark.django_db
def test_the_sign_in_page_signs_a_regulator_in(client: Client, make_user: Any) -> None:
    make_user("grader", username="li", jurisdiction="3408")
    page = client.get(reverse("accounts:login"))
    assert 'for="id_username"' in page.content.decode()
    response = client.post(
        reverse("accounts:login"), {"username": "li", "password": "pw-for-tests-1"}
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:home")).url == reverse("console:file_list")
    wrong = Client().post(reverse("accounts:login"), {"username": "li", "password": "nope"})
    assert wrong.status_code == 200
    assert 'role="alert"' in wrong.content.decode()


@pytest.mark.django_db
def test_health_answers_with_the_database_state(client: Client) -> None:
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}


@pytest.mark.django_db
def test_the_api_schema_and_docs_are_served_offline(client: Client) -> None:
    schema = client.get(reverse("api-schema"), {"format": "json"})
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for kind in ("inspections", "penalties", "licences", "honours", "complaints"):
        assert f"/api/v1/{kind}/" in paths
    inspection = schema.json()["components"]["schemas"]["InspectionsRecord"]
    assert {"uscc", "source_ref", "result"} <= set(inspection["required"])
    penalty = schema.json()["components"]["schemas"]["PenaltiesRecord"]
    new = {"published_on", "sector", "violation_type", "restriction_ends_on"}
    assert new <= set(penalty["properties"])
    assert not new & set(penalty["required"])
    assert "decision date" in penalty["properties"]["published_on"]["description"]
    docs = client.get(reverse("api-docs")).content.decode()
    assert "swagger-ui" in docs
    assert "//cdn" not in docs
    assert "https://" not in docs.split("<body")[0]


@pytest.mark.django_db
def test_pages_stay_chinese_for_an_english_browser(client: Client) -> None:
    body = client.get(reverse("disclosure:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="zh-hans">' in body.content.decode()
    assert body["Content-Language"] == "zh-hans"


@pytest.mark.django_db
def test_refusals_are_portal_pages_in_the_visitors_language(client_as: Any) -> None:
    client = client_as("enterprise")
    forbidden = client.get(reverse("console:file_list"))
    assert forbidden.status_code == 403
    assert "不允许访问" in forbidden.content.decode()
    missing = client.get(reverse("console:file_detail", args=["91110000600037341L"]))
    assert missing.status_code == 404
    assert "页面不存在" in missing.content.decode()
    assert 'class="site"' in missing.content.decode()


@pytest.mark.django_db
def test_form_labels_end_with_the_colon_of_the_pages_language() -> None:
    from django.utils import translation

    with translation.override("zh-hans"):
        chinese = Client().get("/firm/signup/").content.decode()
    assert "：</label>" in chinese
    assert ":</label>" not in chinese
