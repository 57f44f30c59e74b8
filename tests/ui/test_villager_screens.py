"""What a villager meets first and on every step: the most used items on home, the mode
switch and the step bar everywhere, numbers in groups, choices that look like choices,
guides paged by whole lines that end in "开始办理", and the hotline in large print."""

from __future__ import annotations

from PySide6.QtQuick import QQuickItem

from tests.ui.fixtures import (
    APPLY_SERVICE,
    CHILD_ID,
    PHONE,
    WANG_ID,
    Terminal,
    descendants,
    open_apply_service,
    to_check,
    to_first_question,
)
from ui.viewmodels.icons import DOMAIN_ICONS


def most_used_tiles(t: Terminal) -> list[str]:
    tiles = [i for i in t.driver.controls() if i.objectName().startswith("most-used-")]
    tiles.sort(key=lambda i: int(i.objectName().removeprefix("most-used-")))
    return [i.property("text") for i in tiles]


def test_home_opens_with_the_most_used_items_and_each_opens_its_service(terminal):
    t = terminal
    names = most_used_tiles(t)
    expected = [i.name for i in t.kiosk.most_used(9)]

    assert names == expected and len(names) == 9
    # Rank 1 and 2 of the demo city: the residents' yearly contributions.
    assert names[:3] == ["城乡居民医疗保险缴费", "城乡居民养老保险缴费",
                         "个人权益记录查询（社保缴费记录查询）"]
    icons = [t.item(f"most-used-{n}").property("iconName") for n in range(9)]
    assert icons == [DOMAIN_ICONS[i.domain] for i in t.kiosk.most_used(9)]  # its domain's
    assert icons[2] == "umbrella"  # social security
    t.tap("most-used-2")  # a look-up: straight to proving who you are
    assert t.screen == "identify"
    assert t.journey.serviceName == expected[2]


def test_elder_mode_shows_fewer_most_used_items_before_any_domain(terminal):
    t = terminal
    t.tap("elder-mode")

    assert len(most_used_tiles(t)) == 4
    assert t.item("domain-social_security") is None or not t.in_view(
        t.item("domain-social_security"))
    t.tap("show-domains")
    assert t.in_view(t.item("domain-social_security"))


def test_the_mode_switch_is_on_every_journey_screen_and_keeps_the_resident_in_place(terminal):
    t = terminal
    open_apply_service(t)
    t.tap("primary")
    assert t.screen == "identify"

    t.tap("elder-mode")

    assert t.vm.elderMode and t.screen == "identify"
    assert t.text_of("elder-mode") == "标准模式"
    t.tap("elder-mode")
    assert not t.vm.elderMode


def test_the_step_bar_counts_identify_and_keeps_its_total_after_the_card(terminal):
    t = terminal
    open_apply_service(t)
    t.tap("primary")

    assert t.screen == "identify" and t.in_view(t.item("step-bar"))
    first = t.text_of("step-text")
    total = first.split("共")[1]
    assert first.startswith("第 1 步")
    segments = [i for i in t.visible_items() if i.objectName().startswith("step-segment-")]
    assert len(segments) == int(total.strip(" 步"))

    t.lay_id_card()
    assert t.screen == "question"
    assert t.text_of("step-text") == f"第 2 步，共{total}"


def test_numbers_read_in_groups_while_typed_and_on_the_check_screen(terminal):
    t = terminal
    to_first_question(t)
    t.type_digits(PHONE)
    assert t.text_of("typed-value") == "138 0013 8000"

    to_check_from_first_question(t)
    values = t.texts()
    assert "138 0013 8000" in values
    assert CHILD_ID[:6] + " " + CHILD_ID[6:14] + " " + CHILD_ID[14:] in values
    assert PHONE not in values and CHILD_ID not in values


def to_check_from_first_question(t: Terminal) -> None:
    t.tap("primary")
    t.tap("answer-field")
    t.type_chinese("wangxiaoming", "王小明")
    t.tap("primary")
    t.type_digits(CHILD_ID)
    t.tap("primary")
    t.tap("choice-0")
    t.kiosk.emulators["camera"].show_document()
    while t.screen == "material":
        t.tap("primary")
        t.tap("primary")
    assert t.screen == "check"


def test_a_choice_question_marks_the_current_answer_when_changed_from_the_check(terminal):
    t = terminal
    to_check(t)
    item = t.kiosk.session.journey.item
    choice = next(f for f in item.fields if f.type.value == "choice")
    row = [r["label"] for r in t.journey.checkRows].index(choice.label)
    t.tap(f"change-{row}")

    assert t.journey.fieldType == "choice"
    rows = t.rows("choice-")
    assert rows[0].startswith("● ") and all(r.startswith("○ ") for r in rows[1:])
    assert t.shows("当前选择")


def test_a_guide_from_the_guide_section_offers_to_start_the_service(terminal):
    t = terminal
    t.tap("tile-guide")
    t.tap_row("service-", APPLY_SERVICE)
    assert t.screen == "guide" and t.text_of("primary") == "看完了"

    t.tap("start-service")

    assert t.screen == "identify"
    assert t.journey.serviceName == APPLY_SERVICE


def test_guide_pages_break_between_whole_lines_and_say_when_more_follows(make_terminal):
    t = make_terminal(orientation="landscape")
    t.tap("elder-mode")  # large text: the guide takes several pages
    open_apply_service(t)
    area = t.item("guide-text")
    pages = 0
    while True:
        pages += 1
        top = area.mapToScene(area.boundingRect().topLeft()).y()
        bottom = top + area.height()
        lines = [i for i in descendants(area) if _is_shown_line(i, area)]
        assert lines, "a page with nothing on it"
        for line in lines:
            rect = line.mapRectToScene(line.boundingRect())
            assert top - 0.5 <= rect.top() and rect.bottom() <= bottom + 0.5, line.property("text")
        more = t.item("more-follows")
        if not t.can_tap("scroll-down"):
            assert more is None or not more.isVisible()
            break
        assert more.isVisible()
        last = max(lines, key=lambda i: i.mapRectToScene(i.boundingRect()).bottom())
        assert last.mapRectToScene(last.boundingRect()).bottom() <= \
            more.mapRectToScene(more.boundingRect()).top() + 0.5
        t.tap("scroll-down")
    assert pages > 1
    assert t.text_of("guide-page") == f"第 {pages} 页，共 {pages} 页"


def _is_shown_line(item: QQuickItem, area: QQuickItem) -> bool:
    if not item.inherits("QQuickText") or item.objectName() == "more-follows":
        return False
    node = item
    while node is not None and node is not area:
        if not node.isVisible():
            return False
        node = node.parentItem()
    return True


def test_the_hotline_is_a_button_that_shows_the_number_large(terminal):
    t = terminal
    t.tap("hotline-button")

    number = t.item("hotline-number")
    assert number.isVisible() and number.property("text") == t.vm.hotline
    cap_mm = number.property("font").pixelSize() * 0.733 / t.vm.pxPerMm
    assert cap_mm >= 20
    t.tap("hotline-close")
    assert t.item("hotline-card") is None


def test_the_card_number_is_never_shown_whole_once_the_card_is_read(terminal):
    t = terminal
    open_apply_service(t)
    t.tap("primary")
    t.lay_id_card()
    assert t.screen == "question"  # the first question the card did not answer
    shown = " ".join(t.texts())
    assert WANG_ID not in shown and WANG_ID[:6] + " " + WANG_ID[6:14] not in shown


def test_a_printer_out_of_paper_is_told_on_home_and_before_the_resident_starts(make_terminal):
    t = make_terminal(fake_clock=True)
    t.kiosk.emulators["printer"].paper = "out"
    look_at_the_devices(t)

    assert t.item("device-trouble") is not None
    assert t.shows("打印机暂时不能用（缺纸）：办理后打印不出回执，请记下屏幕上的受理编号。")
    open_apply_service(t)
    assert t.screen == "guide"
    assert t.shows("打印机暂时不能用（缺纸）")

    t.kiosk.emulators["printer"].paper = "ok"
    look_at_the_devices(t)
    assert not t.shows("打印机暂时不能用")


def test_both_card_readers_down_is_told_on_home(make_terminal):
    t = make_terminal(fake_clock=True)
    t.kiosk.emulators["id_reader"].unplug()
    t.kiosk.emulators["card_reader"].unplug()
    look_at_the_devices(t)

    assert t.shows("读卡器暂时不能用：需要刷卡的业务请到人工窗口办理。")
    t.kiosk.emulators["id_reader"].plug()
    t.kiosk.emulators["card_reader"].plug()
    look_at_the_devices(t)
    assert not t.shows("读卡器暂时不能用")


def look_at_the_devices(t: Terminal) -> None:
    """What the card poller's thread does every few seconds, then the next second's tick."""
    t.screens.bridge.check_devices()
    t.advance(1)
