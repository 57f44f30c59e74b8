"""Look-ups on screen, answered by the real reference platform: a resident's
contributions a page at a time with the page and print buttons always in view, a slip
that masks her number, an A4 proof, the A4 printer's trouble said before the card, and a
public look-up that asks for no card."""

from __future__ import annotations

from kiosk.masking import mask_id_number
from tests.ui.fixtures import LI
from tests.ui.platform_terminal import enrolled_terminal

LI_ID = "310104197510010010"


def open_lookup(t, code: str) -> None:
    t.vm.openService(code)
    t.frame()
    if t.screen == "guide":
        t.tap("primary")  # from its guide: start


def test_contributions_page_by_page_and_on_a_slip(make_terminal, tmp_path, platform):
    t = enrolled_terminal(make_terminal, tmp_path, platform)
    open_lookup(t, "SB-0014")
    assert t.screen == "identify" and t.item("type-id") is None  # a card, never a number
    t.lay_id_card(LI)
    t.tap("choice-0")  # the year: the latest
    assert t.screen == "lookup"
    assert t.shows("城镇职工基本养老保险缴费记录") and t.shows("累计缴费月数")
    assert t.shows("第 1 页，共 2 页")
    for control in ("next-page", "print-record", "primary"):  # in view, however long
        assert t.in_view(t.item(control)), control
    first = [text for text in t.texts() if text.startswith("2025-")]

    t.tap("next-page")
    assert t.shows("第 2 页，共 2 页") and not t.can_tap("next-page")
    second = [text for text in t.texts() if text.startswith("2025-")]
    assert first and second and not set(first) & set(second)

    t.tap("print-record")
    assert t.shows("已打印，请在下方出纸口取走。")
    paper = "\n".join(t.kiosk.emulators["printer"].paper_receipt().lines)
    assert "城镇职工基本养老保险缴费记录" in paper and second[0] in paper
    assert LI_ID not in paper and mask_id_number(LI_ID) in paper and "李*国" in paper


def test_a_proof_of_insurance_comes_out_of_the_a4_printer(make_terminal, tmp_path, platform):
    t = enrolled_terminal(make_terminal, tmp_path, platform)
    open_lookup(t, "SB-0017")
    t.lay_id_card(LI)
    t.tap("choice-0")  # every insurance
    assert t.screen == "lookup" and t.can_tap("print-proof")

    t.tap("print-proof")
    t.wait_until(lambda: not t.journey.printing, "the proof")
    assert t.shows("证明已打印"), t.texts()
    jobs = t.kiosk.emulators["document_printer"].printed()
    assert len(jobs) == 1 and jobs[0].data.startswith(b"%PDF-")


def test_the_a4_printer_out_of_paper_is_said_on_the_first_screen(make_terminal, tmp_path,
                                                                platform):
    t = enrolled_terminal(make_terminal, tmp_path, platform)
    t.kiosk.emulators["document_printer"].set_fault("media-empty-report")
    t.kiosk.devices.health()  # as the heartbeat's check finds it
    open_lookup(t, "SB-0017")
    assert t.screen == "identify"
    assert t.shows("A4打印机缺纸，暂时不能打印证明。查询结果仍可在屏幕上查看。")
    t.lay_id_card(LI)
    t.tap("choice-0")
    assert t.screen == "lookup" and t.item("print-proof") is None  # not offered, said why
    assert t.shows("A4打印机缺纸")


def test_a_public_look_up_asks_for_no_card(make_terminal, tmp_path, platform):
    t = enrolled_terminal(make_terminal, tmp_path, platform)
    open_lookup(t, "JY-0016")  # which school serves a street
    assert t.screen == "question"
    t.tap("answer-field")
    t.type_chinese("xingfuli", "幸福里")
    t.tap("primary")
    assert t.screen == "lookup"
    assert t.shows("市示例实验小学") and t.kiosk.session.identity is None
