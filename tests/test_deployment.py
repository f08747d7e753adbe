"""docker-compose.yml cannot run here (no Docker engine), so check it against the settings."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import environ
import pytest
import yaml
from django.apps import apps

from credit_portal.celery import app as celery_app

ROOT = Path(__file__).resolve().parent.parent
APP_SERVICES = ("web", "worker", "beat", "migrate")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def settings_variables() -> set[str]:
    folder = ROOT / "credit_portal" / "settings"
    source = "\n".join(p.read_text() for p in sorted(folder.glob("*.py")) if p.name != "test.py")
    return set(re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z_]+)\"", source)) | {"DJANGO_SETTINGS_MODULE"}


def resolved(value: str) -> str:
    """Replace ${VAR:?msg} / ${VAR:-default} with a sample value, as compose would."""
    return re.sub(r"\$\{(\w+)(?::[?-][^}]*)?\}", lambda m: f"sample-{m.group(1).lower()}", value)


def test_it_has_every_service_with_an_image(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert {"web", "worker", "beat", "postgres", "redis"} <= set(services)
    assert services["postgres"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    for name in APP_SERVICES:
        assert services[name]["image"] == "credit-portal:latest"
        assert services[name]["build"] == "."


@pytest.mark.parametrize("name", ["web", "worker", "postgres", "redis"])
def test_long_running_services_have_health_checks(compose: dict[str, Any], name: str) -> None:
    check = compose["services"][name]["healthcheck"]
    assert check["test"]
    assert check["retries"] >= 3


def test_app_services_only_set_variables_the_settings_read(compose: dict[str, Any]) -> None:
    known = settings_variables()
    for name in APP_SERVICES:
        env = compose["services"][name]["environment"]
        assert set(env) <= known, set(env) - known
        assert env["DJANGO_SETTINGS_MODULE"] == "credit_portal.settings.base"
        assert "SECRET_KEY" in env


def test_the_database_and_broker_urls_point_at_the_compose_services(
    compose: dict[str, Any],
) -> None:
    services = compose["services"]
    pg = services["postgres"]["environment"]
    bouncer = services["pgbouncer"]["environment"]
    # The pooler fronts the database the migrations write, with the same credentials.
    assert (bouncer["DB_HOST"], bouncer["DB_NAME"], bouncer["DB_USER"]) == (
        "postgres",
        pg["POSTGRES_DB"],
        pg["POSTGRES_USER"],
    )
    assert bouncer["POOL_MODE"] == "transaction"
    expected_host = {"migrate": "postgres", "web": "pgbouncer", "worker": "pgbouncer"}
    for name, host in expected_host.items():
        env = services[name]["environment"]
        db = environ.Env.db_url_config(resolved(env["DATABASE_URL"]))
        assert db["ENGINE"] == "django.db.backends.postgresql"
        assert (db["HOST"], db["PORT"]) == (host, 5432)
        assert db["NAME"] == pg["POSTGRES_DB"]
        assert db["USER"] == pg["POSTGRES_USER"]
        assert resolved(pg["POSTGRES_PASSWORD"]) == db["PASSWORD"]
        # Through the pooler the settings drop server-side cursors (tests/test_pooled.py).
        assert (env.get("DATABASE_POOLED") == "true") == (host == "pgbouncer")
        assert env["CELERY_BROKER_URL"].startswith("redis://redis:6379/")


def test_commands_match_the_code(compose: dict[str, Any]) -> None:
    services = compose["services"]
    web = services["web"]["command"]
    assert web[0] == "gunicorn"
    assert web[1] == "credit_portal.wsgi"
    assert (ROOT / "credit_portal" / "wsgi.py").exists()
    worker = services["worker"]["command"]
    assert worker[:4] == ["celery", "-A", "credit_portal", "worker"]
    queue = worker[worker.index("-Q") + 1]
    assert queue == services["worker"]["environment"]["CELERY_TASK_DEFAULT_QUEUE"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "credit_portal", "beat"]
    assert celery_app.conf.beat_schedule, "beat has nothing to run"
    assert services["migrate"]["command"][-2:] == ["migrate", "--noinput"]
    assert services["web"]["depends_on"]["migrate"]["condition"] == (
        "service_completed_successfully"
    )


def test_the_web_health_check_calls_an_existing_endpoint(compose: dict[str, Any]) -> None:
    from django.urls import resolve

    test = " ".join(compose["services"]["web"]["healthcheck"]["test"])
    path = re.search(r"127\.0\.0\.1:8000(/\S*?)'", test)
    assert path
    assert resolve(path.group(1)).url_name == "healthz"


def test_secrets_are_not_in_the_file(compose: dict[str, Any]) -> None:
    env = compose["services"]["web"]["environment"]
    assert env["SECRET_KEY"].startswith("${SECRET_KEY:?")
    assert "${POSTGRES_PASSWORD:?" in env["DATABASE_URL"]


def test_the_image_copies_every_local_app() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    local = [c.name for c in apps.get_app_configs() if (ROOT / c.name).is_dir()]
    for name in [*local, "credit_portal", "templates", "static", "locale", "manage.py"]:
        assert re.search(rf"^COPY {re.escape(name)} ", dockerfile, re.M), name


def test_attachments_live_on_a_volume_outside_the_web_root(compose: dict[str, Any]) -> None:
    web = compose["services"]["web"]
    root = web["environment"]["PRIVATE_MEDIA_ROOT"]
    mounts = {m.split(":", 1)[1]: m.split(":", 1)[0] for m in web["volumes"]}
    assert mounts.get(root) in compose["volumes"]
    assert not root.startswith(("/app/static", "/app/staticfiles"))
