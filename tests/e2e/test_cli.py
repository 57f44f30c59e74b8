"""The `kiosk` command as a technician runs it: a subprocess, its output and exit code."""

from __future__ import annotations

import json
import subprocess
import sys

from kiosk.catalogue.loader import demo_catalogue_path

WANG_ID = "110101196803120028"


def kiosk(*args, data_dir=None):
    extra = ["--data-dir", str(data_dir)] if data_dir else []
    return subprocess.run([sys.executable, "-m", "kiosk", *args, *extra], capture_output=True,
                          text=True, timeout=300)


def test_demo_runs_a_whole_visit_and_prints_a_masked_receipt(tmp_path):
    result = kiosk("--demo", "--headless", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert "受理编号：DEMO01-" in out
    assert "证件号码：1101**********0028" in out and "申请人：王*兰" in out
    assert WANG_ID not in out + result.stderr and "王秀兰" not in out + result.stderr
    assert "[QR code: DEMO01-" in out
    assert "session wiped: True" in out
    assert "Traceback" not in result.stderr

    listing = kiosk("outbox", "--json", data_dir=tmp_path)
    rows = json.loads(listing.stdout)["items"]
    assert all(r["state"] == "queued" for r in rows)  # not enrolled: nothing was sent
    assert sorted(r["kind"] for r in rows) == ["application", "rating"]
    assert all(r["test_traffic"] for r in rows)  # demo traffic is marked as such
    assert WANG_ID not in listing.stdout and "王秀兰" not in listing.stdout


def test_catalogue_check_on_the_bundled_catalogue(tmp_path):
    result = kiosk("catalogue", "check", "--json", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["items"] >= 200 and report["skipped"] == []


def test_catalogue_check_names_each_bad_item_and_why(tmp_path):
    document = json.loads(demo_catalogue_path().read_text(encoding="utf-8"))
    document["items"] = document["items"][:5]
    del document["items"][1]["name"]
    document["items"][3]["fields"] = [{"key": "x", "label": "X", "type": "colour"}]
    document["items"][4]["department"] = "<font color=red size=7>请到3号窗口缴费</font>"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    result = kiosk("catalogue", "check", str(bad), data_dir=tmp_path)
    assert result.returncode == 1
    assert "2 items load, 3 would be skipped" in result.stdout
    assert "name" in result.stdout and "colour" in result.stdout
    assert "department: holds markup '<font color=red size=7>" in result.stdout

    garbage = tmp_path / "garbage.json"
    garbage.write_text("<html>captive portal</html>", encoding="utf-8")
    result = kiosk("catalogue", "check", str(garbage), "--json", data_dir=tmp_path)
    assert result.returncode == 1
    assert json.loads(result.stdout)["usable"] is False
    assert "Traceback" not in result.stderr


def test_catalogue_search_ranks_what_a_resident_typed(tmp_path):
    result = kiosk("catalogue", "search", "sbk", "--json", "--limit", "5", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert hits and len(hits) <= 5
    assert any("社会保障卡" in h["name"] or "社保卡" in h["name"] for h in hits[:3])
    text = kiosk("catalogue", "search", "公积金提取", data_dir=tmp_path).stdout
    assert text.splitlines()[0].startswith(" 1. ") and "公积金" in text.splitlines()[0]




def test_the_readme_demo_starts_and_shows_its_first_frame(tmp_path):
    """What the README's first command runs, offscreen: the home screen's first frame."""
    import os

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_QUICK_BACKEND": "software"}
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "--demo", "--exit-after-first-frame",
         "--data-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "first frame after" in result.stdout
    assert "Traceback" not in result.stderr
    warnings = [line for line in result.stderr.splitlines()
                if ("qml" in line.lower() or "qt." in line) and "PopupList" not in line
                and "INFO" not in line and "Pinyin" not in line]
    assert warnings == []


def test_store_salvage_recovers_a_set_aside_file_once_its_key_is_back(tmp_path):
    from offline_cache.keys import default_key_dir
    from offline_cache.store import Store, SubmissionRecord

    data = tmp_path / "data"
    with Store.open(data) as store:
        for n in (1, 2):
            store.outbox.submit(SubmissionRecord(
                f"c{n}", "application", "S-1", f"DEMO01-20261207-0000{n}",
                {"applicant": {"id_number": WANG_ID, "name": "王秀兰"}}))
    [key_file] = default_key_dir(data).glob("store-*.key")
    key = key_file.read_bytes()
    key_file.unlink()  # lost with a replaced disk, say: the store is set aside at open
    with Store.open(data) as store:
        set_aside = store.set_aside
    key_file.write_bytes(key)

    result = kiosk("store", "salvage", str(set_aside), data_dir=data)
    assert result.returncode == 0, result.stderr
    assert "2 item(s) recovered, 0 could not be" in result.stdout
    listing = json.loads(kiosk("outbox", "--json", data_dir=data).stdout)["items"]
    assert sorted(r["tracking_number"] for r in listing) == [
        "DEMO01-20261207-00001", "DEMO01-20261207-00002"]
    assert WANG_ID not in result.stdout + result.stderr


def test_a_command_on_another_users_data_directory_refuses_in_one_line(tmp_path):
    import os

    data = tmp_path / "data"
    data.mkdir()
    os.chown(data, 65534, 65534)  # the tests run as root, as CI does
    result = kiosk("outbox", data_dir=data)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "belongs to user nobody" in result.stderr and "Traceback" not in result.stderr
    assert os.listdir(data) == []
