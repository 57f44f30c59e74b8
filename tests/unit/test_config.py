import json
import subprocess
import sys
import tomllib

import pytest

from kiosk.config import ConfigError, load_config


def write(tmp_path, text):
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_demo_needs_no_file():
    config = load_config(None)
    assert config.screen.orientation == "portrait"
    assert set(config.devices) == {"id_reader", "card_reader", "printer", "camera", "speaker",
                                   "document_printer"}
    assert all(d.driver == "emulated" for d in config.devices.values())


def test_a_file_names_only_what_differs(tmp_path):
    config = load_config(write(tmp_path, """
[terminal]
id = "SZ0042"
[screen]
orientation = "landscape"
width_mm = 476
[devices.printer]
profile = "generic-58-gb18030"
"""))
    assert config.terminal.id == "SZ0042"
    assert config.screen.orientation == "landscape"
    assert config.screen.width_mm == 476.0
    assert config.devices["printer"].profile == "generic-58-gb18030"
    assert config.session.countdown_s == 30  # untouched default


def test_an_a4_printer_is_named_by_its_ipp_address_or_cups_queue(tmp_path):
    config = load_config(write(tmp_path, """
[devices.document_printer]
driver = "ipp"
uri = "ipp://192.168.1.40:631/ipp/print"
"""))
    assert config.devices["document_printer"].uri == "ipp://192.168.1.40:631/ipp/print"
    queue = load_config(write(tmp_path, "[devices.document_printer]\ndriver = 'cups'\n"
                                        "cups_printer = 'A4'\n"))
    assert queue.devices["document_printer"].cups_printer == "A4"


@pytest.mark.parametrize("text, words", [
    ("[terminal]\nidd = 'x'", "unknown key 'idd'"),
    ("[screen]\norientation = 5", "'orientation' must be str"),
    ("[screen]\norientation = 'sideways'", "portrait"),
    ("[session]\ncountdown_s = 5", "at least 20"),
    ("[devices.scanner]\ndriver = 'emulated'", "not a device kind"),
    ("[devices.printer]\ndriver = 'laser'", "not available"),
    ("[nonsense]\na = 1", "unknown section [nonsense]"),
    ("[devices.id_reader]\ndriver = 'ga467'", "needs port"),
    ("[devices.id_reader]\nbaudrate = 14400", "baudrate must be one of 115200"),
    ("[devices.id_reader]\nbaud = 115200", "unknown key 'baud'"),
    ("[devices.printer]\ndriver = 'escpos'", "connection \"network\" needs host"),
    ("[devices.printer]\ndriver = 'escpos'\nconnection = 'usb'", "needs vendor_id and product_id"),
    ("[devices.printer]\nconnection = 'bluetooth'", "connection must be one of"),
    ("[devices.printer]\npaper_mm = 76", "paper_mm must be 58 or 80"),
    ("[devices.camera]\ndriver = 'opencv'", "needs source"),
    ("[devices.speaker]\ndriver = 'qt'", "not available"),
    ("[devices.speaker]\nheadset = 'bluetooth'", "headset must be one of port, plugged"),
    ("[devices.speaker]\ndriver = 'speech-dispatcher'\nzh_voice = ''", "needs zh_voice"),
    ("[devices.document_printer]\ndriver = 'ipp'", "needs uri"),
    ("[devices.document_printer]\ndriver = 'ipp'\nuri = 'http://10.0.0.9/ipp'", "needs uri"),
    ("[devices.document_printer]\ndriver = 'cups'", "needs cups_printer"),
    ("[devices.document_printer]\ndriver = 'lpr'", "not available"),
    ("this is = not toml [", "not valid TOML"),
    ("[screen]\nrotation = 45", "rotation must be 0, 90, 180 or 270"),
    ("[screen]\ntouch_calibration = '0 1 0 -1 0'", "touch_calibration must be six numbers"),
    ("[screen]\ntouch_calibration = '0 1 0 -1 0 x'", "touch_calibration must be six numbers"),
    ("[technician]\npin_sha256 = '000000'", "pin_sha256 must be 64 hex digits"),
    ("[technician]\npin = '000000'", "unknown key 'pin'"),
])
def test_mistakes_stop_start_up_with_the_key_named(tmp_path, text, words):
    """A typo in a terminal's configuration stops it at once, naming the key, rather
    than leaving a device silently unused."""
    with pytest.raises(ConfigError, match=None) as caught:
        load_config(write(tmp_path, text))
    assert words in str(caught.value)
    assert "kiosk.toml" in str(caught.value)


@pytest.mark.parametrize("url", [
    "http://platform.gov.example", "http://10.20.0.5:8443/api", "http://localhost.example.com",
    "http://127.0.0.1.example.com", "ftp://platform.gov.example", "platform.gov.example"])
def test_the_platform_address_is_https_unless_it_is_this_machine(tmp_path, url):
    """Residents' applications and the terminal's credential cross the network in the
    clear over plain http://: only a platform on loopback may be reached that way."""
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, f"[platform]\nurl = '{url}'"))
    assert "[platform] url must" in str(caught.value) and "https://" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_refused_address_is_repeated_without_the_password_in_it(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, "[platform]\nurl = 'http://ops:s3cret@platform.example/v'"))
    assert "s3cret" not in str(caught.value) and "ops@" not in str(caught.value)
    assert "'http://platform.example/v'" in str(caught.value)


@pytest.mark.parametrize("url", [
    "https://platform.gov.example", "http://127.0.0.1:8080", "http://127.8.0.1",
    "http://localhost:8080/", "http://[::1]:8080"])
def test_loopback_may_be_plain_http(tmp_path, url):
    assert load_config(write(tmp_path, f"[platform]\nurl = '{url}'")).platform.url == url


def test_the_documented_example_is_the_defaults(tmp_path):
    from importlib import resources

    example = resources.files("kiosk").joinpath("kiosk.example.toml").read_text("utf-8")
    assert load_config(write(tmp_path, example)).as_dict() == load_config(None).as_dict()


def run_kiosk(*args):
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True,
                          text=True, timeout=120)


def test_config_show_prints_the_effective_configuration(tmp_path):
    path = write(tmp_path, "[terminal]\nid = 'HZ7'\n")
    result = run_kiosk("config", "show", "--config", str(path), "--data-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    shown = tomllib.loads(result.stdout)
    assert shown["terminal"]["id"] == "HZ7"
    assert shown["devices"]["camera"]["driver"] == "emulated"
    as_json = json.loads(run_kiosk("--config", str(path), "config", "show", "--json").stdout)
    assert as_json["terminal"]["id"] == "HZ7"


def test_a_broken_config_is_a_clear_message_not_a_traceback(tmp_path):
    result = run_kiosk("config", "show", "--config", str(write(tmp_path, "[screen]\nx=1")))
    assert result.returncode == 2
    assert "unknown key 'x'" in result.stderr
    assert "Traceback" not in result.stderr


def test_real_drivers_take_their_keys(tmp_path):
    config = load_config(write(tmp_path, """
[devices.id_reader]
driver = "ga467"
port = "/dev/ttyUSB0"
baudrate = 57600
probe_baudrates = true
[devices.card_reader]
driver = "pcsc"
reader = "ACS"
[devices.printer]
driver = "escpos"
connection = "usb"
vendor_id = 0x0416
product_id = 0x5011
paper_mm = 58
encoding = "gbk"
[devices.camera]
driver = "opencv"
source = "0"
"""))
    devices = config.devices
    assert (devices["id_reader"].port, devices["id_reader"].baudrate) == ("/dev/ttyUSB0", 57600)
    assert devices["card_reader"].reader == "ACS"
    assert (devices["printer"].vendor_id, devices["printer"].product_id) == (0x0416, 0x5011)
    assert devices["camera"].source == "0"


def test_the_technician_pin_is_a_digest_with_the_demo_default(tmp_path):
    import hashlib

    assert load_config(None).technician.pin_sha256 == hashlib.sha256(b"000000").hexdigest()
    digest = hashlib.sha256(b"482915").hexdigest()
    config = load_config(write(tmp_path, f"[technician]\npin_sha256 = '{digest.upper()}'"))
    assert config.technician.pin_sha256 == digest.upper()  # either case is taken
