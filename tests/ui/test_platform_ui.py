"""The platform on screen: the offline line on home, out of service, the technician's
maintenance view, and a new catalogue served between visits.

The link's state comes from the sync engine's status, polled by the bridge's clock.
Most tests hand the screens a sample status (`ui.rehearsal.tour.sample_link`); one runs the real
engine against the real reference platform on a loopback port, and a remote command
from its operator takes the terminal out of service and back.
"""

from __future__ import annotations

import dataclasses
import re

from kiosk.catalogue.model import FieldType
from kiosk.catalogue.repository import Catalogue
from kiosk.catalogue.search import SearchIndex
from kiosk.config import KioskConfig, PlatformConfig
from kiosk.forms import grouped
from kiosk.session import SessionState
from kiosk.technician import LOCK_S, MAX_TRIES
from tests.ui.fixtures import (
    CHILD_ID,
    PHONE,
    WANG_ID,
    WANG_NAME,
    to_check,
)
from ui.bridge import DIM_AFTER_IDLE_S
from ui.rehearsal.tour import sample_link
from ui.viewmodels.technician import HEALTH_EVERY_TICKS

OFFLINE = "网络暂时中断。您仍然可以办理，申请会在网络恢复后自动送达。"


def timed_out(t) -> None:
    """The resident walks away: the warning, the countdown, the wipe."""
    session = t.kiosk.config.session
    t.advance(session.idle_warning_s + session.countdown_s)


# -- the offline line ----------------------------------------------------------------


def test_no_offline_line_in_the_demo_nor_before_the_first_try(make_terminal):
    t = make_terminal(fake_clock=True)
    t.advance(2)
    assert not t.kiosk.sync_status().enrolled  # the demo: no platform at all
    assert not t.vm.offline and t.item("offline-notice") is None
    with sample_link(t.kiosk, online=None):  # enrolled, not tried yet
        t.advance(1)
        assert not t.vm.offline and t.item("offline-notice") is None
    with sample_link(t.kiosk, enrolled=False):
        t.advance(1)
        assert t.item("offline-notice") is None


def test_the_offline_line_comes_and_goes_with_the_link_and_blocks_nothing(make_terminal,
                                                                          qtbot):
    t = make_terminal(fake_clock=True)
    with sample_link(t.kiosk):
        with qtbot.waitSignal(t.vm.linkChanged):
            t.advance(1)
        assert t.vm.offline
        assert OFFLINE in t.texts()
        # A calm line: nothing to press, nothing covered, every tile still works.
        assert t.item("offline-notice").property("kioskControl") is None
        t.tap("tile-apply")
        assert t.screen == "services"
        t.tap("home")
        assert t.shows(OFFLINE)
        t.tap("language")
        assert t.shows("The network is down for now.")
        t.tap("language")
        t.advance(5)  # polled every second, announced once
        assert t.shows(OFFLINE)
    with qtbot.waitSignal(t.vm.linkChanged):
        t.advance(1)  # the real status again: not enrolled
    assert not t.vm.offline and not t.shows("网络暂时中断")
    with sample_link(t.kiosk, online=True):
        t.advance(1)
        assert not t.shows("网络暂时中断")


# -- out of service ------------------------------------------------------------------


def test_out_of_service_lets_the_resident_finish_then_shows_instead_of_home(make_terminal):
    config = KioskConfig()
    config.terminal.hotline = "12333"
    config.terminal.staffed_counter = "市民服务中心一楼3号人工窗口"
    t = make_terminal(config=config, fake_clock=True)
    t.tap("tile-guide")
    t.tap("service-0")
    assert t.screen == "guide"
    with sample_link(t.kiosk, online=True, out_of_service=True):
        t.advance(1)
        assert t.vm.outOfService and t.screen == "guide"  # mid-visit: it waits
        t.tap("primary")  # done reading
        assert t.screen == "end"
        t.advance(3)
        assert t.screen == "end"
        t.tap("primary")  # done: the visit is wiped, and then it shows

        assert t.screen == "out_of_service"
        assert t.text_of("heading") == "暂停服务"
        assert t.text_of("where-to-go") == "需要办理的业务，请到市民服务中心一楼3号人工窗口办理。"
        assert "12333" in t.text_of("hotline")
        # Nothing starts a visit: voice guidance says where to go, the hotline shows large.
        assert sorted(t.names()) == ["hotline", "voice"]
        t.tap("voice")
        assert t.kiosk.voice.on and "暂停服务" in t.vm.speech
        t.tap("hotline")
        assert t.text_of("hotline-number") == "12333"
        t.tap("hotline-close")
        # A touch starts no visit: no warning, no wipe, no dimming ever comes.
        t.tap_raw(t.driver.centre(t.item("heading")))
        assert t.kiosk.session.state is SessionState.IDLE
        t.advance(DIM_AFTER_IDLE_S + 10)
        assert t.screen == "out_of_service"
        assert not t.vm.sessionWarning and not t.vm.dimmed and not t.vm.notice
    t.advance(1)  # back in service
    assert t.screen == "home" and not t.vm.outOfService
    assert not t.kiosk.voice.on  # turned on by nobody the next resident knows
    t.tap("tile-apply")
    assert t.screen == "services"


def test_out_of_service_arrives_on_an_idle_home_and_names_the_nearest_hall(make_terminal):
    t = make_terminal(fake_clock=True)
    t.advance(DIM_AFTER_IDLE_S)
    assert t.vm.dimmed
    with sample_link(t.kiosk, out_of_service=True):
        t.advance(1)
        assert t.screen == "out_of_service"
        assert not t.vm.dimmed  # "touch the screen to start" would be wrong now
        assert "附近的政务服务大厅" in t.text_of("where-to-go")
        assert "12345" in t.text_of("hotline")
    t.advance(1)
    assert t.screen == "home"


def test_the_real_engine_against_the_platform_online_out_of_service_then_cut_off(
        make_terminal, tmp_path):
    """Enrolled with the reference platform: online, no line; the operator's
    out_of_service command, then back_in_service; then the platform gone: the line."""
    from kiosk.sync.enrollment import enroll
    from offline_cache.store import Store
    from tests.central.harness import CentralServer

    config = KioskConfig()
    config.platform = PlatformConfig(connect_timeout_s=1.0, read_timeout_s=5.0,
                                     backoff_initial_s=0.05, backoff_max_s=0.4)
    server = CentralServer(db=tmp_path / "central.sqlite3", log=tmp_path / "central.log")
    server.start()
    try:
        with Store.open(tmp_path / "data") as store:  # make_terminal's first data dir
            link = enroll(store, server.url, server.enroll_code(), config.platform)
        t = make_terminal(config=config, fake_clock=True)
        assert t.vm.terminalId == link.terminal_id  # the platform's id, on the footer
        assert link.terminal_id in t.text_of("terminal-id")
        t.kiosk.sync.run_once()
        t.advance(1)
        assert t.kiosk.sync_status().online is True
        assert t.screen == "home" and t.item("offline-notice") is None

        for command, screen in (("out_of_service", "out_of_service"),
                                ("back_in_service", "home")):
            server.admin("command", "--terminal", link.terminal_id, "--command", command)
            t.kiosk.sync.run_once()
            t.advance(1)
            assert t.screen == screen, command
    finally:
        server.stop()
    t.kiosk.sync.run_once()  # nobody answers now
    t.advance(1)
    status = t.kiosk.sync_status()
    assert status.online is False and status.last_error
    assert t.shows(OFFLINE)


# -- the technician ------------------------------------------------------------------


def file_an_application(t) -> str:
    """A resident applies and leaves: one item in the outbox. Its tracking number."""
    to_check(t)
    t.tap("primary")
    assert t.screen == "confirmation"
    number = t.journey.journey.confirmation.tracking_number
    t.tap("home")
    assert t.screen == "end"
    t.tap("primary")
    t.lift_id_card()
    assert t.screen == "home" and t.kiosk.session.state is SessionState.IDLE
    return number


def test_a_short_press_or_a_tap_on_the_footer_opens_nothing(make_terminal):
    t = make_terminal(fake_clock=True)
    t.hold("terminal-id", 4)
    assert t.screen == "home"
    t.advance(5)  # let go: the clock alone opens nothing
    assert t.screen == "home"
    t.tap_raw(t.driver.centre(t.item("terminal-id")))
    t.advance(6)
    assert t.screen == "home"


def test_the_maintenance_view_shows_link_catalogue_devices_and_queue(make_terminal,
                                                                      monkeypatch):
    t = make_terminal(fake_clock=True)
    number = file_an_application(t)
    asked = []
    monkeypatch.setattr(t.kiosk.sync, "sync_now", lambda: asked.append(True))
    with sample_link(t.kiosk, next_retry_in_s=37.0, catalogue_error="signature not valid"):
        t.sign_in_as_technician()
        texts = "\n".join(t.texts())
        for shown in ("已注册", "离线", "platform not reachable: connection refused",
                      "37 秒后", "有：最早的一件已等待 66 分钟", "12（", "signature not valid",
                      "身份证阅读器", "回执打印机", "1 件等待发送，0 件被平台拒收", "等待发送"):
            assert shown in texts, shown
        assert number in t.vm.technician.queueRows[0]["tracking"]
        assert "申请" in t.vm.technician.queueRows[0]["detail"]
        # No personal data: not the name, the ID number, the phone, the child's answers.
        every = texts + repr(t.vm.technician.queueRows)
        for personal in (WANG_NAME, WANG_ID, PHONE, CHILD_ID, "王小明",
                         grouped(FieldType.ID_NUMBER, WANG_ID), grouped(FieldType.PHONE, PHONE)):
            assert personal not in every

        # The printer runs out of paper: the view says so at its next look.
        t.kiosk.emulators["printer"].paper = "out"
        t.advance(HEALTH_EVERY_TICKS)
        t.wait_until(lambda: t.shows("缺纸"), "the printer's state")
        assert t.shows("换上新纸卷")

        t.tap("sync-now")
        assert asked == [True]
        assert t.shows("已请求立即同步")

        t.tap("back")  # leaving ends the technician's visit
    assert t.screen == "home" and t.kiosk.session.state is SessionState.IDLE
    assert not t.vm.technician.signed_in and t.vm.technician.queueRows == []


def device_rows(t) -> dict[str, dict]:
    rows = {row["label"]: row for row in t.vm.technician.deviceRows}
    for row in rows.values():
        assert t.shows(row["value"])  # on the screen, not only in the view-model
    return rows


def test_each_device_reads_in_chinese_with_what_to_do(make_terminal):
    """A county technician reads each device's state and what to do in words, not the
    drivers' English; the camera, closed until a resident needs it, is not a fault."""
    t = make_terminal(fake_clock=True)
    t.sign_in_as_technician()
    rows = device_rows(t)
    assert set(rows) == {"身份证阅读器", "社保卡读卡器", "回执打印机", "摄像头", "语音播报",
                         "A4打印机"}
    assert "声音 cmn" in rows["语音播报"]["value"]  # the engine's voice, by its name
    for name, row in rows.items():
        assert not row["warn"], (name, row["value"])
        assert "正常" in row["value"] and "无需处理" in row["value"], (name, row["value"])
        words = row["value"].replace("声音 cmn", "")
        assert not re.search("[A-Za-z]{2,}", words), (name, row["value"])

    t.kiosk.emulators["camera"].unplug()
    t.kiosk.emulators["printer"].paper = "out"
    t.kiosk.emulators["document_printer"].set_fault("media-empty-report", "toner-low")
    t.advance(HEALTH_EVERY_TICKS)
    t.wait_until(lambda: device_rows(t)["摄像头"]["warn"], "the camera's trouble")
    rows = device_rows(t)
    camera, printer = rows["摄像头"]["value"], rows["回执打印机"]["value"]
    assert "没有连接" in camera and "检查摄像头" in camera and "unplugged" not in camera
    assert rows["回执打印机"]["warn"] and "缺纸" in printer and "换上新纸卷" in printer
    assert "paper" not in printer.lower()
    a4 = rows["A4打印机"]
    assert a4["warn"] and "缺纸" in a4["value"] and "放入A4纸" in a4["value"]

    t.kiosk.emulators["camera"].plug()  # back: fine again at the next look
    t.advance(HEALTH_EVERY_TICKS)
    t.wait_until(lambda: not device_rows(t)["摄像头"]["warn"], "the camera to recover")
    assert "正常" in device_rows(t)["摄像头"]["value"]


def test_a_session_time_out_signs_the_technician_out(make_terminal):
    t = make_terminal(fake_clock=True)
    t.sign_in_as_technician()
    t.advance(t.kiosk.config.session.idle_warning_s)
    assert t.vm.sessionWarning  # like any screen
    t.advance(t.kiosk.config.session.countdown_s)
    assert t.screen == "home" and not t.vm.technician.signed_in
    assert t.vm.technician.linkRows == [] and t.vm.technician.deviceRows == []
    t.tap("notice-ok")
    t.hold("terminal-id", 5)
    assert t.screen == "technician_pin"  # the PIN again, not the view


def test_five_wrong_pins_lock_for_five_minutes_and_walking_away_does_not_reset(
        make_terminal):
    t = make_terminal(fake_clock=True)
    t.vm.technician.gate._clock = t.clock  # the lock's clock is the test's too
    t.hold("terminal-id", 5)
    for attempt in range(1, MAX_TRIES):
        t.type_digits("1111")
        t.tap("primary")
        assert t.screen == "technician_pin"
        assert f"还可以再试 {MAX_TRIES - attempt} 次" in t.text_of("error")
    t.type_digits("1111")
    t.tap("primary")
    assert "已锁定" in t.text_of("error") and "5:00" in t.text_of("error")
    assert not t.can_tap("key-0") and not t.can_tap("primary")  # nothing to type now
    t.advance(10)
    assert "4:50" in t.text_of("error")  # counting down

    t.tap("back")  # gone, and back: still locked
    assert t.screen == "home"
    t.hold("terminal-id", 5)
    assert t.screen == "technician_pin" and "已锁定" in t.text_of("error")
    t.tap("back")
    t.advance(int(LOCK_S))
    if t.vm.dimmed:  # nobody touched home for minutes
        t.tap_raw(t.driver.centre(t.item("heading")))
    t.sign_in_as_technician()  # the right PIN works again afterwards
    assert t.screen == "technician"


def test_the_technician_gets_in_on_an_out_of_service_terminal(make_terminal):
    t = make_terminal(fake_clock=True)
    with sample_link(t.kiosk, out_of_service=True):
        t.advance(1)
        assert t.screen == "out_of_service"
        t.sign_in_as_technician()
        assert t.shows("平台已暂停本机服务")
        t.tap("back")
        assert t.screen == "out_of_service"
        assert t.kiosk.session.state is SessionState.IDLE


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


def test_a_catalogue_arriving_out_of_service_is_adopted_there(make_terminal):
    t = make_terminal(fake_clock=True)
    with sample_link(t.kiosk, out_of_service=True):
        t.advance(1)
        assert t.screen == "out_of_service"
        code = t.kiosk.catalogue.items[0].code
        t.kiosk._catalogue_arrived(renamed(t.kiosk.catalogue, code, "新名称"))
        t.advance(1)
        assert t.kiosk.catalogue.item(code).name == "新名称"


def test_a_restart_the_platform_asks_for_waits_for_the_resident_to_finish(make_terminal):
    from ui.bridge import RESTART_EXIT_CODE

    t = make_terminal(fake_clock=True)
    exits = []
    t.screens.bridge.exit_application = exits.append
    t.tap("tile-guide")
    t.tap("service-0")
    t.kiosk.sync._on_command("restart")  # as a heartbeat's answer hands it over
    t.advance(3)
    assert exits == [] and t.screen == "guide"  # mid-visit: it waits
    t.tap("primary")
    t.tap("primary")  # done: the visit is wiped
    t.advance(1)
    assert exits == [RESTART_EXIT_CODE]


def test_the_maintenance_view_says_what_a_damaged_store_lost_by_tracking_number(
        make_terminal, tmp_path):
    from offline_cache.store import Store, SubmissionRecord
    from tests.store_damage import zero_the_page_holding

    numbers = [f"DEMO01-20261207-{n:05d}" for n in range(1, 41)]
    with Store.open(tmp_path / "data") as store:  # the data directory make_terminal uses
        for n, number in enumerate(numbers):
            store.outbox.submit(SubmissionRecord(
                f"c{n}", "application", "S-1", number,
                {"applicant": {"id_number": WANG_ID, "name": WANG_NAME}, "note": "x" * 300}))
            store.receipts.save(number, f"c{n}", "S-1", f"受理编号：{number}")
    zero_the_page_holding(tmp_path / "data" / "kiosk.db", numbers[20])

    t = make_terminal(fake_clock=True)
    report = t.kiosk.store.salvage_reports()[0]
    assert report.unrecovered and report.recovered == len(numbers) - report.unrecovered
    t.sign_in_as_technician()
    rows = {row["label"]: row for row in t.vm.technician.storeRows}
    damage = rows["数据库损坏"]
    assert damage["warn"] and t.shows(damage["value"])
    assert f"找回 {report.recovered} 件，{report.unrecovered} 件未能找回" in damage["value"]
    lost = rows["未找回的受理编号"]["value"]
    assert numbers[20] in lost and t.shows(lost)
    assert "重新办理" in rows["处理办法"]["value"]  # what the residents must be told
    assert "kiosk devices check" in rows["处理办法"]["value"]
