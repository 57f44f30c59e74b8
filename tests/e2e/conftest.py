"""A whole kiosk on emulated devices, a real SQLite store in a temporary directory."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.app import Kiosk
from kiosk.config import KioskConfig
from kiosk.journeys import StepKind

# Fictional residents on the emulators' sample cards.
ID_CARD_RESIDENT = "wang_xiulan"
SOCIAL_SECURITY_RESIDENT = "li_jianguo"

FIXED_NOW = dt.datetime(2026, 11, 27, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def kiosk(tmp_path):
    k = Kiosk(KioskConfig(), tmp_path / "data", now=lambda: FIXED_NOW)
    yield k
    k.close()


def lay_id_card(kiosk, name=ID_CARD_RESIDENT):
    kiosk.emulators["id_reader"].present_card(name)
    return poll_until(kiosk, "id_reader", "read")


def lift_id_card(kiosk):
    kiosk.emulators["id_reader"].remove_card()
    return poll_until(kiosk, "id_reader", "removed")


def poll_until(kiosk, reader, what, polls=6):
    for _ in range(polls):
        for event_reader, event in kiosk.poll_cards():
            if event_reader == reader and event == what:
                return True
    return False


def answer_all_questions(journey, answers=None):
    from kiosk.demo import sample_answer

    asked = []
    while journey.step.kind is StepKind.QUESTION:
        field = journey.step.field
        asked.append(field.key)
        problem = journey.answer((answers or {}).get(field.key) or sample_answer(
            field, FIXED_NOW.date()))
        assert problem is None, f"{field.key}: {problem}"
    return asked
