"""Log bundles on the platform: what it refuses, and what an operator sees before any
came (the whole path, a terminal sending one, is tests/sync/test_send_logs.py)."""

from __future__ import annotations


def test_a_terminal_without_bundles_and_garbage_instead_of_a_bundle(central, terminal):
    listed = central.admin("logs", "--terminal", terminal.terminal_id)
    assert listed.stdout.startswith(f"no log bundle from {terminal.terminal_id}")
    refused = terminal.http.post(terminal.url("/v1/logs"), data=b"not gzip",
                                 headers={"Content-Type": "application/octet-stream"})
    assert refused.status_code == 422
    assert refused.json()["code"] == "invalid_request"
