"""Personal data: only in the outbox row of a submission, nowhere after an abandoned visit."""

from __future__ import annotations

import logging
import sqlite3

from kiosk.app import Kiosk
from kiosk.config import KioskConfig
from kiosk.journeys import StepKind
from offline_cache.store import Store
from tests.e2e.conftest import FIXED_NOW, answer_all_questions, lay_id_card, lift_id_card
from tests.e2e.test_journeys import WANG_ID, WANG_NAME, apply_item

SECRETS = (WANG_ID, WANG_NAME, "13800138000")  # ID number, name, the phone typed


def every_byte_on_disk(data_dir) -> dict[str, bytes]:
    return {str(p.relative_to(data_dir)): p.read_bytes()
            for p in data_dir.rglob("*") if p.is_file()}


def leaks(blobs: dict[str, bytes], secrets=SECRETS) -> list[str]:
    found = []
    for name, blob in blobs.items():
        for secret in secrets:
            for encoding in ("utf-8", "utf-16-le", "gb18030"):
                if secret.encode(encoding) in blob:
                    found.append(f"{secret!r} ({encoding}) in {name}")
    return found


def walk_to_the_check_screen(kiosk):
    item = apply_item(kiosk)
    journey = kiosk.start("apply", item.code)
    journey.next()
    assert lay_id_card(kiosk)
    answer_all_questions(journey)
    kiosk.emulators["camera"].show_document()
    while journey.step.kind is StepKind.MATERIAL:
        journey.capture(kiosk.camera_frame())
        journey.accept_capture()
    assert journey.step.kind is StepKind.CHECK
    return journey


def test_an_abandoned_visit_leaves_nothing_behind(tmp_path, caplog):
    data_dir = tmp_path / "data"
    caplog.set_level(logging.DEBUG)
    kiosk = Kiosk(KioskConfig(), data_dir, now=lambda: FIXED_NOW)
    journey = walk_to_the_check_screen(kiosk)
    kiosk.session.abandon_journey()
    assert kiosk.session.end().kind == "remind_card"
    assert lift_id_card(kiosk)
    assert kiosk.session.identity is None and journey.identity is None
    assert not journey.answers and not journey.captures
    assert any(name.endswith("-wal") for name in every_byte_on_disk(data_dir))
    assert leaks(every_byte_on_disk(data_dir)) == []  # database, its WAL, attachments
    kiosk.close()
    assert leaks(every_byte_on_disk(data_dir)) == []
    assert [s for s in SECRETS if s in caplog.text] == []


def test_a_submitted_application_keeps_personal_data_only_in_its_outbox_row(tmp_path, caplog):
    data_dir = tmp_path / "data"
    caplog.set_level(logging.DEBUG)
    kiosk = Kiosk(KioskConfig(), data_dir, now=lambda: FIXED_NOW)
    journey = walk_to_the_check_screen(kiosk)
    number = journey.submit().tracking_number
    assert kiosk.print_receipt(journey).printed
    journey.next()
    journey.skip_rating()
    kiosk.session.end()
    lift_id_card(kiosk)
    kiosk.close()

    db = sqlite3.connect(data_dir / "kiosk.db")
    holders = set()
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        for row in db.execute(f"SELECT * FROM {table}"):  # noqa: S608 - our own table names
            if any(s in str(row) for s in (WANG_ID, WANG_NAME)):
                holders.add(table)
    db.close()
    assert holders == set()  # the application is sealed on disk ...
    with Store.open(data_dir) as store:  # ... and opens with the store's key
        assert WANG_ID in str(store.outbox.find_by_tracking(number).payload)
    attachments = {k: v for k, v in every_byte_on_disk(data_dir).items()
                   if not k.startswith("kiosk.db")}
    assert attachments and leaks(attachments) == []
    assert [s for s in SECRETS if s in caplog.text] == []
