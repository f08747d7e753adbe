"""A real PostgreSQL streaming standby of the local primary, on loopback, for the replica test
and benchmark: `pg_basebackup -R` (which writes standby.signal and primary_conninfo), a
minimal configuration of its own, `pg_ctl start` as the postgres user.

The primary must accept replication connections from 127.0.0.1 (a `host replication ...`
line in pg_hba.conf; .ci/run adds one). `standby_unavailable()` says why not, if it cannot.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg2

PRIMARY = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
PREFERRED_PORT = 5433


def _pg_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / name).exists():
            return str(folder / name)
    raise FileNotFoundError(name)


def _as_postgres(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; CI runs as root.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _port() -> int:
    for port in (PREFERRED_PORT, 0):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(s.getsockname()[1])
    raise OSError("no free port")


def standby_unavailable() -> str | None:
    """Why a standby cannot be started here, or None."""
    try:
        _pg_bin("pg_basebackup")
        _pg_bin("pg_ctl")
    except FileNotFoundError as missing:
        return f"{missing} is not installed"
    try:
        conn = psycopg2.connect(**PRIMARY, dbname="postgres", replication="true")
    except psycopg2.OperationalError as refused:
        return f"the primary refuses replication connections from 127.0.0.1: {refused}".strip()
    conn.close()
    return None


@dataclass
class Standby:
    port: int
    folder: Path

    def connect(self, dbname: str) -> psycopg2.extensions.connection:
        conn = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=dbname)
        conn.autocommit = True
        return conn

    def caught_up(self, *, timeout: float = 10.0) -> float:
        """Waits until the standby has replayed everything the primary has written so far;
        returns how long that took (the replication lag, in seconds)."""
        started = time.monotonic()
        with psycopg2.connect(**PRIMARY, dbname="postgres") as primary, primary.cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()")
            target = cursor.fetchone()[0]
        standby = self.connect("postgres")
        try:
            with standby.cursor() as cursor:
                while True:
                    cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
                    if cursor.fetchone()[0]:
                        return time.monotonic() - started
                    if time.monotonic() - started > timeout:
                        raise TimeoutError(f"the standby did not reach {target} in {timeout} s")
                    time.sleep(0.002)
        finally:
            standby.close()

    def pause_replay(self, paused: bool) -> None:
        standby = self.connect("postgres")
        try:
            with standby.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_wal_replay_pause()" if paused else "SELECT pg_wal_replay_resume()"
                )
        finally:
            standby.close()


@contextmanager
def standby_running() -> Iterator[Standby]:
    """A standby of the whole local cluster, removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="standby-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    port = _port()
    log = folder / "standby.log"
    base = [_pg_bin("pg_basebackup"), "-h", "127.0.0.1", "-p", str(PRIMARY["port"])]
    base += ["-U", "postgres", "-D", str(data), "-R", "-X", "stream", "-c", "fast"]
    subprocess.run(_as_postgres(base), check=True, capture_output=True, timeout=300)
    # Debian keeps the configuration outside the data folder: the standby gets its own.
    (data / "postgresql.conf").write_text(
        f"port = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{folder}'\n"
        # A hot standby needs at least the primary's max_connections: the default is kept.
        "hot_standby = on\nfsync = off\n"
        "hot_standby_feedback = on\nwal_receiver_status_interval = 1s\n"
    )
    (data / "pg_hba.conf").write_text("local all all trust\nhost all all 127.0.0.1/32 trust\n")
    (data / "pg_ident.conf").write_text("")
    for name in ("postgresql.conf", "pg_hba.conf", "pg_ident.conf"):
        if os.geteuid() == 0:
            shutil.chown(data / name, "postgres", "postgres")
    pg_ctl = [_pg_bin("pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60"]
    started = subprocess.run(_as_postgres([*pg_ctl, "start"]), capture_output=True, timeout=90)
    if started.returncode != 0:
        told = log.read_text() if log.exists() else started.stderr.decode()
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"the standby did not start:\n{told[-2000:]}")
    try:
        yield Standby(port=port, folder=folder)
    finally:
        subprocess.run(
            _as_postgres([*pg_ctl, "-m", "immediate", "stop"]), capture_output=True, timeout=60
        )
        shutil.rmtree(folder, ignore_errors=True)
