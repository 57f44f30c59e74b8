"""`kiosk --demo --headless`: one resident's visit without screens, narrated.

It uses the same composition root, journeys and emulated devices as the terminal: an ID
card is laid on the emulated reader, the form is answered, a paper is captured from the
emulated camera, the application is filed durably, the receipt goes through the real
ESC/POS path to the emulated printer and is decoded back from the bytes it received.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from kiosk.catalogue.model import FieldType, FormField, JourneyKind
from kiosk.config import KioskConfig
from kiosk.journeys import Rating, StepKind
from kiosk.masking import mask_id_number, mask_name

DEMO_SERVICE_PREFERENCE = ("社会保障卡", "社保卡")
DEMO_RESIDENT = "wang_xiulan"  # a fictional resident among the emulator's sample cards


def sample_answer(field: FormField, today: dt.date | None = None) -> str:
    """A plausible answer for any field type: used by the demo and by burn-in."""
    today = today or dt.date.today()
    match field.type:
        case FieldType.CHOICE:
            return field.choices[0].value
        case FieldType.PHONE:
            return "13800138000"
        case FieldType.DATE:
            return today.isoformat()
        case FieldType.AMOUNT:
            low = field.minimum or 0
            high = field.maximum if field.maximum is not None else low + 1000
            return f"{min(max(low, 100), high):.2f}"
        case FieldType.ID_NUMBER:
            return "110101199003070011"
        case FieldType.CREDIT_CODE:
            return "91350100M000100Y43"
        case FieldType.ADDRESS:
            return "演示市演示区幸福路1号"
    text = "演示填写内容"
    if field.min_length and len(text) < field.min_length:
        text = text * (field.min_length // len(text) + 1)
    return text[: field.max_length] if field.max_length else text


def pick_demo_service(kiosk):
    applies = [i for i in kiosk.catalogue.by_journey(JourneyKind.APPLY)
               if any(m.capture for m in i.materials)]
    for word in DEMO_SERVICE_PREFERENCE:
        for item in applies:
            if word in item.name:
                return item
    return applies[0]


def run_headless_demo(config: KioskConfig, data_dir: Path | None, out=sys.stdout) -> int:
    from drivers.printer.escpos_decoder import decode
    from kiosk.app import Kiosk

    def say(text: str) -> None:
        print(text, file=out, flush=True)

    with tempfile.TemporaryDirectory(prefix="kiosk-demo-") as scratch:
        # (in a folder of the scratch one: the store's keys go beside it, and away with it)
        kiosk = Kiosk(config, data_dir or Path(scratch) / "data", test_traffic=True)
        try:
            item = pick_demo_service(kiosk)
            say(f"[demo] catalogue: {len(kiosk.catalogue.items)} services; "
                f"searching '社保卡' -> {[h.name for h in kiosk.catalogue.search('社保卡', 3)]}")
            say(f"[demo] a resident taps: {item.code} {item.name}")
            journey = kiosk.start("apply", item.code)
            journey.next()  # past the service guide
            sam = kiosk.emulators["id_reader"]
            sam.present_card(DEMO_RESIDENT)
            for _ in range(5):
                if kiosk.poll_cards():
                    break
            identity = journey.identity
            if identity is None:
                say("[demo] the ID card was not read; see the log above")
                return 1
            say(f"[demo] ID card read: {mask_name(identity.name)} "
                f"{mask_id_number(identity.id_number)} (proof: {identity.proof.value})")
            while journey.step.kind is StepKind.QUESTION:
                field = journey.step.field
                value = sample_answer(field)
                problem = journey.answer(value)
                say(f"[demo] question '{field.label}': answered"
                    + (f" -> refused: {problem}" if problem else ""))
                if problem:
                    return 1
            kiosk.emulators["camera"].show_document()
            while journey.step.kind is StepKind.MATERIAL:
                name = journey.step.material.name
                problem = journey.capture(kiosk.camera_frame())
                journey.accept_capture()
                say(f"[demo] material '{name}': captured"
                    + (f" (no page outline found: {problem})" if problem else
                       " and straightened"))
            say(f"[demo] check your answers: {len(journey.check_rows())} rows")
            confirmation = journey.submit()
            say(f"[demo] submitted durably: tracking number {confirmation.tracking_number}")
            outcome = kiosk.print_receipt(journey)
            paper = kiosk.emulators["printer"]
            if outcome.printed:
                receipt = decode(paper.output, kiosk.devices.devices["printer"].profile.encoding)
                say("[demo] the receipt as printed (decoded from the ESC/POS bytes):")
                for line in receipt.lines:
                    say("    " + line)
                for qr in receipt.qr_codes:
                    say(f"    [QR code: {qr}]")
            else:
                say(f"[demo] receipt not printed: {outcome.message}")
            journey.next()  # confirmation -> rating
            journey.rate(Rating(level=5, reasons=("办事效率高",)))
            say("[demo] rated 非常满意; rating queued for the platform")
            event = kiosk.session.end()
            if event is not None:
                say(f"[demo] end of visit: {event.message}")
                sam.remove_card()
                for _ in range(5):
                    kiosk.poll_cards()
                    if kiosk.session.identity is None:
                        break
            say(f"[demo] session wiped: {kiosk.session.identity is None}; "
                f"outbox holds {kiosk.store.outbox.count()} items waiting for the platform")
            return 0
        finally:
            kiosk.close()
