"""`kiosk devices ...` as a technician runs it: a subprocess with a configuration that
points the real drivers at emulators on real transports (a pty for the ID card reader,
a video file for the camera)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from drivers.camera.clips import scenes, write_clip
from drivers.id_reader.emulator import SamModuleEmulator, load_cards
from drivers.id_reader.pty_emulator import PtySamModule

LI_ID = load_cards()["li_jianguo"].data.id_number


def kiosk_devices(*args, config: Path, data_dir: Path, timeout=120):
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "devices", *args, "--config", str(config),
         "--data-dir", str(data_dir)], capture_output=True, text=True, timeout=timeout)


def write_config(tmp_path: Path, **sections: dict) -> Path:
    lines = []
    for kind, keys in sections.items():
        lines.append(f"[devices.{kind}]")
        lines += [f"{key} = {json.dumps(value)}" for key, value in keys.items()]
    path = tmp_path / "kiosk.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def id_module(tmp_path):
    module = SamModuleEmulator(load_cards())
    with PtySamModule(module, module_delay_s=0.005, link=tmp_path / "id-reader") as sam:
        yield module, sam


def test_read_id_shows_a_masked_card_and_reveals_on_request(tmp_path, id_module):
    module, sam = id_module
    config = write_config(tmp_path, id_reader={"driver": "ga467", "port": sam.port})
    module.present_card("li_jianguo")

    masked = kiosk_devices("read-id", "--json", "--timeout", "10", config=config,
                           data_dir=tmp_path)
    assert masked.returncode == 0, masked.stdout + masked.stderr[-2000:]
    fields = json.loads(masked.stdout)
    assert {"name", "sex", "nation", "birth_date", "address", "id_number", "authority",
            "valid_from", "valid_to", "card_type"} <= fields.keys()
    assert fields["id_number"] == LI_ID[:4] + "*" * 10 + LI_ID[-4:]
    assert fields["name"] == "李*国" and fields["sex"] == "男"
    assert fields["birth_date"] == f"{LI_ID[6:10]}-{LI_ID[10:12]}-{LI_ID[12:14]}"
    assert LI_ID not in masked.stdout + masked.stderr and "李建国" not in masked.stderr

    module.remove_card()  # put it down anew: the module reads a card once per placement
    module.present_card("li_jianguo")
    revealed = kiosk_devices("read-id", "--json", "--reveal", "--timeout", "10",
                             config=config, data_dir=tmp_path)
    assert revealed.returncode == 0, revealed.stderr[-2000:]
    fields = json.loads(revealed.stdout)
    assert fields["id_number"] == LI_ID and fields["name"] == "李建国"
    assert LI_ID not in revealed.stderr  # the log still holds no personal data


def test_read_id_without_a_card_fails_with_one_line(tmp_path, id_module):
    _, sam = id_module
    config = write_config(tmp_path, id_reader={"driver": "ga467", "port": sam.port})
    result = kiosk_devices("read-id", "--timeout", "1", config=config, data_dir=tmp_path)
    assert result.returncode == 1
    assert result.stdout.strip().splitlines() == [
        "kiosk devices: no ID card was laid on the reader within 1 s"]


def test_check_names_the_missing_reader_and_what_to_do(tmp_path):
    config = write_config(tmp_path, id_reader={"driver": "ga467",
                                               "port": str(tmp_path / "no-such-port"),
                                               "answer_timeout_ms": 200})
    result = kiosk_devices("check", "--json", config=config, data_dir=tmp_path)
    assert result.returncode == 1
    rows = {row["kind"]: row for row in json.loads(result.stdout)}
    assert rows["id_reader"]["state"] == "no_device" and not rows["id_reader"]["can_serve"]
    assert "port" in rows["id_reader"]["advice"]
    assert rows["printer"]["can_serve"]  # the rest is looked at all the same
    assert "Traceback" not in result.stderr


def test_check_passes_when_every_device_serves(tmp_path, id_module):
    _, sam = id_module
    config = write_config(tmp_path, id_reader={"driver": "ga467", "port": sam.port})
    result = kiosk_devices("check", config=config, data_dir=tmp_path)
    assert result.returncode == 0, result.stdout
    rows = [line.split() for line in result.stdout.splitlines()]
    assert ["ok", "id_reader", "ready"] in [row[:3] for row in rows]
    assert ["ok", "document_printer", "ready"] in [row[:3] for row in rows]


def test_print_test_reports_status_before_and_after(tmp_path):
    config = write_config(tmp_path, printer={"driver": "emulated"})
    result = kiosk_devices("print-test", config=config, data_dir=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    assert "printer status before: ready" in result.stdout
    assert "printer status after: ready" in result.stdout


def test_scan_prints_the_first_qr_code_a_camera_clip_shows(tmp_path):
    clip = write_clip(tmp_path / "phone.avi", scenes("DEMO01-20261201-00042")["phone_qr"],
                      size=(640, 360), frames=20)
    config = write_config(tmp_path, camera={"driver": "opencv", "source": str(clip),
                                            "width": 640, "height": 360})
    result = kiosk_devices("scan", "--json", "--timeout", "20", config=config,
                           data_dir=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    assert json.loads(result.stdout) == {"text": "DEMO01-20261201-00042"}


def test_scan_with_no_camera_says_so(tmp_path):
    config = write_config(tmp_path, camera={"driver": "opencv",
                                            "source": str(tmp_path / "missing.avi")})
    result = kiosk_devices("scan", "--timeout", "2", config=config, data_dir=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("kiosk devices: camera: no_device")


@pytest.mark.parametrize("connection", ["network", "serial", "file"])
def test_print_test_over_each_transport_comes_out_whole(tmp_path, connection):
    """`kiosk devices print-test` on a printer over TCP 9100, a serial line (a pty) and a
    device file: the Chinese text, the QR code and the cut arrive, read back from the
    bytes the printer received."""
    from drivers.printer.escpos_decoder import decode
    from drivers.printer.pty_emulator import PtyPrinterEmulator
    from drivers.printer.tcp_emulator import TcpPrinterEmulator

    if connection == "network":
        emulator = TcpPrinterEmulator().start()
        keys = {"host": "127.0.0.1", "port": emulator.address[1]}
    elif connection == "serial":
        emulator = PtyPrinterEmulator(link=tmp_path / "printer").start()
        keys = {"device": str(tmp_path / "printer")}
    else:
        emulator = None
        device = tmp_path / "lp0"
        device.touch()  # the device node is there; the driver never creates it
        keys = {"device": str(device)}
    config = write_config(tmp_path, printer={"driver": "escpos", "connection": connection,
                                             "timeout_s": 2.0, **keys})
    try:
        result = kiosk_devices("print-test", config=config, data_dir=tmp_path)
        if emulator is not None:
            assert result.returncode == 0, result.stdout + result.stderr[-2000:]
            assert "printer status before: ready" in result.stdout
            assert "printer status after: ready" in result.stdout
            [receipt] = emulator.stream.wait_for_receipts(1)
            paper = receipt.paper
        else:  # a device file answers no status: printed, but nobody can confirm it
            assert result.returncode == 1
            assert "did not answer a status request" in result.stdout  # one line
            paper = decode(device.read_bytes(), "gb18030")
        text = "".join(paper.lines)  # wrapped at the paper's width: joined back
        assert "打印测试" in text and "政务服务“一网通办”，全角标点、。！？——" in text
        assert paper.qr_codes == ["PRINT-TEST-DEMO01"] and paper.cuts == 1
    finally:
        if emulator is not None:
            emulator.stop()


def test_check_says_what_a_salvaged_store_lost_by_tracking_number(tmp_path):
    from offline_cache.store import Store, SubmissionRecord
    from tests.store_damage import zero_the_page_holding

    data = tmp_path / "data"
    numbers = [f"DEMO01-20261207-{n:05d}" for n in range(1, 41)]
    with Store.open(data) as store:
        for n, number in enumerate(numbers):
            store.outbox.submit(SubmissionRecord(f"c{n}", "application", "S-1", number,
                                                 {"note": "x" * 300}))
            store.receipts.save(number, f"c{n}", "S-1", f"受理编号：{number}")
    zero_the_page_holding(data / "kiosk.db", numbers[20])
    with Store.open(data) as store:
        report = store.salvage_reports()[0]

    config = write_config(tmp_path, printer={"driver": "emulated"})
    result = kiosk_devices("check", config=config, data_dir=data)
    assert (f"{report.recovered} item(s) recovered, {report.unrecovered} could not be"
            in result.stdout), result.stdout
    assert numbers[20] in result.stdout and "apply again" in result.stdout
    rows = {row["kind"]: row for row in json.loads(
        kiosk_devices("check", "--json", config=config, data_dir=data).stdout)}
    assert rows["store"]["unrecovered_numbers"] == list(report.unrecovered_numbers)
