"""The terminal's configuration: one TOML file, every key with a documented default.

The demo needs no file at all. A file only names what differs from the defaults; an
unknown key or a value of the wrong type stops start-up with a message naming the key,
because a typo in a kiosk's config should never be silently ignored.
"""

from __future__ import annotations

import dataclasses
import hashlib
import ipaddress
import os
import tomllib
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_type_hints

DEVICE_DRIVERS = {
    "id_reader": ("emulated", "ga467"),
    "card_reader": ("emulated", "pcsc"),
    "printer": ("emulated", "escpos"),
    "camera": ("emulated", "opencv"),
    "speaker": ("emulated", "speech-dispatcher"),
    "document_printer": ("emulated", "ipp", "cups"),
}
BAUDRATES = (115200, 57600, 38400, 19200, 9600)  # what GA 467 modules can be set to
PRINTER_CONNECTIONS = ("network", "serial", "usb", "file", "cups")
SCREEN_ROTATIONS = (0, 90, 180, 270)


@dataclass
class TerminalConfig:
    id: str = "DEMO01"  # printed on receipts; part of every tracking number
    location: str = "演示网点（市民服务中心一楼大厅）"
    hotline: str = "12345"
    # Where a resident can be served when this terminal cannot (out of service), as
    # residents would say it: "市民服务中心一楼3号人工窗口". Empty: the nearest service hall.
    staffed_counter: str = ""


# The demo's technician PIN, 000000: it opens maintenance only in the demo. A terminal in
# service sets its own (`kiosk technician set-pin`).
DEMO_PIN_SHA256 = hashlib.sha256(b"000000").hexdigest()


@dataclass
class TechnicianConfig:
    # The PIN that opens the maintenance view on the screen (held 5 s on the home screen's
    # footer, then typed on the digit pad), as a salted slow hash: a `$scrypt$` PHC string
    # that `kiosk technician set-pin` writes.
    pin_hash: str = ""
    # The old form, an unsalted SHA-256 in hex: still read (with a warning) when there is
    # no pin_hash. Its default is the demo's PIN, refused outside the demo.
    pin_sha256: str = DEMO_PIN_SHA256

    @property
    def stored_pin(self) -> str:
        return self.pin_hash or self.pin_sha256


@dataclass
class ScreenConfig:
    orientation: str = "portrait"  # "portrait" (1080x1920) or "landscape" (1920x1080)
    # Physical size of the visible panel; 0 means "ask Qt". Set it when the panel
    # reports a wrong size, or sizes in millimetres come out wrong.
    width_mm: float = 0.0
    height_mm: float = 0.0
    # For an installed terminal's compositor (deploy/), not for the kiosk itself: the
    # panel's rotation as mounted, in degrees clockwise (0, 90, 180 or 270), and the touch
    # panel's libinput calibration matrix, six numbers ("a b c d e f"); empty: the matrix
    # that follows the rotation.
    rotation: int = 0
    touch_calibration: str = ""


@dataclass
class SessionConfig:
    idle_warning_s: int = 60  # no touch for this long: warn
    countdown_s: int = 30  # the warning counts down this long, then wipes (>= 20)
    max_extensions: int = 10  # "I need more time" may be tapped this often (>= 10)
    card_reminder_s: int = 20  # a card still in a reader: remind again after this long


@dataclass
class StorageConfig:
    min_free_mb: int = 200  # below this, services that need a submission close
    delivered_retention_days: int = 7  # personal data of delivered items kept this long
    # The store's keys and the terminal's enrollment (readable by the kiosk's user alone),
    # outside the data directory. Empty: beside it, "<data directory>-keys".
    key_dir: str = ""
    # The store could not be opened at start (a full or read-only disk): out of service,
    # and a new try this often until it opens.
    retry_open_s: float = 30.0


@dataclass
class PlatformConfig:
    # The platform's address. Empty: the one stored at enrollment; set it to move the
    # terminal behind a proxy or to a new address without enrolling again.
    url: str = ""
    ca_file: str = ""  # a PEM file of the CA(s) to trust; empty: the system's store
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 20.0
    upload_interval_s: float = 15.0  # look for queued items this often (and on each filing)
    catalogue_interval_s: float = 900.0
    heartbeat_interval_s: float = 300.0
    # How often an installed terminal with a release key asks for a newer release.
    software_interval_s: float = 6 * 3600.0
    backoff_initial_s: float = 2.0  # a failed call is retried after this, doubling ...
    backoff_max_s: float = 600.0  # ... up to this, with jitter; never giving up
    alert_after_s: float = 3600.0  # an item waiting longer than this alerts technicians
    chunk_kib: int = 1024  # attachment bytes per upload request


@dataclass
class CatalogueConfig:
    path: str = ""  # a catalogue JSON file; empty means the bundled demo catalogue


@dataclass
class IdReaderConfig:
    driver: str = "emulated"  # "ga467": a SAM module on a serial port
    port: str = ""  # its serial port (/dev/ttyUSB0, or a stable symlink to it)
    baudrate: int = 115200  # one of 115200, 57600, 38400, 19200, 9600
    probe_baudrates: bool = False  # no answer at `baudrate`: try the others at start
    answer_timeout_ms: int = 1000  # a module that says nothing this long is not there
    poll_interval_ms: int = 300


@dataclass
class CardReaderConfig:
    driver: str = "emulated"  # "pcsc": a reader under pcscd
    reader: str = ""  # part of the reader's name, when there are several
    poll_interval_ms: int = 300


@dataclass
class PrinterConfig:
    driver: str = "emulated"  # "escpos"
    connection: str = "network"  # "network", "serial", "usb", "file" or "cups"
    host: str = ""  # network: the printer's address
    port: int = 9100  # network: its TCP port
    device: str = ""  # serial: the port; file: the device file (/dev/usb/lp0)
    baudrate: int = 9600  # serial
    vendor_id: int = 0  # usb: 0x0416 and so on (TOML takes hex numbers)
    product_id: int = 0
    cups_printer: str = ""  # cups: the queue's name
    profile: str = "generic-80-gb18030"  # the model: paper, encoding, Chinese mode, QR
    paper_mm: int = 0  # 58 or 80 to override the profile's; 0 keeps it
    encoding: str = ""  # "gb18030", "gbk" or "utf-8" to override the profile's
    timeout_s: float = 5.0  # for connecting, sending and status answers


@dataclass
class CameraConfig:
    driver: str = "emulated"  # "opencv"
    source: str = ""  # a device index ("0"), a video file, or a stream URL
    width: int = 1280
    height: int = 720


@dataclass
class SpeakerConfig:
    driver: str = "emulated"  # "speech-dispatcher": voice guidance through the loudspeaker
    # speech-dispatcher's socket; empty: its own ($XDG_RUNTIME_DIR/speech-dispatcher/
    # speechd.sock). When nothing answers there the kiosk starts speech-dispatcher itself.
    socket: str = ""
    zh_voice: str = "cmn"  # the Chinese voice, by name (espeak-ng's Mandarin is "cmn")
    en_voice: str = "en-US"  # the English voice, by name
    # "port": a headset is plugged while the audio server's headphone port is available;
    # "plugged": always a headset (a terminal with a handset); "unplugged": never
    headset: str = "port"
    timeout_ms: int = 2000  # an engine silent this long is taken as stuck


@dataclass
class DocumentPrinterConfig:
    driver: str = "emulated"  # "ipp": an IPP Everywhere printer; "cups": a CUPS queue
    # ipp: the printer's address, ipp://host:port/path (ipps:// with TLS). A USB printer
    # through ipp-usb is at ipp://localhost:60000/ipp/print.
    uri: str = ""
    cups_printer: str = ""  # cups: the queue's name
    timeout_s: float = 5.0  # for each request to the printer


DEVICE_CONFIGS = {"id_reader": IdReaderConfig, "card_reader": CardReaderConfig,
                  "printer": PrinterConfig, "camera": CameraConfig, "speaker": SpeakerConfig,
                  "document_printer": DocumentPrinterConfig}
HEADSET_MODES = ("port", "plugged", "unplugged")


def _default_devices() -> dict[str, Any]:
    return {kind: make() for kind, make in DEVICE_CONFIGS.items()}


@dataclass
class KeypadConfig:
    """The tactile keypad (ADA 707.6): which keys, by Qt's names without "Key_", do what.
    A keypad arrives as an ordinary keyboard; digits 0-9 are always digits."""

    enter: str = "Return Enter"  # press the control that has the focus
    clear: str = "Backspace Delete"  # delete the last digit typed
    back: str = "Escape"  # the screen's 返回
    help: str = "F1 Help"  # voice mode on, or the screen said again
    up: str = "Up"  # the previous control, in reading order
    down: str = "Down"  # the next control
    left: str = "Left"  # the previous page of a list or guide
    right: str = "Right"  # the next page
    louder: str = "F3 VolumeUp"
    quieter: str = "F2 VolumeDown"


@dataclass
class UpdateConfig:
    """Software updates (kiosk/update/): releases signed with the release key, installed
    side by side under `install_root`, each in a virtual environment of `python`."""

    release_key: str = ""  # base64 of the Ed25519 public key; empty: no update is taken
    install_root: str = "/opt/one-terminal-kiosk"
    python: str = "/usr/bin/python3"  # Debian's: the kiosk's user can run it
    # When a version installed beside the running one is switched to (nobody mid-visit);
    # local time, may wrap past midnight. A long quiet outside it will do as well.
    switch_window: str = "02:00-05:00"
    # How long a new version has for its first sync round, where the platform was
    # reachable before the switch (a platform briefly down is not the version's fault).
    platform_check_s: float = 600.0


@dataclass
class KioskConfig:
    terminal: TerminalConfig = field(default_factory=TerminalConfig)
    screen: ScreenConfig = field(default_factory=ScreenConfig)
    session: SessionConfig = field(default_factory=SessionConfig)
    storage: StorageConfig = field(default_factory=StorageConfig)
    catalogue: CatalogueConfig = field(default_factory=CatalogueConfig)
    platform: PlatformConfig = field(default_factory=PlatformConfig)
    technician: TechnicianConfig = field(default_factory=TechnicianConfig)
    keypad: KeypadConfig = field(default_factory=KeypadConfig)
    update: UpdateConfig = field(default_factory=UpdateConfig)
    devices: dict[str, Any] = field(default_factory=_default_devices)

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


class ConfigError(Exception):
    """The configuration file cannot be used; the message names the file and key."""


# Where an installed terminal keeps its configuration (deploy/ writes it); $KIOSK_CONFIG
# or --config name another file.
SYSTEM_CONFIG_PATH = Path("/etc/one-terminal-kiosk/kiosk.toml")


def configuration_file(given: Path | None) -> Path | None:
    """The configuration to read: the one given, else $KIOSK_CONFIG, else the installed
    terminal's if there is one; None for the built-in defaults (every device emulated)."""
    if given is not None:
        return given
    if os.environ.get("KIOSK_CONFIG"):
        return Path(os.environ["KIOSK_CONFIG"])
    return SYSTEM_CONFIG_PATH if SYSTEM_CONFIG_PATH.is_file() else None


def default_data_dir() -> Path:
    if os.environ.get("KIOSK_DATA_DIR"):
        return Path(os.environ["KIOSK_DATA_DIR"])
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "one-terminal-kiosk"


def load_config(path: Path | None = None) -> KioskConfig:
    config = KioskConfig()
    if path is None:
        return config
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such configuration file") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    devices = data.pop("devices", {})
    _apply(config, data, str(path))
    if not isinstance(devices, dict):
        raise ConfigError(f"{path}: [devices] must be a table of device sections")
    for kind, section in devices.items():
        if kind not in DEVICE_DRIVERS:
            raise ConfigError(
                f"{path}: [devices.{kind}] is not a device kind "
                f"(known: {', '.join(DEVICE_DRIVERS)})"
            )
        _apply_section(config.devices[kind], section, f"{path}: [devices.{kind}]")
    _check(config, str(path))
    return config


def _apply(config: KioskConfig, data: dict[str, Any], where: str) -> None:
    for name, section in data.items():
        target = getattr(config, name, None)
        if target is None or not dataclasses.is_dataclass(target):
            known = [f.name for f in dataclasses.fields(config)]
            raise ConfigError(f"{where}: unknown section [{name}] (known: {', '.join(known)})")
        _apply_section(target, section, f"{where}: [{name}]")


def _apply_section(target: Any, section: Any, where: str) -> None:
    if not isinstance(section, dict):
        raise ConfigError(f"{where} must be a table")
    hints = get_type_hints(type(target))
    for key, value in section.items():
        if key not in hints:
            raise ConfigError(f"{where}: unknown key '{key}' (known: {', '.join(hints)})")
        expected = hints[key]
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ConfigError(
                f"{where}: '{key}' must be {expected.__name__}, not {type(value).__name__}"
            )
        setattr(target, key, value)


def _check(config: KioskConfig, where: str) -> None:
    problems = []
    if config.screen.orientation not in ("portrait", "landscape"):
        problems.append("[screen] orientation must be \"portrait\" or \"landscape\"")
    if config.screen.rotation not in SCREEN_ROTATIONS:
        problems.append("[screen] rotation must be 0, 90, 180 or 270 (degrees clockwise)")
    if touch_calibration_problem(config.screen.touch_calibration):
        problems.append("[screen] touch_calibration must be six numbers, \"a b c d e f\"")
    if config.session.countdown_s < 20:
        problems.append("[session] countdown_s must be at least 20 (WCAG 2.2.1)")
    if config.session.max_extensions < 10:
        problems.append("[session] max_extensions must be at least 10 (WCAG 2.2.1)")
    if not config.terminal.id.isalnum() or not config.terminal.id.isascii():
        problems.append("[terminal] id must be letters and digits only")
    platform = config.platform
    url_problem = platform_url_problem(platform.url) if platform.url else None
    if url_problem:
        problems.append(f"[platform] url {url_problem}")
    for name in ("connect_timeout_s", "read_timeout_s", "upload_interval_s",
                 "catalogue_interval_s", "heartbeat_interval_s", "software_interval_s",
                 "backoff_initial_s",
                 "backoff_max_s", "alert_after_s"):
        if getattr(platform, name) <= 0:
            problems.append(f"[platform] {name} must be more than 0")
    if platform.chunk_kib < 1:
        problems.append("[platform] chunk_kib must be at least 1")
    if config.storage.retry_open_s <= 0:
        problems.append("[storage] retry_open_s must be more than 0")
    from kiosk.technician import valid_pin_hash  # no Qt; imports nothing of the config

    technician = config.technician
    if technician.pin_hash and not valid_pin_hash(technician.pin_hash):
        problems.append("[technician] pin_hash must be what `kiosk technician set-pin` "
                        "writes (a $scrypt$ string)")
    pin = technician.pin_sha256
    if pin and (len(pin) != 64 or any(c not in "0123456789abcdefABCDEF" for c in pin)):
        problems.append("[technician] pin_sha256 must be 64 hex digits (the old form; "
                        "set a PIN with `kiosk technician set-pin` instead)")
    for kind, device in config.devices.items():
        if device.driver not in DEVICE_DRIVERS[kind]:
            problems.append(
                f"[devices.{kind}] driver \"{device.driver}\" is not available "
                f"(available: {', '.join(DEVICE_DRIVERS[kind])})"
            )
    problems += _device_problems(config.devices)
    if problems:
        raise ConfigError(f"{where}: " + "; ".join(problems))


def touch_calibration_problem(matrix: str) -> bool:
    """Whether a non-empty `matrix` is not six numbers (libinput's calibration matrix)."""
    if not matrix.strip():
        return False
    numbers = matrix.split()
    try:
        [float(n) for n in numbers]
    except ValueError:
        return True
    return len(numbers) != 6


def platform_url_problem(url: str) -> str | None:
    """Why `url` cannot be the platform's address, or None. Residents' applications and
    the terminal's credential travel over it: https:// everywhere, plain http:// only to
    this machine itself (a platform or proxy on loopback)."""
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return f"is not a valid address: {_without_credentials(url)!r}"
    if parts.scheme not in ("http", "https") or not host:
        return f"must start with https:// and name a host, not {_without_credentials(url)!r}"
    if parts.scheme == "http" and not _is_loopback(host):
        return (f"must be https:// (plain http:// only on loopback, 127.0.0.1 or localhost),"
                f" not {_without_credentials(url)!r}")
    return None


def _without_credentials(url: str) -> str:
    """The address as it may be shown and logged: a user name and password in it are not."""
    scheme, rest = url.split("://", 1) if "://" in url else ("", url)
    authority, slash, path = rest.partition("/")
    authority = authority.rpartition("@")[2] if "@" in authority else authority
    return f"{scheme}://{authority}{slash}{path}" if scheme else f"{authority}{slash}{path}"


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name: whatever it resolves to, it is not this machine for sure


def _device_problems(devices: dict[str, Any]) -> list[str]:
    """What a real driver needs and is missing or out of range, by key."""
    problems = []
    id_reader, printer, camera = devices["id_reader"], devices["printer"], devices["camera"]
    if id_reader.baudrate not in BAUDRATES:
        problems.append(f"[devices.id_reader] baudrate must be one of "
                        f"{', '.join(map(str, BAUDRATES))}")
    if id_reader.driver == "ga467" and not id_reader.port:
        problems.append("[devices.id_reader] driver \"ga467\" needs port (its serial port)")
    if printer.connection not in PRINTER_CONNECTIONS:
        problems.append(f"[devices.printer] connection must be one of "
                        f"{', '.join(PRINTER_CONNECTIONS)}")
    elif printer.driver == "escpos":
        needs = {"network": ("host", printer.host), "serial": ("device", printer.device),
                 "file": ("device", printer.device),
                 "usb": ("vendor_id", printer.vendor_id and printer.product_id),
                 "cups": ("cups_printer", printer.cups_printer)}[printer.connection]
        if not needs[1]:
            what = "vendor_id and product_id" if needs[0] == "vendor_id" else needs[0]
            problems.append(f"[devices.printer] connection \"{printer.connection}\" "
                            f"needs {what}")
    if printer.paper_mm not in (0, 58, 80):
        problems.append("[devices.printer] paper_mm must be 58 or 80 (0 keeps the profile's)")
    if printer.encoding not in ("", "gb18030", "gbk", "utf-8"):
        problems.append("[devices.printer] encoding must be gb18030, gbk or utf-8")
    if camera.driver == "opencv" and not camera.source:
        problems.append("[devices.camera] driver \"opencv\" needs source (a device index, "
                        "a video file or a stream URL)")
    problems += _document_printer_problems(devices["document_printer"])
    speaker = devices["speaker"]
    if speaker.headset not in HEADSET_MODES:
        problems.append(f"[devices.speaker] headset must be one of {', '.join(HEADSET_MODES)}")
    if speaker.timeout_ms < 100:
        problems.append("[devices.speaker] timeout_ms must be at least 100")
    if speaker.driver == "speech-dispatcher" and not (speaker.zh_voice and speaker.en_voice):
        problems.append("[devices.speaker] driver \"speech-dispatcher\" needs zh_voice and "
                        "en_voice (voice names, e.g. \"cmn\" and \"en-US\")")
    return problems


def _document_printer_problems(section: DocumentPrinterConfig) -> list[str]:
    problems = []
    if section.driver == "ipp":
        parts = urllib.parse.urlsplit(section.uri)
        if parts.scheme not in ("ipp", "ipps") or not parts.hostname:
            problems.append("[devices.document_printer] driver \"ipp\" needs uri, the "
                            "printer's address: ipp://host:port/ipp/print")
    if section.driver == "cups" and not section.cups_printer:
        problems.append("[devices.document_printer] driver \"cups\" needs cups_printer "
                        "(the queue's name)")
    if section.timeout_s <= 0:
        problems.append("[devices.document_printer] timeout_s must be more than 0")
    return problems
