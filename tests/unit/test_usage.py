"""This terminal's counts of services opened (real SQLite store), and the most used list
that blends them with the city's popularity rank."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3

import pytest

from kiosk.catalogue.loader import demo_catalogue_path, load_catalogue_file
from kiosk.usage import CITY_PRIOR_USES, WINDOW_DAYS, ItemUsage, most_used
from offline_cache.store import Store

DEMO = load_catalogue_file(demo_catalogue_path()).items
FIRST_DAY = dt.date(2026, 11, 27)


class Calendar:
    """The kiosk's clock, as far as counting goes: today's date, moved by the test."""

    def __init__(self):
        self.today = FIRST_DAY

    def __call__(self) -> dt.date:
        return self.today

    def move(self, days: int) -> None:
        self.today += dt.timedelta(days=days)


@pytest.fixture
def calendar():
    return Calendar()


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def store(data_dir):
    s = Store.open(data_dir, min_free_bytes=0)
    yield s
    s.close()


def ranked(rank: int):
    return next(item for item in DEMO if item.popularity_rank == rank)


UNRANKED = sorted((item for item in DEMO if item.popularity_rank is None),
                  key=lambda item: item.code)


def codes(items) -> list[str]:
    return [item.code for item in items]


def visit(usage: ItemUsage, *opened: str) -> None:
    for code in opened:
        usage.opened(code)
    usage.visit_ended()


# -- counting and keeping ---------------------------------------------------------------


def test_counts_survive_a_restart_of_the_store(data_dir, calendar):
    with Store.open(data_dir, min_free_bytes=0) as store:
        usage = ItemUsage(store.item_use, calendar)
        visit(usage, "GA-0012")
        visit(usage, "GA-0012", "YL-0003")
    with Store.open(data_dir, min_free_bytes=0) as store:
        assert ItemUsage(store.item_use, calendar).decayed() == {"GA-0012": 2.0, "YL-0003": 1.0}


def test_a_service_opened_again_in_the_same_visit_counts_once(store, calendar):
    usage = ItemUsage(store.item_use, calendar)
    visit(usage, "GA-0012", "YL-0003", "GA-0012", "GA-0012")
    assert usage.decayed() == {"GA-0012": 1.0, "YL-0003": 1.0}


def test_nothing_is_written_until_the_visit_ends(store, calendar):
    usage = ItemUsage(store.item_use, calendar)
    usage.opened("GA-0012")
    assert usage.decayed() == {}  # the tap itself wrote nothing
    usage.visit_ended()
    assert usage.decayed() == {"GA-0012": 1.0}


def test_the_table_holds_a_code_a_day_and_a_count_and_nothing_else(store, data_dir, calendar):
    usage = ItemUsage(store.item_use, calendar)
    visit(usage, "GA-0012", "YL-0003")
    calendar.move(1)
    visit(usage, "GA-0012")
    db = sqlite3.connect(data_dir / "kiosk.db")
    try:
        columns = [row[1] for row in db.execute("PRAGMA table_info(item_use)")]
        rows = db.execute("SELECT * FROM item_use ORDER BY day, service_code").fetchall()
    finally:
        db.close()
    assert columns == ["service_code", "day", "uses"]
    assert rows == [("GA-0012", "2026-11-27", 1), ("YL-0003", "2026-11-27", 1),
                    ("GA-0012", "2026-11-28", 1)]


# -- decay ------------------------------------------------------------------------------


def test_a_use_weighs_less_as_it_ages_and_nothing_after_90_days(store, calendar):
    usage = ItemUsage(store.item_use, calendar)
    usage.add({"GA-0012": 30})
    calendar.move(WINDOW_DAYS // 3)
    assert usage.decayed() == {"GA-0012": pytest.approx(20.0)}
    calendar.move(WINDOW_DAYS - WINDOW_DAYS // 3)
    assert usage.decayed() == {}


def test_a_once_popular_service_falls_after_90_days_and_its_counts_are_deleted(
        store, data_dir, calendar):
    usage = ItemUsage(store.item_use, calendar)
    unranked = UNRANKED[:2]
    once_popular, steady = unranked
    usage.add({once_popular.code: 40})  # a busy first day
    for day in range(4):  # then a few uses of another service every ten days
        if day:
            calendar.move(10)
        usage.add({steady.code: 2})
    assert codes(most_used(unranked, usage.decayed())) == [once_popular.code, steady.code]

    calendar.move(WINDOW_DAYS - 30)  # 90 days after the busy day
    assert codes(most_used(unranked, usage.decayed())) == [steady.code]
    usage.add({steady.code: 1})  # the next write deletes the days that no longer count
    db = sqlite3.connect(data_dir / "kiosk.db")
    try:
        days = {day for (day,) in db.execute(
            "SELECT day FROM item_use WHERE service_code = ?", (once_popular.code,))}
    finally:
        db.close()
    assert days == set()


# -- the blend ----------------------------------------------------------------------------


def test_a_new_terminal_shows_the_city_s_favourites_in_the_city_s_order():
    shown = most_used(DEMO, {}, limit=12)
    assert [item.popularity_rank for item in shown] == list(range(1, 13))


def test_local_uses_add_to_the_rank_prior_as_documented():
    first, second, tenth = ranked(1), ranked(2), ranked(10)
    items = [first, second, tenth, UNRANKED[0]]
    # The prior is CITY_PRIOR_USES / rank: 10, 5 and 1 uses.
    assert codes(most_used(items, {})) == [first.code, second.code, tenth.code]
    # Five local uses bring the second level with the first: the better rank wins the tie.
    level = CITY_PRIOR_USES - CITY_PRIOR_USES / 2
    assert codes(most_used(items, {second.code: level}))[:2] == [first.code, second.code]
    # One more and the terminal's own residents decide.
    assert codes(most_used(items, {second.code: level + 1}))[:2] == [second.code, first.code]
    # An unranked service residents open here joins the list, by its uses alone.
    shown = most_used(items, {UNRANKED[0].code: 2.0})
    assert codes(shown) == [first.code, second.code, UNRANKED[0].code, tenth.code]


def test_ties_between_unranked_services_go_by_code():
    items = list(reversed(UNRANKED[:3]))
    shown = most_used(items, {item.code: 3.0 for item in items})
    assert codes(shown) == sorted(item.code for item in items)


def test_the_limit_is_respected():
    assert len(most_used(DEMO, {}, limit=12)) == 12
    assert len(most_used(DEMO, {}, limit=3)) == 3
    assert most_used(DEMO, {}, limit=0) == []


def test_only_services_of_the_current_catalogue_appear():
    gone = ranked(1)
    current = [item for item in DEMO if item.code != gone.code]
    shown = most_used(current, {gone.code: 100.0, "XX-9999": 50.0})
    assert gone.code not in codes(shown) and "XX-9999" not in codes(shown)
    assert shown[0] == ranked(2)


def test_a_catalogue_without_ranks_shows_only_what_residents_opened_here():
    items = [dataclasses.replace(item, popularity_rank=None) for item in DEMO[:20]]
    assert most_used(items, {}) == []
    assert codes(most_used(items, {items[5].code: 1.0})) == [items[5].code]
