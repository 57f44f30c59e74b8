"""A resident's A4 proof, end to end on real parts: the kiosk asks the reference
platform (on loopback) to issue it, draws it, and sends it to CUPS's own IPP Everywhere
printer (ippeveprinter, see ipp_stack.py). The document the printer keeps is read back as
whoever holds the paper would: its text (digits included) says what the resident was
shown, its QR code holds the code the platform answers for."""

from __future__ import annotations

import json

from kiosk.app import Kiosk
from kiosk.catalogue.model import IdentityProof
from kiosk.config import DocumentPrinterConfig, KioskConfig
from kiosk.identity import Identity
from kiosk.sync.enrollment import enroll
from tests.central.conftest import central, engine  # noqa: F401 - the platform, as a fixture
from tests.pdf_reading import page_texts, qr_on_page

LI_JIANGUO = "310104197510010010"  # the demo records' working resident


def test_the_proof_the_printer_keeps_reads_as_the_screen_and_its_qr_holds_the_code(
        stack, central, tmp_path):  # noqa: F811 - the fixture imported above
    config = KioskConfig()
    config.devices["document_printer"] = DocumentPrinterConfig(driver="ipp", uri=stack.uri)
    kiosk = Kiosk(config, tmp_path / "kiosk")
    try:
        enroll(kiosk.store, central.url, central.enroll_code(), config.platform)
        kiosk.relink()
        journey = kiosk.start("lookup", "SB-0014")  # contributions, with a proof
        journey.identify(Identity(LI_JIANGUO, IdentityProof.ID_CARD, "李建国"))
        journey.answer(journey.step.field.choices[0].value)  # the latest year
        shown = journey.look_up().record
        before = stack.documents()

        outcome = kiosk.start_printing_proof(journey).result(timeout=120)

        assert outcome.printed, outcome.message
        kept = stack.new_documents(before)
        assert len(kept) == 1
        pdf = kept[0].read_bytes()
    finally:
        kiosk.close()
    text = "".join("".join(page.split()) for page in page_texts(pdf))
    for label, value in shown.summary:  # the figures the resident was shown
        assert "".join(label.split()) in text and "".join(value.split()) in text
    for row in shown.rows:  # and the months, digits and all
        assert all("".join(cell.split()) in text for cell in row), row
    assert outcome.code in text and LI_JIANGUO not in text
    assert qr_on_page(pdf, 0).endswith(outcome.code.replace("-", "")) or \
        qr_on_page(pdf, 0).endswith(outcome.code)
    checked = json.loads(central.admin("verify-proof", "--code", outcome.code, "--json").stdout)
    assert checked["kind"] == "contributions"
