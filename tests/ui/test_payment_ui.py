"""Fees paid by QR code on screen, against the real reference platform: a family member's
contribution from the check to 缴费成功 (her number masked on every screen, the QR code
one a phone can read, the receipt printed), an order that expires, no order to be had,
and a fee's guide offline."""

from __future__ import annotations

import re

import numpy as np
import zxingcpp
from PySide6.QtGui import QImage

from kiosk.masking import mask_id_number
from tests.ui.fixtures import WANG, WANG_ID
from tests.ui.platform_terminal import enrolled_terminal

PENSION_FEE = "SB-0025"  # tiers, for the family too
MEDICAL_FEE = "YL-0026"  # one amount
FAMILY_ID = "110101195001010025"


def to_check(t, code: str = PENSION_FEE) -> None:
    """Wang pays her family member's pension contribution, 400 yuan a year."""
    t.vm.openService(code)
    t.frame()
    t.tap("primary")  # from its guide: start
    t.lay_id_card(WANG)
    t.tap("choice-1")  # for a family member
    t.type_digits(FAMILY_ID)
    t.tap("primary")
    t.tap("choice-2")  # 每年400元
    assert t.screen == "check"


def decoded_qr(t, name: str) -> str:
    """What a phone reads from the QR code on screen, as the window shows it."""
    item = t.item(name)
    rect = item.mapRectToScene(item.boundingRect()).toRect()
    image = t.window.grabWindow().copy(rect).convertToFormat(QImage.Format.Format_Grayscale8)
    pixels = np.array(image.constBits(), dtype=np.uint8).reshape(
        image.height(), image.bytesPerLine())[:, :image.width()]
    found = zxingcpp.read_barcodes(pixels)
    assert found, "no QR code a phone could read"
    return found[0].text


def test_a_family_members_fee_paid_by_qr_code(make_terminal, tmp_path, platform):
    t = enrolled_terminal(make_terminal, tmp_path, platform)
    to_check(t)
    masked = mask_id_number(FAMILY_ID)
    assert t.shows(masked) and not t.shows(FAMILY_ID)
    assert t.text_of("primary") == "去付款"

    t.tap("primary")
    assert t.screen == "payment"
    order = t.kiosk.session.journey.order
    assert order is not None and order.status == "awaiting"
    assert t.text_of("amount") == "400.00 元"
    assert t.shows(order.payee)
    assert FAMILY_ID[-4:] in t.text_of("beneficiary") and not t.shows(FAMILY_ID)
    assert not any(WANG_ID in text or FAMILY_ID in text for text in t.texts())
    assert t.shows("请用手机微信、支付宝或云闪付扫一扫")
    assert re.fullmatch(r"剩余付款时间：1[0-5]:[0-5]\d", t.text_of("time-left"))  # of 15 min
    qr = t.item("payment-qr")
    assert qr.width() >= 50 * t.vm.pxPerMm  # scanned from 40 cm
    assert decoded_qr(t, "payment-qr") == order.qr_text
    assert t.item("back") is None  # no way back past the order: home asks first

    platform.admin("pay", "--order", order.order_number)  # the resident's phone pays
    t.wait_until(lambda: t.screen == "paid", "the platform to say it is paid")
    t.frame()
    assert t.shows("缴费成功") and t.shows("已缴费 400.00 元")
    assert t.text_of("order-number") == order.order_number
    assert t.shows("每年400元") and not t.shows(FAMILY_ID)
    paper = "\n".join(t.kiosk.emulators["printer"].paper_receipt().lines)
    assert order.order_number in paper and FAMILY_ID not in paper and WANG_ID not in paper
    assert t.shows("缴费凭证已打印")

    t.tap("primary")
    assert t.screen == "rating"


def medical_fee_at_its_code(make_terminal, tmp_path, server):
    """Wang at the QR code of her own medical insurance fee."""
    t = enrolled_terminal(make_terminal, tmp_path, server)
    t.vm.openService(MEDICAL_FEE)
    t.frame()
    t.tap("primary")
    t.lay_id_card(WANG)
    t.tap("choice-0")  # for herself
    assert t.screen == "check"
    t.tap("primary")
    assert t.screen == "payment" and t.item("payment-qr") is not None
    return t


def test_an_order_that_expires_says_so_and_goes_home(make_terminal, tmp_path):
    from tests.central.harness import CentralServer

    server = CentralServer(db=tmp_path / "central.sqlite3", log=tmp_path / "central.log",
                           extra_args=["--payment-minutes", "0.03"])  # about 2 s to pay
    server.start()
    try:
        t = medical_fee_at_its_code(make_terminal, tmp_path, server)
        t.wait_until(lambda: t.shows("付款时间已过，这笔订单已经关闭"), "the order to expire")
        assert t.item("payment-qr") is None and t.item("back") is None
        assert t.text_of("primary") == "返回首页"
        t.tap("primary")
        assert t.screen == "end"  # take the card; then the wipe
    finally:
        server.stop()


def test_no_order_to_be_had_says_why_and_asks_again(make_terminal, tmp_path, platform):
    t = enrolled_terminal(make_terminal, tmp_path, platform)
    to_check(t)
    platform.stop()  # the network goes before 去付款
    t.tap("primary")
    assert t.screen == "payment" and t.item("payment-qr") is None
    assert t.shows("没能生成缴费二维码") and t.shows("国家税务总局市税务局")
    assert t.text_of("primary") == "再试一次"

    t.tap("primary")  # still down: the same words, no QR code
    assert t.shows("没能生成缴费二维码") and t.item("payment-qr") is None
    t.tap("back")  # no order yet: back to the check
    assert t.screen == "check"


def test_a_fee_offline_says_payment_needs_the_network_and_offers_no_start(make_terminal):
    t = make_terminal()  # not linked to a platform
    t.vm.openService(MEDICAL_FEE)
    t.frame()
    assert t.screen == "guide"
    assert t.shows("缴费要联网，现在网络不通，这台机器暂时不能缴费")
    assert t.shows("国家税务总局市税务局")  # where to pay instead
    assert t.item("primary") is None and t.item("start-service") is None


def test_the_visit_stays_while_the_resident_pays_on_the_phone(make_terminal, tmp_path,
                                                               platform):
    """Paying takes a while on the phone and nobody touches the screen meanwhile: the
    visit is not warned about nor wiped, and the receipt follows the payment. Once paid,
    an untouched screen times out as ever."""
    t = enrolled_terminal(make_terminal, tmp_path, platform)
    to_check(t)
    t.tap("primary")
    assert t.item("payment-qr") is not None
    session = t.kiosk.session
    t.advance(session.idle_warning_s + session.countdown_s + 5)
    assert t.screen == "payment" and t.item("payment-qr") is not None
    assert not t.vm.sessionWarning and session.journey is not None

    order = session.journey.order
    platform.admin("pay", "--order", order.order_number)
    t.wait_until(lambda: t.screen == "paid", "the platform to say it is paid")
    assert t.text_of("order-number") == order.order_number
    t.advance(session.idle_warning_s + session.countdown_s + 5)
    assert session.journey is None  # the idle rules again: the visit is wiped


def hold_the_payment_thread(t):
    """The payment thread kept busy (as by a slow platform) until the returned gate opens."""
    import threading

    gate = threading.Event()
    t.vm.journeyModel.payment._platform.submit(gate.wait)
    return gate


def tap_while_asking(t, name: str) -> None:
    """A tap while a request is out (t.tap would wait for its answer)."""
    t.driver.tap(name)
    t.driver.wait_for_frame()


def card_again_while_asking(t) -> None:
    """Wang's card taken out and laid again, read as the polling thread reads it."""
    reader = t.kiosk.emulators["id_reader"]
    for change in (reader.remove_card, lambda: reader.present_card(WANG)):
        change()
        for _ in range(10):
            events = t.kiosk.devices.poll_cards()
            if events:
                t.screens.bridge._deliver(events)
                break
    t.driver.wait_for_frame()


def test_a_visit_wiped_while_its_order_is_asked_for_leaves_no_error_and_the_next_gets_its_code(
        make_terminal, tmp_path, platform, caplog):
    """Wang leaves (home) while her order is on its way; the platform answers late. The
    late answer is dropped without an error in the technician's log, and a new visit that
    reached the QR screen meanwhile gets its own code (not 正在生成… for ever)."""
    t = enrolled_terminal(make_terminal, tmp_path, platform)
    to_check(t)
    gate = hold_the_payment_thread(t)
    tap_while_asking(t, "primary")
    assert t.screen == "payment" and t.shows("正在生成缴费二维码")
    t.vm.goHome()
    t.vm.confirmHome()  # the visit's answers wiped; its request is already asked
    assert t.kiosk.session.journey is None

    t.vm.openService(MEDICAL_FEE)  # another fee in the same visit, to its QR screen
    t.driver.wait_for_frame()
    tap_while_asking(t, "primary")
    assert t.screen == "identify"  # a fee opens her records: her card is read again
    card_again_while_asking(t)
    tap_while_asking(t, "choice-0")  # for herself
    assert t.screen == "check"
    tap_while_asking(t, "primary")
    assert t.screen == "payment" and t.shows("正在生成缴费二维码")
    with caplog.at_level("ERROR"):
        gate.set()
        t.wait_until(lambda: t.item("payment-qr") is not None, "the new visit's QR code")
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
    assert t.text_of("amount") == "400.00 元"


def test_an_order_whose_time_is_up_while_the_platform_is_out_of_reach_hides_its_code(
        make_terminal, tmp_path):
    from tests.central.harness import CentralServer

    server = CentralServer(db=tmp_path / "central.sqlite3", log=tmp_path / "central.log",
                           extra_args=["--payment-minutes", "0.05"])  # about 3 s to pay
    server.start()
    try:
        t = medical_fee_at_its_code(make_terminal, tmp_path, server)
    finally:
        server.stop()  # the platform cannot be asked how the order ended
    t.wait_until(lambda: t.shows("付款时间已到"), "the screen to say the time is up")
    assert t.item("time-left") is None  # no 00:00 beside a code to scan
    assert t.item("payment-qr") is None  # nobody scans a code whose time is up
    assert t.shows("如果已经付款，钱会原路退回")
    assert t.text_of("primary") == "返回首页"
    t.tap("primary")
    assert t.screen == "end"


def test_a_fees_guide_says_the_amount_comes_when_paying_never_free(qapp):
    from kiosk.catalogue.loader import demo_catalogue_path, load_catalogue_file
    from kiosk.catalogue.wording import ItemWording
    from ui.viewmodels.guide import guide_sections

    catalogue = load_catalogue_file(demo_catalogue_path())
    for code, words in ((PENSION_FEE, "按选择的档次缴费，金额在付款时显示"),
                        (MEDICAL_FEE, "金额在付款时显示")):
        sections = guide_sections(ItemWording(catalogue.by_code(code), "zh_CN"))
        assert next(s["lines"] for s in sections if s["title"] == "收费") == [words]
