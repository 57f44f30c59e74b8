"""The home screen's most used services on a whole kiosk: what residents open here is
counted (without personal data), survives a restart, fades over 90 days, and only
services of the catalogue being served are offered."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

from kiosk.app import Kiosk
from kiosk.catalogue.loader import demo_catalogue_path, load_catalogue_file
from kiosk.config import CatalogueConfig, KioskConfig
from tests.e2e.conftest import FIXED_NOW, lay_id_card, lift_id_card
from tests.e2e.test_journeys import WANG_ID, WANG_NAME

DEMO = load_catalogue_file(demo_catalogue_path()).items
CITY_ORDER = [item.code for item in sorted(
    (item for item in DEMO if item.popularity_rank), key=lambda item: item.popularity_rank)]
# A service the city does not rank, that residents of this terminal come for.
LOCAL_FAVOURITE = next(item for item in DEMO
                       if item.popularity_rank is None and item.journey.value == "apply")
GUIDE = next(item for item in DEMO if item.journey.value == "guide" and not item.popularity_rank)


class Clock:
    def __init__(self):
        self.now = FIXED_NOW

    def __call__(self) -> dt.datetime:
        return self.now


def codes(items) -> list[str]:
    return [item.code for item in items]


def item_use_rows(data_dir) -> list[tuple]:
    db = sqlite3.connect(data_dir / "kiosk.db")
    try:
        return db.execute("SELECT * FROM item_use ORDER BY service_code, day").fetchall()
    finally:
        db.close()


def one_visit(kiosk, *services) -> None:
    for item in services:
        kiosk.start_service(item)
    kiosk.finish()


def test_a_new_terminal_offers_the_city_s_most_used_services(kiosk):
    assert codes(kiosk.most_used()) == CITY_ORDER[:12]
    assert codes(kiosk.most_used(limit=4)) == CITY_ORDER[:4]


def test_services_residents_open_here_climb_and_a_restart_keeps_them(tmp_path):
    data_dir = tmp_path / "data"
    kiosk = Kiosk(KioskConfig(), data_dir, now=lambda: FIXED_NOW)
    try:
        for _ in range(6):
            before = item_use_rows(data_dir)
            kiosk.start_service(LOCAL_FAVOURITE)
            kiosk.start("guide", GUIDE.code)  # opening a guide counts too
            assert item_use_rows(data_dir) == before  # nothing written on the taps
            kiosk.finish()  # the visit's wipe writes them
        shown = codes(kiosk.most_used())
        # Six uses outrank the city's second (5), not its first (10).
        assert shown[:3] == [CITY_ORDER[0], LOCAL_FAVOURITE.code, GUIDE.code]
    finally:
        kiosk.close()
    kiosk = Kiosk(KioskConfig(), data_dir, now=lambda: FIXED_NOW)
    try:
        assert codes(kiosk.most_used()) == shown
    finally:
        kiosk.close()


def test_a_once_popular_service_falls_when_the_clock_moves_90_days(tmp_path):
    clock = Clock()
    kiosk = Kiosk(KioskConfig(), tmp_path / "data", now=clock)
    try:
        kiosk.seed_usage({LOCAL_FAVOURITE.code: 30})
        assert codes(kiosk.most_used())[0] == LOCAL_FAVOURITE.code
        clock.now += dt.timedelta(days=45)  # half-way: 30 uses weigh 15, still above 10
        assert codes(kiosk.most_used())[0] == LOCAL_FAVOURITE.code
        clock.now += dt.timedelta(days=45)
        assert codes(kiosk.most_used()) == CITY_ORDER[:12]
    finally:
        kiosk.close()


def test_the_counts_hold_a_service_a_day_and_a_number_and_no_one_s_data(tmp_path):
    data_dir = tmp_path / "data"
    kiosk = Kiosk(KioskConfig(), data_dir, now=lambda: FIXED_NOW)
    try:
        kiosk.start_service(LOCAL_FAVOURITE)
        assert lay_id_card(kiosk)
        assert kiosk.session.identity is not None
        kiosk.start("guide", GUIDE.code)
        session_id = kiosk.session.id
        kiosk.finish()
        assert lift_id_card(kiosk)
    finally:
        kiosk.close()
    db = sqlite3.connect(data_dir / "kiosk.db")
    try:
        columns = [row[1] for row in db.execute("PRAGMA table_info(item_use)")]
    finally:
        db.close()
    assert columns == ["service_code", "day", "uses"]
    rows = item_use_rows(data_dir)
    assert rows == sorted([(LOCAL_FAVOURITE.code, "2026-11-27", 1), (GUIDE.code, "2026-11-27", 1)])
    assert not any(secret in str(rows) for secret in (WANG_ID, WANG_NAME, session_id))


def test_burn_in_taps_are_not_counted(tmp_path):
    data_dir = tmp_path / "data"
    kiosk = Kiosk(KioskConfig(), data_dir, test_traffic=True, now=lambda: FIXED_NOW)
    try:
        one_visit(kiosk, LOCAL_FAVOURITE)
        assert item_use_rows(data_dir) == []
    finally:
        kiosk.close()


def test_only_services_of_the_catalogue_served_now_are_offered(tmp_path):
    data_dir = tmp_path / "data"
    kiosk = Kiosk(KioskConfig(), data_dir, now=lambda: FIXED_NOW)
    try:
        kiosk.seed_usage({LOCAL_FAVOURITE.code: 50})
    finally:
        kiosk.close()
    # The next catalogue drops the local favourite and the city's first, and carries the
    # city's second in a form this kiosk cannot read (so it is skipped).
    document = json.loads(demo_catalogue_path().read_text("utf-8"))
    document["items"] = [raw for raw in document["items"]
                         if raw["code"] not in (LOCAL_FAVOURITE.code, CITY_ORDER[0])]
    broken = next(raw for raw in document["items"] if raw["code"] == CITY_ORDER[1])
    del broken["department"]
    catalogue_file = tmp_path / "catalogue.json"
    catalogue_file.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    config = KioskConfig(catalogue=CatalogueConfig(path=str(catalogue_file)))
    kiosk = Kiosk(config, data_dir, now=lambda: FIXED_NOW)
    try:
        assert [s.code for s in kiosk.catalogue.loaded.skipped] == [CITY_ORDER[1]]
        shown = codes(kiosk.most_used())
        assert shown == CITY_ORDER[2:14]
    finally:
        kiosk.close()
