"""Whole journeys by taps, as a resident does them, on the emulated devices.

Every step is a tap on a control a finger could press (the driver refuses hidden,
covered or off-screen ones), a key or candidate of the on-screen keyboard, or a card
laid on an emulated reader; every check reads what the screen shows, and, where the
screen promises something (filed, printed, wiped), the store, the paper or the session.
"""

from __future__ import annotations

import numpy as np
import pytest
import zxingcpp
from PySide6.QtGui import QImage

from kiosk.catalogue.model import FieldType
from kiosk.forms import grouped
from kiosk.session import SessionState
from tests.ui.fixtures import (
    APPLY_SERVICE,
    CHILD_ID,
    PHONE,
    TYPED_SERVICE,
    WANG_ID,
    WANG_NAME,
    answer_questions,
    capture_materials,
    open_apply_service,
    to_check,
    to_first_question,
)
from ui.rehearsal.driver import TapFailed

BLAME_WORDS = ("无效", "非法", "错误代码", "invalid", "oops", "sorry")


def paper_lines(t) -> list[str]:
    return t.kiosk.emulators["printer"].paper_receipt().lines


def outbox_rows(t, kind: str) -> list:
    rows = t.kiosk.store.outbox.pending()
    return [r for r in rows if r.kind == kind]


def mm(t, pixels: float) -> float:
    return pixels / t.vm.pxPerMm


def test_apply_end_to_end_by_taps(make_terminal):
    t = make_terminal(start=True)  # cards arrive through the bridge's polling thread
    to_first_question(t)
    answer_questions(t)
    assert capture_materials(t) == 3

    # Check your answers: what the card filled and what was typed, in full, long numbers
    # in the groups people read them in.
    for answer in (WANG_NAME, grouped(FieldType.ID_NUMBER, WANG_ID),
                   grouped(FieldType.PHONE, PHONE), "王小明",
                   grouped(FieldType.ID_NUMBER, CHILD_ID)):
        assert t.shows(answer), answer
    assert t.text_of("primary") == "提交申请"
    t.tap("primary")

    # Filed durably before the screen says so; the number on screen is the one filed.
    assert t.screen == "confirmation"
    [filed] = outbox_rows(t, "application")
    number = t.text_of("tracking-number")
    assert number == filed.tracking_number and number.startswith("DEMO01-20261127-")
    assert len(filed.attachments) == 3
    assert any(number in line for line in paper_lines(t))  # the receipt came out
    assert t.shows("回执已打印")
    assert not t.shows("回执打印不出来")

    # Rating follows at once; never forced, but this resident rates.
    t.tap("primary")
    assert t.screen == "rating"
    assert not t.can_tap("primary")  # nothing chosen yet
    t.tap("level-5")
    reason = t.item("reason-0").property("text")
    t.tap("reason-0")
    assert t.text_of("reason-0") == "✓ " + reason
    t.tap("primary")
    [rating] = outbox_rows(t, "rating")
    assert rating.tracking_number != number and rating.service_code == filed.service_code

    # The end: "Done" asks for the card (and the receipt) before anything is wiped.
    assert t.screen == "end"
    t.tap("primary")
    assert t.screen == "end"
    assert t.shows("请取走您的卡片") and t.shows("请取走打印出来的回执")
    assert t.kiosk.session.state is SessionState.TAKE_CARD

    t.kiosk.emulators["id_reader"].remove_card()
    t.wait_until(lambda: t.screen == "home", "the home screen after the card is lifted")
    session = t.kiosk.session
    assert session.state is SessionState.IDLE and session.journey is None
    assert session.identity is None and t.journey.journey is None
    assert not any(s in " ".join(t.texts()) for s in (WANG_NAME, WANG_ID, PHONE, "王小明"))


def test_a_validation_error_sits_beside_the_field_and_keeps_what_was_typed(terminal):
    t = terminal
    to_first_question(t)
    t.type_digits("123")
    t.tap("primary")

    assert t.screen == "question" and t.journey.fieldType == "phone"
    error = t.item("error")
    assert error is not None, "no error on screen"
    message = error.property("text")
    assert message.startswith("⚠ 请注意：")  # words and a sign, never colour alone
    assert "手机" in message or "11" in message  # says what is wrong with this field
    assert not any(word in message.lower() for word in BLAME_WORDS)
    assert t.text_of("typed-value") == "123"  # what was typed is kept

    # Beside the field: just above the digits typed, nothing in between.
    typed = t.item("typed-value")
    error_bottom = error.mapToScene(error.boundingRect().bottomLeft()).y()
    typed_top = typed.mapToScene(typed.boundingRect().topLeft()).y()
    assert 0 <= mm(t, typed_top - error_bottom) <= 10

    # Fixing it: erase, retype, continue; the error goes.
    for _ in range(3):
        t.tap("key-erase")
    t.type_digits(PHONE)
    t.tap("primary")
    assert t.journey.fieldType == "text" and t.item("error") is None

    # The keyboard question: continuing with nothing typed says what to fill in.
    t.tap("primary")
    assert t.journey.fieldType == "text"
    assert "必须填写" in t.text_of("error")
    t.tap("answer-field")
    t.type_chinese("wangxiaoming", "王小明")
    t.tap("primary")
    assert t.journey.fieldType == "id_number"
    # A new question starts empty, not with the digits typed for the last one.
    assert t.text_of("typed-value") == "请用下面的数字键输入"


def test_the_error_goes_as_soon_as_the_answer_is_put_right(terminal):
    """The message says how to fix the answer, so it stays while the resident is still
    fixing it, and goes the moment the answer would be taken, before 继续 is tapped: a
    message left under a right answer tells an elderly resident it is still wrong."""
    t = terminal
    to_first_question(t)
    t.type_digits("123")
    t.tap("primary")
    assert t.item("error") is not None

    for _ in range(3):
        t.tap("key-erase")
    t.type_digits(PHONE[:-1])  # one digit short: still not a phone number
    assert t.item("error") is not None
    t.type_digits(PHONE[-1])
    assert t.screen == "question" and t.journey.fieldType == "phone"
    assert t.item("error") is None and t.journey.error == ""
    assert t.text_of("typed-value").replace(" ", "") == PHONE  # grouped as typed
    t.tap("primary")

    # The keyboard question, left empty, then answered.
    assert t.journey.fieldType == "text"
    t.tap("primary")
    assert t.item("error") is not None
    t.tap("answer-field")
    t.type_chinese("wangxiaoming", "王小明")
    assert t.journey.fieldType == "text" and t.item("error") is None
    t.tap("primary")
    assert t.journey.fieldType == "id_number"


def test_change_from_the_check_screen_returns_to_the_check_screen(terminal):
    t = terminal
    to_check(t)
    labels = [row["label"] for row in t.journey.checkRows]
    phone_row = labels.index("联系电话（手机）")
    t.tap(f"change-{phone_row}")

    assert t.screen == "question" and t.journey.fieldType == "phone"
    # The answer to change, not a blank.
    assert t.text_of("typed-value") == grouped(FieldType.PHONE, PHONE)
    for _ in PHONE:
        t.tap("key-erase")
    t.type_digits("13900139000")
    t.tap("primary")

    assert t.screen == "check"  # straight back, not on to the next question
    assert t.shows("139 0013 9000") and not t.shows(grouped(FieldType.PHONE, PHONE))


def test_home_mid_journey_asks_first(terminal):
    t = terminal
    # Nothing personal yet: home goes home at once.
    open_apply_service(t)
    t.tap("home")
    assert t.screen == "home" and not t.vm.confirmingHome

    to_first_question(t)
    t.type_digits("138")
    t.tap("home")
    assert t.shows("回到首页吗？")
    assert {"stay", "leave"} <= set(t.names())
    with pytest.raises(TapFailed, match="covered"):
        t.tap("primary")  # the question behind cannot be pressed

    t.tap("stay")
    assert t.screen == "question" and not t.shows("回到首页吗？")
    assert t.text_of("typed-value") == "138"

    journey = t.journey.journey
    t.tap("home")
    t.tap("leave")
    assert t.screen == "home"
    assert t.kiosk.session.journey is None and t.journey.journey is None
    assert not journey.answers and journey.identity is None


def test_guide_only_with_checklist_printing(terminal):
    t = terminal
    t.tap("tile-guide")
    assert t.screen == "services"
    t.tap_row("service-", APPLY_SERVICE)
    assert t.screen == "guide"
    assert t.text_of("primary") == "看完了"
    assert t.shows("需要的材料") and t.shows("预防接种证查验证明")

    while t.can_tap("scroll-down"):  # a guide longer than the screen has pages
        t.tap("scroll-down")
        assert t.can_tap("scroll-up")

    t.tap("print-checklist")
    assert t.shows("材料清单已打印")
    printed = "\n".join(paper_lines(t))
    assert APPLY_SERVICE in printed and "预防接种证查验证明" in printed

    t.tap("primary")
    assert t.screen == "end"
    t.tap("primary")
    assert t.screen == "home"
    assert t.kiosk.store.outbox.count() == 0  # a guide files nothing


def test_printer_out_of_paper_shows_the_number_and_a_qr_code(terminal):
    t = terminal
    to_check(t)
    t.kiosk.emulators["printer"].paper = "out"
    t.tap("primary")

    assert t.screen == "confirmation"
    [filed] = outbox_rows(t, "application")
    assert t.shows("回执打印不出来") and t.shows("缺纸")
    assert t.shows("已经提交成功")
    assert not t.shows("回执已打印")
    assert t.text_of("tracking-number") == filed.tracking_number
    assert paper_lines(t) == []

    qr = t.item("tracking-qr")
    assert mm(t, qr.width()) >= 50  # big enough to photograph from the screen
    assert decoded_qr_codes(t) == [filed.tracking_number]


def text_items(t, fragment: str) -> list:
    return [i for i in t.visible_items()
            if fragment in str(i.property("text") or "") and t.in_view(i)]


def assert_shown_as_a_failure(t, fragment: str) -> None:
    """The words of a failure, in the error colour with a sign: never colour alone, and
    never the colour of success."""
    theme = t.theme()
    [item] = text_items(t, fragment)
    assert item.property("color") == theme["error"] != theme["success"]
    assert item.property("text").startswith("⚠")


@pytest.mark.parametrize("where", ["guide", "confirmation"])
def test_a_printing_failure_is_shown_as_a_failure(terminal, where):
    t = terminal
    if where == "guide":
        open_apply_service(t)
    else:
        to_check(t)
    t.kiosk.emulators["printer"].paper = "out"
    t.tap("print-checklist" if where == "guide" else "primary")

    assert t.screen == where
    assert_shown_as_a_failure(t, "打印不出来")
    assert t.shows("缺纸")

    if where == "guide":  # and once printed, it says so in the colour of success
        t.kiosk.emulators["printer"].paper = "ok"
        t.tap("print-checklist")
        [done] = text_items(t, "已打印")
        assert done.property("color") == t.theme()["success"]
        assert not text_items(t, "打印不出来")


def decoded_qr_codes(t) -> list[str]:
    image = t.window.grabWindow().convertToFormat(QImage.Format.Format_Grayscale8)
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(
        image.height(), image.bytesPerLine())[:, :image.width()]
    return [code.text for code in zxingcpp.read_barcodes(pixels)]


def test_a_typed_id_number_where_the_service_allows_it(terminal):
    t = terminal
    # Most applications need the card itself.
    open_apply_service(t)
    t.tap("primary")
    assert t.screen == "identify" and "type-id" not in t.names()
    t.tap("home")

    # An application the office verifies may start with the typed number.
    open_apply_service(t, TYPED_SERVICE)
    t.tap("primary")
    assert t.screen == "identify"
    t.tap("type-id")
    t.type_digits(WANG_ID[:17])
    assert not t.can_tap("primary")  # 17 digits: not yet
    t.type_digits("9")  # a wrong check digit
    t.tap("primary")
    assert t.screen == "identify" and t.item("error") is not None
    assert t.text_of("typed-id") == WANG_ID[:17] + "9"  # kept, to correct one key
    t.tap("key-erase")
    t.type_digits(WANG_ID[-1])
    t.tap("primary")

    assert t.screen == "question"
    assert t.journey.journey.identity.id_number == WANG_ID


@pytest.mark.parametrize("tile", ["tile-progress", "tile-rate", "tile-complain"])
def test_cases_open_only_to_a_card_or_an_e_id_code_never_to_a_typed_number(terminal, tile):
    """Progress, rating and complaints show or act on the resident's cases: the identify
    screen offers no typing there and tells a resident without a card where to go; a
    number that reaches the journey all the same is refused, shows nothing, files
    nothing. The card still opens it."""
    t = terminal
    t.tap(tile)
    assert t.screen == "identify"
    assert "type-id" not in t.names()
    assert "人工窗口" in t.text_of("no-card-hint")

    t.journey.typeIdNumber(WANG_ID)  # as if a typing screen had been left up
    t.frame()
    assert t.screen == "identify" and t.journey.journey.identity is None
    refusal = t.text_of("error")
    assert all(way in refusal for way in ("身份证", "社保卡", "电子身份证码", "人工窗口"))
    assert t.kiosk.store.outbox.count() == 0

    t.lay_id_card()
    assert t.screen != "identify" and t.journey.journey.identity.id_number == WANG_ID


def test_elder_mode_on_the_home_screen_means_larger_and_fewer(terminal):
    t = terminal

    def measure() -> tuple[int, float, int, float]:
        heading = t.item("heading").property("font").pixelSize()
        tile = t.item("tile-apply").height()
        t.tap("tile-apply")
        rows = len(t.rows("service-"))
        row_height = min(mm(t, t.item(f"service-{n}").height()) for n in range(rows))
        t.tap("home")
        return heading, tile, rows, row_height

    heading, tile, rows, row_height = measure()
    assert rows >= 8 and row_height >= 12  # as many as the screen holds
    assert "domain-social_security" in t.names()

    t.tap("elder-mode")
    assert t.vm.elderMode and t.text_of("elder-mode") == "标准模式"
    assert "domain-social_security" not in t.names()  # fewer tiles: domains behind one
    assert "show-domains" in t.names()
    elder_heading, elder_tile, elder_rows, elder_row_height = measure()
    assert elder_heading > heading * 1.2 and mm(t, elder_tile) >= 40 - 0.5
    assert elder_rows < rows and elder_row_height >= 16

    t.tap("show-domains")
    assert "domain-social_security" in t.names()
    t.tap("elder-mode")
    assert not t.vm.elderMode and t.text_of("elder-mode") == "长辈模式"


def test_a_slow_printer_never_freezes_the_screen(terminal, monkeypatch):
    """The receipt prints on the printer's own thread: the confirmation shows at once,
    says the receipt is printing, keeps taking touches, then says it printed."""
    import threading

    t = terminal
    to_check(t)
    printer = t.kiosk.devices.devices["printer"]
    release = threading.Event()
    real_print = printer.print_receipt

    def slow_print(document):
        release.wait(10)  # a printer taking its time to answer
        return real_print(document)

    monkeypatch.setattr(printer, "print_receipt", slow_print)
    t.driver.tap("primary")  # submit; no waiting for the printer here
    t.driver.wait_for_frame()
    assert t.screen == "confirmation" and t.journey.printing
    assert t.shows("正在打印回执")
    assert outbox_rows(t, "application")  # filed before any paper moved
    t.driver.wait(300)  # the UI thread turns its event loop meanwhile (this test runs on it)
    assert t.journey.printing and t.screen == "confirmation"

    release.set()
    t.wait_until(lambda: not t.journey.printing, "the receipt to print")
    t.frame()
    assert t.shows("回执已打印") and not t.shows("正在打印回执")
    assert len(paper_lines(t)) > 0


def test_a_photo_taken_while_the_preview_reads_a_frame_waits_for_it(terminal):
    """The preview fetches frames off the UI thread; "take photo" at that moment found
    the camera busy and wiped the visit. It waits for the frame in progress now."""
    import threading
    import time

    t = terminal
    to_first_question(t)
    answer_questions(t)
    assert t.screen == "material"
    t.kiosk.emulators["camera"].show_document()
    camera = t.kiosk.devices.devices["camera"]
    quick_read, reading = camera.read_frame, threading.Event()

    def slow_read():  # a frame being read, slowly
        reading.set()
        time.sleep(0.2)
        return quick_read()

    camera.read_frame = slow_read
    preview = threading.Thread(target=t.kiosk.camera_frame)  # as the preview asks
    preview.start()
    assert reading.wait(5)
    camera.read_frame = quick_read
    t.tap("primary")  # take the photo
    preview.join()
    assert t.screen == "material" and t.can_tap("retake")
    assert t.kiosk.session.journey is not None and not t.vm.notice


def test_the_search_box_opens_search_with_the_keyboard_up(terminal):
    """A resident who taps the search box wants to type: no second tap on the field."""
    t = terminal
    t.tap("search")
    assert t.screen == "search"
    t.wait_until(t.keyboard_shown, "the keyboard to come up")
    field = t.window.activeFocusItem()
    assert field is not None and field.objectName() == "search-field"


def test_a_residence_permit_is_refused_in_plain_words_where_the_service_needs_an_id_card(
    terminal,
):
    """A Hong Kong resident lays a residence permit for a service that lists only the ID
    card: the identify screen says so, where to go and whom to call, in Chinese and in
    English; a later ID card goes through."""
    t = terminal
    open_apply_service(t)
    t.tap("primary")
    assert t.screen == "identify"
    t.lay_id_card("chen_jiaxin_residence_permit")
    assert t.screen == "identify"
    message = t.text_of("error")
    assert "需要居民身份证" in message and "港澳台居民居住证" in message
    assert "窗口" in message and "拨打" in message
    assert not any(word in message for word in BLAME_WORDS)
    assert not t.shows("陈嘉欣") and not t.shows("810000199205050020")
    t.lift_id_card()
    t.lay_id_card()  # Wang's own ID card
    assert t.screen == "question"


def test_a_foreigners_card_identifies_where_the_service_lists_it_and_an_expired_one_is_refused(
    terminal,
):
    """English screens: the no-criminal-record certificate takes a permanent residence
    card; an expired residence permit is refused with where to renew it."""
    t = terminal
    t.tap("language")
    t.tap("tile-apply")
    t.tap_row("service-", "无犯罪记录证明")  # the demo catalogue has no English for it
    t.tap("primary")
    assert t.screen == "identify"
    t.lay_id_card("lin_zhiwei_residence_permit_expired")
    assert t.screen == "identify"
    message = t.text_of("error")
    assert "expired" in message and "police station" in message, message
    t.lift_id_card()
    t.lay_id_card("smith_john_permanent_residence_2017")
    assert t.screen == "question"
    assert t.kiosk.session.journey.identity.english_name == "SMITH JOHN"


def quoted_names(text: str) -> list[str]:
    """The controls a message tells the resident to tap: what it puts in “quotes”."""
    names = []
    while "“" in text and "”" in text:
        text = text[text.index("“") + 1:]
        names.append(text[:text.index("”")])
        text = text[text.index("”") + 1:]
    return names


def test_with_the_camera_gone_the_screen_offers_what_it_really_has(terminal):
    """The camera fails on the material screen: the message names a button that is
    there, 拍照 cannot be pressed while there is nothing to take a photo with, and both
    come back as they were when the camera does."""
    t = terminal
    to_first_question(t)
    answer_questions(t)
    camera = t.kiosk.emulators["camera"]
    camera.show_document()
    t.wait_until(lambda: camera.frames_read > 0, "the preview to show the camera")
    assert t.item("primary").property("enabled")

    camera.unplug()
    t.wait_until(lambda: t.item("error") is not None, "the camera's trouble to show")
    message = t.text_of("error")
    assert "摄像头" in message
    named = quoted_names(message)
    assert named, f"the message names no button: {message}"
    buttons = {t.driver.find(n).property("text"): n for n in t.names()}
    for name in named:
        assert name in buttons, f"“{name}” is not a button on this screen"
        assert t.can_tap(buttons[name])

    # A tap that lands in the moment before the screen knew: the same promise.
    t.journey.capture()
    t.frame()
    for name in quoted_names(t.text_of("error")):
        assert name in buttons, f"“{name}” is not a button on this screen"
    t.journey.retake()  # back to the camera's own message
    t.frame()

    primary = t.item("primary")
    assert primary.property("text") == "拍照" and not primary.property("enabled")
    t.tap_raw(t.driver.centre(primary))  # a finger on it anyway: nothing happens
    assert t.screen == "material" and not t.journey.hasCapture
    assert t.text_of("error") == message

    camera.plug()
    t.wait_until(lambda: t.item("error") is None, "the camera's trouble to clear")
    assert t.item("primary").property("enabled")
    t.tap("primary")
    assert t.journey.hasCapture and t.can_tap("retake")
