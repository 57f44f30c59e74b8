"""The platform on screen: a new catalogue served between visits.
"""

from __future__ import annotations

import dataclasses

from kiosk.catalogue.repository import Catalogue
from kiosk.catalogue.search import SearchIndex
from kiosk.session import SessionState


def timed_out(t) -> None:
    """The resident walks away: the warning, the countdown, the wipe."""
    session = t.kiosk.config.session
    t.advance(session.idle_warning_s + session.countdown_s)


# -- a new catalogue -----------------------------------------------------------------


def renamed(catalogue: Catalogue, code: str, name: str) -> Catalogue:
    """The catalogue as the platform might send it next: one service renamed."""
    items = tuple(dataclasses.replace(i, name=name) if i.code == code else i
                  for i in catalogue.items)
    loaded = dataclasses.replace(catalogue.loaded, items=items, version="next")
    return Catalogue(loaded, SearchIndex.build(items), "platform-r99")


def test_a_new_catalogue_is_served_between_visits_never_during_one(make_terminal):
    t = make_terminal(fake_clock=True)
    t.tap("tile-apply")
    first = t.vm.serviceList.rows[0]
    t.kiosk._catalogue_arrived(renamed(t.kiosk.catalogue, first["code"], "新生入学报名（新版）"))
    t.advance(1)
    assert t.rows("service-")[0] == first["name"]  # a list never changes under a finger
    t.tap("back")
    t.advance(1)  # home, but the resident is still here
    assert t.kiosk.catalogue.loaded.version != "next"

    timed_out(t)  # the visit ends: the wipe adopts it
    assert t.kiosk.catalogue.loaded.version == "next"
    t.tap("notice-ok")
    t.tap("tile-apply")
    assert t.rows("service-")[0] == "新生入学报名（新版）"
    second = t.vm.serviceList.rows[1]
    t.tap("home")

    # Idle on home (nobody has touched it since the wipe): the bridge's clock adopts one
    # that arrives now, and search uses it.
    timed_out(t)
    assert t.kiosk.session.state is SessionState.IDLE and t.screen == "home"
    t.kiosk._catalogue_arrived(renamed(t.kiosk.catalogue, second["code"], "测试更名事项"))
    t.advance(1)
    assert t.kiosk.catalogue.item(second["code"]).name == "测试更名事项"
    t.tap("notice-ok")
    t.tap("search")
    t.tap("search-field")
    t.type_letters("ceshigengming")
    t.wait_until(lambda: "测试更名事项" in t.rows("result-"), "the renamed service found")
    t.tap("home")
    t.tap("tile-apply")
    assert t.rows("service-")[:2] == ["新生入学报名（新版）", "测试更名事项"]
