"""The committed OpenAPI document is the app's own, is served, and drives a fuzzing run."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from central.__main__ import OPENAPI_FILE, openapi_text
from tests.central.harness import REPO, enroll


def test_the_committed_document_is_up_to_date():
    assert OPENAPI_FILE.read_text(encoding="utf-8") == openapi_text(), (
        "central/openapi.json is stale: run `python -m central openapi`"
    )


@pytest.mark.one_engine
def test_the_server_serves_the_committed_document(central):
    served = requests.get(central.url + "/openapi.json", timeout=30).json()
    assert served == json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))
    assert served["openapi"].startswith("3.")
    paths = set(served["paths"])
    assert {"/v1/enrollments", "/v1/catalogue", "/v1/submissions", "/v1/cases/{number}",
            "/v1/attachments", "/v1/attachments/{attachment_id}", "/v1/eid/verify",
            "/v1/heartbeats", "/v1/time", "/v1/cases/search", "/v1/records/query",
            "/v1/elicences/search", "/v1/proofs", "/v1/proofs/{code}"} <= paths


def test_the_platform_never_imports_the_kiosk_or_qt():
    probe = (
        "import sys, central.app, central.admin, central.server, central.__main__\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('kiosk', 'ui', 'PySide6'))\n"
        "print(bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_no_request_generated_from_the_document_makes_the_server_fail(central, tmp_path):
    """Schemathesis: fuzzing and stateful phases, 30 examples per operation, fixed seed."""
    terminal = enroll(central)
    terminal.http.close()
    schemathesis = Path(sys.executable).with_name("schemathesis")
    result = subprocess.run(
        [str(schemathesis), "run", central.url + "/openapi.json",
         "--checks", "not_a_server_error",
         "--phases", "fuzzing,stateful",
         "--max-examples", "30",
         "--seed", "20260601",
         "--workers", "1",
         "--header", f"Authorization: Bearer {terminal.token}",
         "--generation-with-security-parameters", "false",
         "--generation-database", "none",
         "--request-timeout", "30",
         "--no-color"],
        cwd=tmp_path, capture_output=True, text=True, timeout=240,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    assert re.search(r"\d+ generated, \d+ passed", result.stdout), result.stdout[-2000:]
    log = central.log.read_text(encoding="utf-8")
    assert re.search(r'HTTP/1\.1\\?" 5\d\d', log) is None  # quotes are escaped in JSON lines
    assert "Traceback" not in log
