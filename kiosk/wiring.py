"""Which device drivers the terminal runs: the one place that picks real or emulated ones
from the configuration (part of the composition root, with app.py).

Each device kind says `driver = "emulated"` or names its real driver. A real device that
is missing at start never stops the terminal: its driver reports NO_DEVICE and keeps
looking for it, and the services that need it say what to do instead.
"""

from __future__ import annotations

from typing import Any

from kiosk.config import KioskConfig


def build_devices(config: KioskConfig) -> tuple[dict[str, Any], dict[str, Any]]:
    """(devices for the device manager, the switch panels of those that are emulated,
    for the demo's simulator window and for tests)."""
    devices: dict[str, Any] = {}
    switches: dict[str, Any] = {}
    for kind in config.devices:
        devices[kind], switch = build_device(config, kind)
        if switch is not None:
            switches[kind] = switch
    return devices, switches


def build_device(config: KioskConfig, kind: str) -> tuple[Any, Any]:
    """(the device of `kind`, its switch panel when emulated, else None)."""
    section = config.devices[kind]
    if section.driver == "emulated":
        return _EMULATED[kind](section)
    make = _REAL_BY_DRIVER.get((kind, section.driver)) or _REAL[kind]
    return make(section), None


# -- emulated: in-process emulators behind the real driver code --------------------------

def _emulated_id_reader(section):
    from drivers.id_reader.emulator import make_emulated_id_reader
    from kiosk.identity import card_number_problem

    return make_emulated_id_reader(card_check=card_number_problem)


def _emulated_card_reader(section):
    from drivers.card_reader.emulator import make_emulated_card_reader

    return make_emulated_card_reader()


def _emulated_printer(section):
    from drivers.printer.emulator import make_emulated_printer

    return make_emulated_printer(section.profile)


def _emulated_camera(section):
    from drivers.camera.emulator import EmulatedCamera

    camera = EmulatedCamera((section.width, section.height))
    return camera, camera


def _emulated_speaker(section):
    from drivers.speaker.emulator import EmulatedSpeaker

    speaker = EmulatedSpeaker()  # its own switch panel: headset jack, crash, hang
    return speaker, speaker


def _emulated_document_printer(section):
    from drivers.document_printer.emulator import EmulatedDocumentPrinter

    printer = EmulatedDocumentPrinter()  # its own switch panel: set_fault(), the jobs
    return printer, printer


_EMULATED = {"id_reader": _emulated_id_reader, "card_reader": _emulated_card_reader,
             "printer": _emulated_printer, "camera": _emulated_camera,
             "speaker": _emulated_speaker, "document_printer": _emulated_document_printer}


# -- real drivers ---------------------------------------------------------------------------

def _ga467_id_reader(section):
    from drivers.id_reader.serial_port import open_serial_id_reader
    from kiosk.identity import card_number_problem

    return open_serial_id_reader(section.port, section.baudrate,
                                 probe_baudrates=section.probe_baudrates,
                                 answer_timeout_s=section.answer_timeout_ms / 1000,
                                 card_check=card_number_problem)


def _pcsc_card_reader(section):
    from drivers.card_reader.pcsc import open_pcsc_card_reader

    return open_pcsc_card_reader(section.reader)


def _escpos_printer(section):
    from drivers.printer.connections import open_escpos_printer

    return open_escpos_printer(section)


def _opencv_camera(section):
    from drivers.camera.opencv_camera import OpenCvCamera

    source = int(section.source) if section.source.isdigit() else section.source
    return OpenCvCamera(source, size=(section.width, section.height))  # opened when needed


def _speech_dispatcher_speaker(section):
    from drivers.speaker.dispatcher import SpeechDispatcherSpeaker

    return SpeechDispatcherSpeaker(section.socket, zh_voice=section.zh_voice,
                                   en_voice=section.en_voice, headset=section.headset,
                                   timeout_s=section.timeout_ms / 1000)


def _ipp_document_printer(section):
    from drivers.document_printer.ipp_printer import IppDocumentPrinter

    return IppDocumentPrinter(section.uri, timeout_s=section.timeout_s)


def _cups_document_printer(section):
    from drivers.document_printer.cups_printer import CupsDocumentPrinter

    return CupsDocumentPrinter(section.cups_printer)


_REAL = {"id_reader": _ga467_id_reader, "card_reader": _pcsc_card_reader,
         "printer": _escpos_printer, "camera": _opencv_camera,
         "speaker": _speech_dispatcher_speaker}
_REAL_BY_DRIVER = {("document_printer", "ipp"): _ipp_document_printer,
                   ("document_printer", "cups"): _cups_document_printer}
