"""The portal through pgbouncer in transaction pooling (docker-compose's `pgbouncer`): the
settings it needs (no server-side cursors, no startup options) and real work through a real
pgbouncer on loopback: streaming iteration, a regrade, a CSV export, JIT off per connection."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from enterprises.services.regions import regions_load
from tests.factories import EnterpriseFactory, InspectionFactory

PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pgbouncer fronts PostgreSQL"),
    pytest.mark.skipif(not Path(PGBOUNCER).exists(), reason="pgbouncer is not installed"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

_SCRIPT = """
import django
django.setup()
from django.conf import settings
from django.db import connection
from enterprises.models import Enterprise
from disclosure.exports import red_list_rows
from disclosure.lists import public_red_list
from ratings.services.recompute import enterprise_grade_recompute

assert settings.DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] is True
streamed = sum(1 for _ in Enterprise.objects.order_by("pk").iterator(chunk_size=2))
with connection.cursor() as cursor:
    cursor.execute("SHOW jit")
    jit = cursor.fetchone()[0]
ids = list(Enterprise.objects.values_list("pk", flat=True))
enterprise_grade_recompute(enterprise_ids=ids)
exported = sum(1 for _ in red_list_rows(public_red_list()))
print(streamed, jit, len(ids), exported)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def pgbouncer() -> Iterator[int]:
    port = _free_port()
    folder = Path(tempfile.mkdtemp(prefix="pgbouncer-"))
    folder.chmod(0o777)  # pgbouncer will not run as root: it drops to the postgres user
    db = settings.DATABASES["default"]
    (folder / "users.txt").write_text(f'"{db["USER"]}" ""\n')
    (folder / "pgbouncer.ini").write_text(
        "[databases]\n"
        f"* = host={db['HOST'] or '127.0.0.1'} port={db['PORT'] or 5432} "
        "connect_query='SET jit = off'\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
        f"auth_type = trust\nauth_file = {folder / 'users.txt'}\n"
        "pool_mode = transaction\ndefault_pool_size = 4\nmax_client_conn = 50\n"
        "ignore_startup_parameters = extra_float_digits,options\n"
        f"logfile = {folder / 'pgbouncer.log'}\npidfile = {folder / 'pgbouncer.pid'}\n"
    )
    for f in folder.iterdir():
        f.chmod(0o666)
    command = [PGBOUNCER, str(folder / "pgbouncer.ini")]
    if os.geteuid() == 0:
        command[1:1] = ["-u", "postgres"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    else:
        proc.kill()
        log = folder / "pgbouncer.log"
        pytest.fail(f"pgbouncer did not start: {log.read_text() if log.exists() else ''}")
    try:
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def test_the_portal_works_through_pgbouncer_in_transaction_pooling(pgbouncer: int) -> None:
    regions_load()
    firms = EnterpriseFactory.create_batch(5, region_id="340802")
    for firm in firms:
        InspectionFactory(enterprise=firm)
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "credit_portal.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@127.0.0.1:{pgbouncer}/{db['NAME']}",
        "DATABASE_POOLED": "true",
        "CONN_MAX_AGE": "0",
    }
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT],
        capture_output=True,
        text=True,
        env=env,
        cwd=settings.BASE_DIR,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    streamed, jit, graded, _exported = done.stdout.split()
    assert (streamed, jit, graded) == ("5", "off", "5")


def test_pooled_settings_drop_what_pgbouncer_cannot_carry() -> None:
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "d = s.DATABASES['default']; "
        "print(d.get('DISABLE_SERVER_SIDE_CURSORS', False), 'options' in d.get('OPTIONS', {}))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "credit_portal.settings.test"}
    pooled = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=env | {"DATABASE_POOLED": "true"},
        cwd=settings.BASE_DIR,
    ).stdout.split()
    direct = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=env | {"DATABASE_POOLED": "false"},
        cwd=settings.BASE_DIR,
    ).stdout.split()
    assert pooled == ["True", "False"]
    assert direct == ["False", "True"]
