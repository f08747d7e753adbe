"""Public reads from a streaming replica (core/replicas.py): which requests go there, and a
real standby on loopback (pg_basebackup, standby.signal) serving the public profile while the
primary takes the writes. CI allows replication from loopback and sets REQUIRE_REPLICA=1, so
a standby that cannot start fails the suite there instead of skipping."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.db import connection
from django.test import RequestFactory

from bench.standby import Standby, standby_running, standby_unavailable
from core.replicas import STICKY_COOKIE, PublicReadRouter, reads_from_replica, replica_reads
from disclosure.api import EnterpriseDetailApi
from enterprises.models import Enterprise
from enterprises.services.regions import regions_load
from selfservice.views import dashboard
from tests.factories import EnterpriseFactory

factory = RequestFactory()


def test_a_public_read_goes_to_a_replica() -> None:
    request = factory.get("/api/v1/enterprises/x/")
    assert reads_from_replica(request, EnterpriseDetailApi.as_view())


def test_a_write_and_the_requests_right_after_it_stay_on_the_primary() -> None:
    view = EnterpriseDetailApi.as_view()
    assert not reads_from_replica(factory.post("/api/v1/enterprises/x/"), view)
    sticky = factory.get("/api/v1/enterprises/x/")
    sticky.COOKIES[STICKY_COOKIE] = "1"
    assert not reads_from_replica(sticky, view)


def test_the_firms_own_pages_never_read_from_a_replica() -> None:
    assert not reads_from_replica(factory.get("/firm/"), dashboard)


def test_the_router_writes_to_the_primary_even_inside_a_replica_block() -> None:
    router = PublicReadRouter()
    assert router.db_for_read(Enterprise) == "default"  # no replica configured here
    with replica_reads():
        assert router.db_for_write(Enterprise) == "default"
        assert router.db_for_read(Enterprise) == "default"  # none to pick from
    assert router.allow_migrate("replica1", "enterprises") is False


# One phase of the scenario in a process of its own (its own connections and page cache),
# configured with the standby as its replica.
_PHASE = """
import json, sys
import django
django.setup()
from django.conf import settings
from django.test import Client
uscc = sys.argv[1]
path = f"/api/v1/enterprises/{uscc}/"
public = Client(HTTP_HOST="localhost").get(path, HTTP_ACCEPT_LANGUAGE="zh-hans")
writer = Client(HTTP_HOST="localhost")
writer.cookies["primary_reads"] = "1"
after_write = writer.get(path, HTTP_ACCEPT_LANGUAGE="zh-hans")
ready = Client(HTTP_HOST="localhost").get("/readyz").json()
print(json.dumps({
    "aliases": sorted(settings.DATABASES),
    "ready": ready,
    "public": public.json()["name"],
    "after_write": after_write.json()["name"],
}))
"""


@pytest.fixture
def standby() -> Iterator[Standby]:
    why = standby_unavailable()
    if why:
        if os.environ.get("REQUIRE_REPLICA"):
            pytest.fail(f"REQUIRE_REPLICA is set but no standby can start: {why}")
        pytest.skip(why)
    with standby_running() as running:
        yield running


def _phase(standby: Standby, uscc: str) -> dict[str, object]:
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "credit_portal.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@127.0.0.1:{db['PORT'] or 5432}/{db['NAME']}",
        "DATABASE_REPLICA_URLS": f"postgres://postgres@127.0.0.1:{standby.port}/{db['NAME']}",
    }
    done = subprocess.run(
        [sys.executable, "-c", _PHASE, uscc],
        capture_output=True,
        text=True,
        env=env,
        cwd=settings.BASE_DIR,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="replication is PostgreSQL's")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_standby_serves_the_public_profile_and_a_writer_reads_its_own_change(
    standby: Standby,
) -> None:
    regions_load()
    firm = EnterpriseFactory(name="安庆旧名称食品有限公司", region_id="340802")
    standby.caught_up()
    standby.pause_replay(True)
    # Saved as the services save (its updated_at moves the data version the answers are kept by).
    firm.name = "安庆新名称食品有限公司"
    firm.save()

    held = _phase(standby, firm.uscc)
    assert held["aliases"] == ["default", "replica1"]
    assert held["public"] == "安庆旧名称食品有限公司"  # the replica, held at the old state
    assert held["after_write"] == "安庆新名称食品有限公司"  # the primary, for a writer

    standby.pause_replay(False)
    lag = standby.caught_up()
    assert lag < 5
    caught_up = _phase(standby, firm.uscc)
    assert caught_up["public"] == "安庆新名称食品有限公司"
    ready = caught_up["ready"]
    assert isinstance(ready, dict)
    assert ready["replica1"] == "up"
    assert 0 <= ready["replica1_lag_seconds"] <= settings.REPLICA_MAX_LAG_SECONDS


_READY = """
import json
import django
django.setup()
from django.test import Client
answer = Client(HTTP_HOST="localhost").get("/readyz")
print(json.dumps({**answer.json(), "http_status": answer.status_code}))
"""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="replication is PostgreSQL's")
@pytest.mark.django_db
def test_a_replica_that_does_not_answer_makes_the_portal_not_ready() -> None:
    db = settings.DATABASES["default"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]  # nobody listens once the socket is closed
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "credit_portal.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@127.0.0.1:{db['PORT'] or 5432}/{db['NAME']}",
        "DATABASE_REPLICA_URLS": f"postgres://postgres@127.0.0.1:{dead}/{db['NAME']}",
    }
    done = subprocess.run(
        [sys.executable, "-c", _READY],
        capture_output=True,
        text=True,
        env=env,
        cwd=settings.BASE_DIR,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    ready = json.loads(done.stdout.strip().splitlines()[-1])
    assert ready["http_status"] == 503
    assert ready["status"] == "unavailable"
    assert ready["replica1"] == "down"
    assert ready["database"] == "up"
