"""Stopping the terminal as its service manager or a technician does: SIGTERM or Ctrl-C
(SIGINT) ends `kiosk run` and the demo in order, with no traceback, every process they
started gone, no throw-away folder left behind, and the visit in progress wiped. Closing
the demo's window ends it too. `kiosk run` without a configuration says what is missing.

Real processes throughout: the kiosk in a subprocess (offscreen), its ID card reader the
real GA 467 driver on a pseudo-terminal whose other end is the module's emulator here.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from drivers.id_reader.emulator import SamModuleEmulator, load_cards
from drivers.id_reader.pty_emulator import PtySamModule
from offline_cache.store import DB_NAME
from tests.e2e.kiosk_process import WAIT_S, KioskProcess, environment
from tests.processes import descendants_of, running

ROOT = Path(__file__).resolve().parents[2]
SYSTEM_PYTHON = Path("/usr/bin/python3")


def audit_events(data_dir: Path) -> list[tuple[str, str, dict]]:
    with sqlite3.connect(f"{(data_dir / DB_NAME).as_uri()}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT session_id, event, detail FROM audit ORDER BY id").fetchall()
    return [(session, event, json.loads(detail)) for session, event, detail in rows]


@pytest.fixture
def id_reader(tmp_path):
    module = SamModuleEmulator(load_cards())
    with PtySamModule(module, module_delay_s=0.005, link=tmp_path / "id-reader") as sam:
        yield module, sam


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stop_signal_ends_kiosk_run_in_order_and_wipes_the_visit(tmp_path, id_reader, sig):
    module, sam = id_reader
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[devices.id_reader]\ndriver = "ga467"\nport = "{sam.port}"\n'
                      "answer_timeout_ms = 200\n", encoding="utf-8")
    data_dir = tmp_path / "data"
    kiosk = KioskProcess(["run", "--config", str(config), "--data-dir", str(data_dir)],
                         environment(tmp_path))
    try:
        kiosk.wait_for("first frame")
        module.present_card("wang_xiulan")  # a resident at the terminal: a visit begins
        deadline = time.monotonic() + WAIT_S
        while not any(event == "identified" for _, event, _ in audit_events(data_dir)):
            assert time.monotonic() < deadline, "the card was never read"
            time.sleep(0.1)
        started = descendants_of(kiosk.process.pid)
        code, said = kiosk.stop_with(sig)
    finally:
        kiosk.kill()

    assert code == (0 if sig is signal.SIGTERM else 130)
    assert "Traceback" not in "".join(kiosk.seen)
    assert f"{sig.name} received" in said
    assert not [pid for pid in started if running(pid)]
    visit = next(session for session, event, _ in audit_events(data_dir) if event == "identified")
    assert ("session_wiped", {"reason": "shutdown"}) in [
        (event, detail) for session, event, detail in audit_events(data_dir) if session == visit]
    assert not list((tmp_path / "tmp").iterdir())


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stop_signal_ends_the_demo_with_its_platform_and_folder(tmp_path, sig):
    kiosk = KioskProcess(["--demo"], environment(tmp_path))
    try:
        kiosk.wait_for("this terminal is enrolled")  # its platform runs beside it
        started = descendants_of(kiosk.process.pid)
        assert started, "the demo's platform is not a process of the demo's"
        assert list((tmp_path / "tmp").iterdir()), "the demo made no throw-away folder"
        code, said = kiosk.stop_with(sig)
    finally:
        kiosk.kill()

    assert code == (0 if sig is signal.SIGTERM else 130)
    assert "Traceback" not in "".join(kiosk.seen)
    assert not [pid for pid in started if running(pid)]
    assert not list((tmp_path / "tmp").iterdir())


def test_without_a_display_the_demo_says_it_runs_offscreen(tmp_path):
    kiosk = KioskProcess(["--demo", "--exit-after-first-frame"],
                         {k: v for k, v in environment(tmp_path).items()
                          if k != "QT_QPA_PLATFORM"})
    try:
        code, said = kiosk.ended()
    finally:
        kiosk.kill()
    assert code == 0
    offscreen = [line for line in said.splitlines() if "offscreen" in line]
    assert offscreen == ["kiosk: no display here (DISPLAY and WAYLAND_DISPLAY are not set): "
                         "the demo runs offscreen, with no window to see"]


def test_kiosk_run_without_a_configuration_says_what_is_missing(tmp_path):
    env = environment(tmp_path)
    env.pop("KIOSK_CONFIG", None)
    ran = subprocess.run([sys.executable, "-m", "kiosk", "run", "--exit-after-first-frame",
                          "--data-dir", str(tmp_path / "data")], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=WAIT_S)
    if Path("/etc/one-terminal-kiosk/kiosk.toml").is_file():
        pytest.skip("this machine is an installed terminal: it has a configuration")
    assert ran.returncode == 2
    assert ran.stderr.splitlines() == [
        "kiosk: no configuration file: a terminal reads its devices, platform and screen "
        "from /etc/one-terminal-kiosk/kiosk.toml (or --config FILE, or $KIOSK_CONFIG), and "
        "there is none. To try the kiosk without devices: kiosk --demo, or kiosk run "
        "--emulated-devices."]
    assert not (tmp_path / "data").exists()  # nothing started


# Sent by Debian's python3 (python3-xlib): what a window manager sends when a window's
# close button is pressed.
CLOSE_WINDOW = """
import sys
from Xlib import X, display, protocol
screen = display.Display()
delete = screen.intern_atom("WM_DELETE_WINDOW")
protocols = screen.intern_atom("WM_PROTOCOLS")
def windows(window):
    yield window
    for child in window.query_tree().children:
        yield from windows(child)
name = screen.intern_atom("_NET_WM_NAME")
utf8 = screen.intern_atom("UTF8_STRING")
def title(window):
    value = window.get_full_property(name, utf8)
    return value.value.decode() if value else None
for window in windows(screen.screen().root):
    if title(window) == sys.argv[1]:
        event = protocol.event.ClientMessage(window=window, client_type=protocols,
                                             data=(32, [delete, X.CurrentTime, 0, 0, 0]))
        window.send_event(event)
        screen.flush()
        print("closed")
        break
"""


def test_closing_the_demo_window_ends_the_demo(tmp_path):
    if shutil.which("Xvfb") is None or subprocess.run(
            [str(SYSTEM_PYTHON), "-c", "import Xlib"], capture_output=True).returncode:
        pytest.fail("Xvfb and Debian's python3-xlib are needed (run scripts/setup.sh)")
    read_display, write_display = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_display), "-screen", "0",
                             "1920x1200x24", "-nolisten", "tcp"], pass_fds=(write_display,),
                            stderr=subprocess.DEVNULL)
    os.close(write_display)
    try:
        with os.fdopen(read_display) as answer:
            display = ":" + answer.readline().strip()
        env = environment(tmp_path, DISPLAY=display)
        del env["QT_QPA_PLATFORM"]
        kiosk = KioskProcess(["--demo"], env)
        try:
            kiosk.wait_for("this terminal is enrolled")
            started = descendants_of(kiosk.process.pid)
            closed = subprocess.run([str(SYSTEM_PYTHON), "-c", CLOSE_WINDOW, "政务服务自助终端"],
                                    env=env, capture_output=True, text=True, timeout=WAIT_S)
            assert closed.stdout.strip() == "closed", closed.stderr
            code, _ = kiosk.ended()
        finally:
            kiosk.kill()
    finally:
        xvfb.terminate()
        xvfb.wait()
    assert code == 0
    assert "Traceback" not in "".join(kiosk.seen)
    assert not [pid for pid in started if running(pid)]
    assert not list((tmp_path / "tmp").iterdir())
