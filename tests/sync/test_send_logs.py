"""An operator asks a terminal for its logs (`python -m central command --command
send_logs`): the terminal's next heartbeat takes the command, makes its log bundle and
sends it; the operator writes it out with `python -m central logs`. The real platform on
loopback, a whole Kiosk (emulated devices) with its real sync engine and its log file."""

from __future__ import annotations

import io
import json
import logging
import tarfile

from kiosk.app import Kiosk
from kiosk.config import KioskConfig
from kiosk.logs import log_to_file, stop_logging_to
from kiosk.sync.enrollment import enroll
from tests.sync.conftest import fast_platform_config


def test_send_logs_brings_the_terminals_bundle_to_the_platform_the_newest_three_kept(
        central, tmp_path, caplog):
    caplog.set_level(logging.INFO)  # as the kiosk's own logging set-up has it
    config = KioskConfig()
    config.platform = fast_platform_config()
    kiosk = Kiosk(config, tmp_path / "data")
    file_log = log_to_file(tmp_path / "data")
    try:
        link = enroll(kiosk.store, central.url, central.enroll_code(), config.platform)
        kiosk.sync.relink()
        kiosk.device_health()  # the devices as the terminal sees them, into its logs folder
        for _ in range(4):
            central.admin("command", "--terminal", link.terminal_id, "--command", "send_logs")
            assert kiosk.sync.run_once(("heartbeat",)).errors == []  # taken and sent
            kiosk.sync.run_once(("heartbeat",))  # acknowledged
    finally:
        stop_logging_to(file_log)
        kiosk.close()

    listed = central.admin("logs", "--terminal", link.terminal_id).stdout.splitlines()
    assert len(listed) == 3  # the newest three of four
    out = tmp_path / "bundle.tar.gz"
    central.admin("logs", "--terminal", link.terminal_id, "--out", str(out))
    with tarfile.open(fileobj=io.BytesIO(out.read_bytes())) as bundle:
        names = bundle.getnames()
        manifest = json.loads(bundle.extractfile("manifest.json").read())
        log_text = bundle.extractfile("logs/kiosk.log").read().decode()
        devices = json.loads(bundle.extractfile("device-states.json").read())
    assert manifest["terminal_id"] == link.terminal_id
    assert {"logs/kiosk.log", "device-states.json", "kiosk.toml"} <= set(names)
    assert "remote command from the platform: send_logs" in log_text
    assert set(devices["devices"]) >= {"id_reader", "printer"}
