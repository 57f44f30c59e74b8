"""Harness: the real central platform as a subprocess on an ephemeral 127.0.0.1 port.

Each server gets its own database: a temporary SQLite file, or a fresh PostgreSQL
database (tests/central/postgres.py). Admin commands run the command line's own entry
point, `python -m central ... --db D`, in the test's process (a second process per
command cost about a second each); `cli=True` runs the real `python -m central` as the
operator would, in one test per admin command, so the command line stays tested too.
Every server started here is stopped when its fixture ends, even if the test failed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import resource
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import requests

from kiosk.sync.visit_proof import card_read_proof, new_signing_key, proof_header, public_key_text

REPO = Path(__file__).resolve().parents[2]
# A safety net against a server that never starts; not a performance threshold.
STARTUP_LIMIT_SECONDS = 60


@dataclass
class CentralServer:
    db: Path | str  # an SQLite file, or a database URL
    log: Path
    url: str = ""
    process: subprocess.Popen | None = None
    extra_args: list[str] = field(default_factory=list)
    # The server's open-file limit (as systemd gives a service: 1,024), or the test's own.
    open_files: int | None = None

    def start(self) -> CentralServer:
        command = [sys.executable, "-m", "central", "--host", "127.0.0.1", "--port", "0",
                   "--db", str(self.db), *self.extra_args]
        self._log_file = self.log.open("ab")
        limit = self.open_files

        def limit_open_files():
            resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))

        self.process = subprocess.Popen(
            command, cwd=REPO, stdout=subprocess.PIPE, stderr=self._log_file, text=True,
            preexec_fn=limit_open_files if limit else None,
        )
        line = _read_line(self.process, STARTUP_LIMIT_SECONDS)
        if not line.startswith("central listening on "):
            self.stop()
            raise RuntimeError(f"central did not start: {line!r}; log: {self.log.read_text()}")
        self.url = line.removeprefix("central listening on ").strip()
        return self

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process.stdout.close()
        self._log_file.close()
        self.process = None

    def admin(self, *args: str, check: bool = True, cli: bool = False
              ) -> subprocess.CompletedProcess:
        """`python -m central COMMAND --db D ARGS`: its exit code, stdout and stderr."""
        argv = [args[0], "--db", str(self.db), *args[1:]]
        if cli:
            result = subprocess.run([sys.executable, "-m", "central", *argv], cwd=REPO,
                                    capture_output=True, text=True, timeout=120)
        else:
            result = run_admin_in_process(argv)
        if check and result.returncode != 0:
            raise AssertionError(f"admin {args} failed: {result.stderr}")
        return result

    def report(self) -> dict:
        return json.loads(self.admin("report", "--json").stdout)

    def enroll_code(self, terminal: str | None = None) -> str:
        """A one-time code; with `terminal`, one that re-enrolls that terminal."""
        extra = ("--terminal", terminal) if terminal else ()
        return self.admin("enroll-code", *extra).stdout.strip()


def run_admin_in_process(argv: list[str]) -> subprocess.CompletedProcess:
    from central.__main__ import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exit_:  # argparse's refusals
            code = exit_.code if isinstance(exit_.code, int) else 2
    return subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())


def _read_line(process: subprocess.Popen, limit: float) -> str:
    """First stdout line, or "" if the process ends or stays silent past the limit."""
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(limit)
    return lines[0] if lines else ""


@dataclass
class Terminal:
    """One enrolled terminal: its id, its HTTP session with the token, the catalogue's
    public key, and the terminal's own signing key (raw Ed25519; None: enrolled without)."""

    server: CentralServer
    terminal_id: str
    token: str
    public_key: str
    http: requests.Session
    signing_key: bytes | None = None

    def url(self, path: str) -> str:
        return self.server.url + path

    def card_proof(self, id_number: str, *, read_at: dt.datetime | None = None,
                   key: bytes | None = None, terminal_id: str | None = None,
                   session_id: str = "visitabcdefg") -> dict:
        """`proof` that this terminal read `id_number`'s card in this visit (now)."""
        return card_read_proof(key or self.signing_key, terminal_id=terminal_id or self.terminal_id,
                               session_id=session_id, id_number=id_number,
                               card_kind="resident_id_card",
                               read_at=read_at or dt.datetime.now(dt.UTC))

    def search(self, id_number: str, proof: dict | None = None) -> requests.Response:
        body = {"id_number": id_number, "proof": proof or self.card_proof(id_number)}
        return self.http.post(self.url("/v1/cases/search"), json=body)

    def case(self, number: str, id_number: str, proof: dict | None = None) -> requests.Response:
        """GET /v1/cases/{number} for the resident `id_number`, proven by a card read."""
        header = proof_header(proof or self.card_proof(id_number))
        return self.http.get(self.url(f"/v1/cases/{number}"), headers={"Visit-Proof": header})


def enroll(server: CentralServer, verify=True, *, with_signing_key: bool = True,
           code: str | None = None) -> Terminal:
    code = code or server.enroll_code()
    signing_key = new_signing_key() if with_signing_key else None
    request = {"code": code}
    if signing_key is not None:
        request["signing_public_key"] = public_key_text(signing_key)
    answer = requests.post(server.url + "/v1/enrollments", json=request, verify=verify,
                           timeout=30)
    assert answer.status_code == 201, answer.text
    body = answer.json()
    http = requests.Session()
    # Loopback only: no proxies from the environment, and REQUESTS_CA_BUNDLE must not
    # override the one CA a TLS test trusts (requests lets the environment win otherwise).
    http.trust_env = False
    http.verify = verify
    http.headers["Authorization"] = f"Bearer {body['token']}"
    return Terminal(server, body["terminal_id"], body["token"], body["catalogue_public_key"], http,
                    signing_key)
