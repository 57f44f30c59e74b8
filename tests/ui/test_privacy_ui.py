"""Personal data after a visit on screen: nowhere once an abandoned visit is wiped; after
a submitted one, only in its outbox row (tests/e2e/test_privacy.py is the headless twin).

The resident's name is typed on the on-screen keyboard into a field the keyboard is told
is sensitive, so its pinyin user dictionary is among the places searched: the kiosk
points it at `<data_dir>/keyboard`, and the decoder is one per process, so every
keyboard folder under this run's temporary directory is searched too.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtTest import QTest

from kiosk.catalogue.model import FieldType
from kiosk.config import KioskConfig
from kiosk.forms import grouped
from kiosk.session import SessionState
from offline_cache.store import Store
from tests.ui.fixtures import (
    PHONE,
    WANG_ID,
    WANG_NAME,
    capture_materials,
    to_first_question,
)

# As typed, and as the check screen groups it for reading.
SECRETS = (WANG_ID, grouped(FieldType.ID_NUMBER, WANG_ID), WANG_NAME)
ENCODINGS = ("utf-8", "utf-16-le", "gb18030")


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def leaks(blobs: dict[str, bytes]) -> list[str]:
    return [f"{secret!r} ({encoding}) in {name}"
            for name, blob in blobs.items() for secret in SECRETS for encoding in ENCODINGS
            if secret.encode(encoding) in blob]


def keyboard_folders(t, tmp_path_factory) -> dict[str, bytes]:
    folders = {t.data_dir / "keyboard"}
    folders |= set(tmp_path_factory.getbasetemp().rglob("qtvirtualkeyboard"))
    blobs: dict[str, bytes] = {}
    for folder in folders:
        blobs |= files_under(folder)
    return blobs


def in_logs(caplog, qtlog) -> list[str]:
    text = caplog.text + "\n".join(r.message for r in qtlog.records)
    return [s for s in SECRETS if s in text]


def fill_in_by_taps(t) -> None:
    """Card, phone, the resident's own name typed as the child's (a sensitive field), her
    ID number on the digit pad, a choice, the papers: the check screen, secrets in full."""
    to_first_question(t)
    t.type_digits(PHONE)
    t.tap("primary")
    t.tap("answer-field")
    hints = t.item("answer-field").property("inputMethodHints")
    assert hints & Qt.InputMethodHint.ImhSensitiveData  # the keyboard is told
    assert hints & Qt.InputMethodHint.ImhNoPredictiveText
    t.type_chinese("wangxiulan", WANG_NAME)
    t.tap("primary")
    t.type_digits(WANG_ID)
    t.tap("primary")
    t.tap("choice-0")
    capture_materials(t)
    assert t.screen == "check" and t.shows(WANG_NAME)
    assert t.shows(grouped(FieldType.ID_NUMBER, WANG_ID))


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def test_an_abandoned_visit_leaves_nothing_behind(make_terminal, logs, qtlog,
                                                  tmp_path_factory):
    config = KioskConfig()
    t = make_terminal(config=config, fake_clock=True)
    fill_in_by_taps(t)
    journey = t.journey.journey

    # The resident walks away, card and all: warned, then wiped.
    t.advance(config.session.idle_warning_s + config.session.countdown_s)
    assert t.screen == "home" and t.kiosk.session.state is SessionState.IDLE
    assert t.kiosk.session.identity is None and t.journey.journey is None
    assert not journey.answers and not journey.drafts and not journey.captures
    assert not any(s in text for s in SECRETS for text in t.texts())

    on_disk = files_under(t.data_dir)
    assert any(name.endswith("kiosk.db-wal") for name in on_disk)
    assert leaks(on_disk) == []  # database, its WAL, attachments, keyboard
    assert leaks(keyboard_folders(t, tmp_path_factory)) == []
    t.close()
    assert leaks(files_under(t.data_dir)) == []
    assert in_logs(logs, qtlog) == []


def test_a_submitted_visit_keeps_personal_data_only_in_its_outbox_row(
        make_terminal, logs, qtlog, tmp_path_factory):
    t = make_terminal()
    fill_in_by_taps(t)
    t.tap("primary")
    assert t.screen == "confirmation"
    number = t.text_of("tracking-number")
    t.tap("primary")
    t.tap("skip-rating")
    t.tap("primary")
    t.lift_id_card()
    assert t.screen == "home" and t.kiosk.session.state is SessionState.IDLE
    t.close()

    db = sqlite3.connect(t.data_dir / "kiosk.db")
    try:
        holders = set()
        for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            for row in db.execute(f"SELECT * FROM {table}"):  # noqa: S608 - our own tables
                if any(s in str(row) for s in SECRETS):
                    holders.add(table)
    finally:
        db.close()
    assert holders == set()  # the application is sealed on disk ...
    with Store.open(t.data_dir) as store:  # ... and opens with the store's key
        payload = str(store.outbox.find_by_tracking(number).payload)
    assert WANG_ID in payload and WANG_NAME in payload
    outside_db = {k: v for k, v in files_under(t.data_dir).items()
                  if not Path(k).name.startswith("kiosk.db")}
    assert outside_db and leaks(outside_db) == []  # attachments, receipts, keyboard
    assert leaks(keyboard_folders(t, tmp_path_factory)) == []
    assert in_logs(logs, qtlog) == []


def test_text_copied_from_a_field_leaves_the_clipboard_with_the_visit(make_terminal):
    """With a keyboard plugged in, a resident (or the next one) can copy and paste: what
    was copied goes with the visit, as the keyboard's learning does."""
    config = KioskConfig()
    t = make_terminal(config=config, fake_clock=True)
    to_first_question(t)
    t.type_digits(PHONE)
    t.tap("primary")
    t.tap("answer-field")  # the child's name, typed on the plugged-in keyboard
    for letter in "Wang Xiaoming":
        QTest.keyClick(t.window, letter)
    t.frame()
    assert t.item("answer-field").property("text") == "Wang Xiaoming"
    QTest.keyClick(t.window, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(t.window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    clipboard = QGuiApplication.clipboard()
    assert clipboard.text() == "Wang Xiaoming"

    t.advance(config.session.idle_warning_s + config.session.countdown_s)
    assert t.screen == "home" and t.kiosk.session.state is SessionState.IDLE
    assert clipboard.text() == ""
    if clipboard.supportsSelection():
        assert clipboard.text(QClipboard.Mode.Selection) == ""
