"""A resident looking up their applications: online, the platform says where each stands
(one it rejected after this terminal queued it included); offline, the terminal shows
what it holds and says the latest progress needs the network."""

from __future__ import annotations

from kiosk.app import Kiosk
from kiosk.catalogue.model import IdentityProof
from kiosk.config import KioskConfig
from kiosk.identity import Identity
from kiosk.journeys import StepKind
from tests.sync.conftest import (
    RESIDENT_ID,
    application,
    enrolled,
    fast_platform_config,
    link_to_nowhere,
)


def look_up(kiosk) -> tuple[dict[str, str], str]:
    journey = kiosk.start("progress")
    # The card is read now: the platform takes a card read as proof for a few minutes.
    journey.identify(Identity(id_number=RESIDENT_ID, proof=IdentityProof.ID_CARD, name="王秀兰"))
    while journey.step.kind is not StepKind.LOOKUP_RESULT:
        journey.next()
    result = journey.look_up()
    states = {case.tracking_number: str(case.state) for case in result.cases}
    kiosk.session.end()
    return states, str(result.notice or "")


def test_the_platform_tells_where_each_case_stands_even_one_it_rejected(central, tmp_path):
    kiosk = Kiosk(KioskConfig(platform=fast_platform_config()), tmp_path / "k")
    try:
        enrolled(kiosk.store, central)
        kiosk.relink()
        sent, rejected = (application(1, seed=40, terminal=kiosk.store),
                           application(2, seed=40, terminal=kiosk.store))
        waiting = application(3, seed=40, terminal=kiosk.store)
        for record in (sent, rejected):
            kiosk.store.outbox.submit(record)
        assert kiosk.sync.run_once().delivered == 2
        central.admin("reject", "--case", rejected.tracking_number, "--reason", "材料不全")
        kiosk.store.outbox.submit(waiting)  # filed here, not sent yet
        kiosk.store.outbox.requeue(waiting.client_id, "held by the test", not_before=9e12)
        states, notice = look_up(kiosk)
        assert states[sent.tracking_number] == "已送达，等待办理部门受理"
        assert states[rejected.tracking_number] == "未通过受理：材料不全。请联系办理部门"
        assert states[waiting.tracking_number] == "已在本机受理，等待上传"
        assert notice == ""
    finally:
        kiosk.close()


def test_offline_the_terminal_shows_what_it_holds_and_says_so(tmp_path):
    kiosk = Kiosk(KioskConfig(platform=fast_platform_config()), tmp_path / "k")
    try:
        link_to_nowhere(kiosk.store)
        kiosk.relink()
        record = application(1, seed=41)
        kiosk.store.outbox.submit(record)
        kiosk.sync.run_once()  # finds the platform unreachable
        states, notice = look_up(kiosk)
        assert states == {record.tracking_number: "已在本机受理，等待上传"}
        assert "网络暂时不通" in notice
    finally:
        kiosk.close()
