"""The database connections: the primary from DATABASE_URL (SQLite in var/ by default) and the
streaming replicas of DATABASE_REPLICA_URLS, each with the options its server needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import environ


def databases_from(env: environ.Env, var_dir: Path) -> dict[str, dict[str, Any]]:
    """`DATABASES`: "default", then "replica1", "replica2", ... (mirrors of it in tests)."""
    var_dir.mkdir(parents=True, exist_ok=True)
    primary: dict[str, Any] = dict(
        env.db("DATABASE_URL", default=f"sqlite:///{var_dir / 'portal.sqlite3'}")
    )
    if primary["ENGINE"] == "django.db.backends.postgresql":
        primary["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
        primary["CONN_HEALTH_CHECKS"] = True
        if env.bool("DATABASE_POOLED", default=False):
            # Behind pgbouncer in transaction pooling: a connection serves one transaction at
            # a time, so no cursor may outlive it (.iterator() fetches in one go) and no
            # startup option reaches the server (pgbouncer's connect_query turns JIT off).
            primary["DISABLE_SERVER_SIDE_CURSORS"] = True
        else:
            # JIT costs more than it saves on the short queries a portal runs.
            primary.setdefault("OPTIONS", {})["options"] = "-c jit=off"
    elif primary["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the web server and the worker write to the same file without locking out
        # readers.
        primary.setdefault("OPTIONS", {}).update(
            {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            }
        )
    databases = {"default": primary}
    shared = ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS", "DISABLE_SERVER_SIDE_CURSORS", "OPTIONS")
    for number, url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[]), start=1):
        replica: dict[str, Any] = dict(env.db_url_config(url))
        replica.update({key: primary[key] for key in shared if key in primary})
        replica["TEST"] = {"MIRROR": "default"}
        databases[f"replica{number}"] = replica
    return databases
