"""The log bundle a technician takes away (`kiosk logs bundle`) after residents used the
terminal: real visits of the emulated residents by taps (`kiosk burn-in` on the data
directory), the terminal's own rotated log file, then the bundle, searched for every
piece of the residents' data the visits handled. None may be there."""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
from pathlib import Path

from drivers.id_reader.emulator import load_cards
from ui.rehearsal.burn_in import ADDRESS, BANK_CARD, NAME
from ui.rehearsal.tour import CHILD_ID, PHONE, RESIDENT_ID

ROOT = Path(__file__).resolve().parents[2]


def kiosk(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=900)


def test_a_log_bundle_after_residents_visits_holds_none_of_their_data(tmp_path):
    data_dir = tmp_path / "data"
    config = tmp_path / "kiosk.toml"
    config.write_text("[technician]\n", encoding="utf-8")
    set_pin = subprocess.run([sys.executable, "-m", "kiosk", "--config", str(config),
                              "technician", "set-pin", "--pin-stdin"], cwd=ROOT,
                             input="135790\n", capture_output=True, text=True, timeout=60)
    assert set_pin.returncode == 0, set_pin.stderr
    burn_in = kiosk("--config", str(config), "burn-in", "--sessions", "12", "--json",
                    "--data-dir", str(data_dir),
                    env={"QT_QPA_PLATFORM": "offscreen", "QT_QUICK_BACKEND": "software",
                         "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    report = json.loads(burn_in.stdout.splitlines()[-1])
    assert report["sessions_completed"] == 12, (report["failures"], burn_in.stderr[-2000:])
    out = tmp_path / "bundle.tar.gz"
    made = kiosk("--config", str(config), "--data-dir", str(data_dir), "logs", "bundle",
                 "--out", str(out))
    assert made.returncode == 0, made.stderr

    with tarfile.open(out) as bundle:
        texts = {member.name: bundle.extractfile(member).read().decode("utf-8")
                 for member in bundle.getmembers()}
    manifest = json.loads(texts["manifest.json"])
    assert {"logs/kiosk.log", "device-states.json", "kiosk.toml"} <= set(manifest["files"])
    # The visits are in the log: cards read and lifted, papers captured.
    assert texts["logs/kiosk.log"].count("(card read)") >= 10
    assert "material captured" in texts["logs/kiosk.log"]
    assert "$scrypt$" not in texts["kiosk.toml"] and "(left out)" in texts["kiosk.toml"]

    residents = load_cards().values()
    personal = {*(card.data.name for card in residents),
                *(card.data.id_number for card in residents),
                *(card.data.address for card in residents), RESIDENT_ID, CHILD_ID, PHONE,
                BANK_CARD, NAME[1], ADDRESS[1]}
    found = {(name, value) for name, text in texts.items() for value in personal
             if value and value in text}
    assert found == set()
