"""A long record on screen: six rows a screen, asked from the platform forty-eight at a
time, so a resident turning pages waits on the platform once in eight turns."""

from __future__ import annotations

import tempfile
from pathlib import Path

from kiosk.app import Kiosk
from kiosk.catalogue.model import IdentityProof
from kiosk.config import KioskConfig
from kiosk.identity import Identity
from kiosk.journeys.lookup import SCREEN_ROWS
from kiosk.sync.records import FETCH_ROWS, RecordAnswer

MONTHS = 100


def platform_pages(asked: list[int]):
    """The platform's side: 100 months, in pages of FETCH_ROWS; `asked` records pages."""

    def answer(code, identity, answers, page):
        asked.append(page)
        months = [(f"{2026 - n // 12}-{12 - n % 12:02d}", f"{500 + n}.00") for n in range(MONTHS)]
        rows = tuple(months[(page - 1) * FETCH_ROWS:page * FETCH_ROWS])
        return RecordAnswer("缴费记录", "2026-12-01T00:00:00Z", (("累计", "100个月"),),
                            ("月份", "金额"), rows, page, -(-MONTHS // FETCH_ROWS), MONTHS,
                            None, None)

    return answer


def test_pages_come_six_rows_a_screen_and_the_platform_is_asked_only_past_its_page():
    with tempfile.TemporaryDirectory() as folder:
        kiosk = Kiosk(KioskConfig(), Path(folder) / "k")
        try:
            asked: list[int] = []
            kiosk.context.platform_record = platform_pages(asked)
            journey = kiosk.start("lookup", "ZF-0015")
            journey.identify(Identity("310104197510010010", IdentityProof.ID_CARD, "李建国"))
            while journey.step.field is not None:
                journey.answer(journey.step.field.choices[0].value)
            first = journey.look_up().record
            assert (first.page, first.pages, len(first.rows)) == (1, 17, SCREEN_ROWS)
            seen = list(first.rows)
            for page in range(2, 18):
                journey.take(journey.fetch(page))
                seen += journey.result.record.rows
            assert asked == [1, 2, 3]  # screens 1-8, 9-16, then 17
            assert len(seen) == MONTHS and len(set(seen)) == MONTHS  # none lost, none twice
            journey.take(journey.fetch(1))  # back to the start: the platform again, once
            assert asked == [1, 2, 3, 1]
        finally:
            kiosk.close()
