"""A private PostgreSQL server for the platform's tests, from Debian's own packages.

`initdb` and `pg_ctl` are taken from `/usr/lib/postgresql/<version>/bin` (the newest
version there), never from PATH: Debian's `postgresql` package puts only wrappers on
PATH, and CI has nothing else. The cluster lives in a temporary directory, listens on
127.0.0.1 on a port free at start (its unix socket in that directory, not in
/var/run/postgresql) and is removed when the server stops. `initdb` refuses to run as
root, so as root (CI) the cluster belongs to `nobody` and every server command runs
through `runuser`.

It trades durability for speed (fsync off): a test database is thrown away anyway.
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg

UNPRIVILEGED_USER = "nobody"
SUPERUSER = "central"
# A safety net against a server that never starts; not a performance threshold.
START_LIMIT_SECONDS = 60


class PostgresUnavailable(RuntimeError):
    """PostgreSQL's server programs are not installed here."""


def server_bin_dir() -> Path:
    """The newest `/usr/lib/postgresql/<version>/bin` that holds initdb and pg_ctl."""
    found = []
    for initdb in glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        version = Path(initdb).parent.parent.name
        if re.fullmatch(r"\d+", version) and Path(initdb).with_name("pg_ctl").exists():
            found.append((int(version), Path(initdb).parent))
    if not found:
        raise PostgresUnavailable(
            "PostgreSQL's server is not installed (no /usr/lib/postgresql/*/bin/initdb): "
            "run scripts/setup.sh, or set CENTRAL_TEST_ENGINES=sqlite")
    return max(found)[1]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    """One cluster: `start()`, then `create_database(name)` for URLs, then `stop()`."""

    def __init__(self) -> None:
        self.bin_dir = server_bin_dir()
        self.root: Path | None = None
        self.port = 0
        self._as_user: list[str] = []

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def start(self) -> PostgresServer:
        self.root = Path(tempfile.mkdtemp(prefix="central-pg-"))
        if os.geteuid() == 0:
            user = pwd.getpwnam(UNPRIVILEGED_USER)
            os.chown(self.root, user.pw_uid, user.pw_gid)
            self._as_user = ["runuser", "-u", UNPRIVILEGED_USER, "--"]
        try:
            self._run("initdb", "-D", str(self.data_dir), "-U", SUPERUSER, "--auth=trust",
                      "--encoding=UTF8", "--no-locale", "--no-sync")
            for _attempt in range(3):
                self.port = free_port()
                if self._start_server():
                    return self
            raise RuntimeError(f"PostgreSQL did not start: {self._log_tail()}")
        except BaseException:
            self.stop()
            raise

    def _start_server(self) -> bool:
        options = " ".join([
            "-c listen_addresses=127.0.0.1", f"-p {self.port}",
            f"-c unix_socket_directories={self.root}",
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            "-c max_connections=200 -c shared_buffers=32MB",
        ])
        started = subprocess.run(
            [*self._as_user, str(self.bin_dir / "pg_ctl"), "start", "-D", str(self.data_dir),
             "-l", str(self.root / "server.log"), "-o", options, "-w",
             "-t", str(START_LIMIT_SECONDS)],
            capture_output=True, text=True, cwd=self.root)
        return started.returncode == 0

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new, empty database; its SQLAlchemy URL."""
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
            raise ValueError(f"not a plain database name: {name!r}")
        with psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER,
                             dbname="postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            connection.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def stop(self) -> None:
        if self.root is None:
            return
        if (self.data_dir / "postmaster.pid").exists():
            subprocess.run(
                [*self._as_user, str(self.bin_dir / "pg_ctl"), "stop", "-D",
                 str(self.data_dir), "-m", "immediate", "-w"],
                capture_output=True, cwd=self.root)
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None

    def _run(self, program: str, *args: str) -> None:
        done = subprocess.run([*self._as_user, str(self.bin_dir / program), *args],
                              capture_output=True, text=True, cwd=self.root)
        if done.returncode != 0:
            raise RuntimeError(f"{program} failed: {done.stderr.strip()[-2000:]}")

    def _log_tail(self) -> str:
        log = self.root / "server.log" if self.root else None
        return log.read_text(errors="replace")[-2000:] if log and log.exists() else "(no log)"

