"""Life events (一件事), delivery by post and corrections, on screen, by taps.

A newborn's three applications in one visit: each question asked once, each paper
photographed once, every link's number on the confirmation and the receipt. A certificate
posted to the card's address, changed on the keyboard, the address masked once filed. A
case the office sent back: what it asked, "去补正", and the correction filed.
"""

from __future__ import annotations

import json

from tests.ui.fixtures import WANG_ID
from tests.ui.platform_terminal import enrolled_terminal

EVENT = "新生儿出生一件事"
LINKS = ("新生儿出生登记", "新生儿参保登记", "新生儿社会保障卡申领")
POSTED = "户籍证明开具"


def paper_lines(t) -> list[str]:
    return t.kiosk.emulators["printer"].paper_receipt().lines


def applications(t) -> list:
    return [r for r in t.kiosk.store.outbox.pending() if r.kind == "application"]


def guide_text(t) -> str:
    """Every line of the guide, turning its pages as a finger would."""
    seen = list(t.texts())
    while t.can_tap("scroll-down"):
        t.tap("scroll-down")
        seen += t.texts()
    return "\n".join(seen)


def test_a_newborn_in_one_visit_from_guide_to_every_number(terminal):
    t = terminal
    t.tap("domain-healthcare")
    t.tap_row("service-", EVENT)
    assert t.screen == "guide"

    # The guide: the links in order, which one waits for which, what to do first.
    guide = guide_text(t)
    assert "1. 新生儿出生登记（市公安局）" in guide
    assert ("2. 新生儿参保登记（市医疗保障局）：等第1项办好后接着办，"
            "新生儿的身份证号自动填上") in guide
    assert "3. 新生儿社会保障卡申领（市社会保险事业管理中心）：等第1、2项办好后接着办" in guide
    assert "出生医学证明首次签发指南" in guide

    t.tap("primary")
    assert t.screen == "identify"
    t.lay_id_card()

    # Questions: each asked once, though two or three links ask them; none the earlier
    # links' results fill in.
    asked = []
    while t.screen == "question":
        asked.append(t.journey.fieldLabel)
        kind = t.journey.fieldType
        if kind == "phone":
            t.type_digits("13800138000")
        elif kind == "date":
            t.type_digits("2026-11-20")
        elif kind == "text":
            t.tap("answer-field")
            t.type_chinese("wangxiaoming", "王小明")
        if kind == "choice":
            t.tap("choice-0")  # 随父落户, the first bank; at the counter
        else:
            t.tap("primary")
        assert not t.journey.error, t.journey.error
        if t.screen == "material":
            photographed = []
            t.kiosk.emulators["camera"].show_document()
            while t.screen == "material":
                photographed.append(t.journey.materialName)
                t.tap("primary")
                t.tap("primary")
            assert photographed.count("出生医学证明") == 1  # two links need it: one photo
            assert len(photographed) == len(set(photographed))
    assert asked.count("新生儿姓名") == 1
    assert len(asked) == len(set(asked))
    assert "新生儿公民身份号码" not in asked and "新生儿医保参保编号" not in asked
    assert "办好后怎么拿" in asked

    assert t.screen == "check"
    t.tap("primary")

    # The confirmation: every link, its own number, which link it waits on.
    assert t.screen == "confirmation"
    filed = applications(t)
    assert len(filed) == 3
    numbers = [t.text_of(f"link-number-{i}") for i in range(3)]
    assert numbers == [row.tracking_number for row in filed]
    assert t.item("tracking-number") is None  # no one number standing for all three
    for i, name in enumerate(LINKS):
        assert t.shows(f"{i + 1}. {name}")
    assert "等“新生儿出生登记”办好后接着办" in t.text_of("link-waits-1")
    assert "等“新生儿出生登记、新生儿参保登记”办好后接着办" in t.text_of("link-waits-2")
    assert t.item("posted-to") is None  # collected at the counter
    # What happens next, not what she just did here.
    assert t.shows("一次提交，各部门按顺序办理") and not t.shows("在终端核验身份")
    paper = "\n".join(paper_lines(t))
    assert all(number in paper for number in numbers)
    assert t.text_of("primary") == "下一步：评价本次服务"
    t.tap("primary")
    assert t.screen == "rating"


def test_posted_to_the_cards_address_changed_on_the_keyboard(terminal):
    t = terminal
    t.tap("tile-apply")
    t.tap_row("service-", POSTED)
    t.tap("primary")
    t.lay_id_card()
    card_address = t.journey.journey.identity.address
    assert card_address
    while t.screen in ("question", "material") and t.journey.fieldLabel != "办好后怎么拿":
        if t.screen == "material":
            t.tap("bring-later")
        elif t.journey.fieldType == "phone":
            t.type_digits("13800138000")
            t.tap("primary")
        elif t.journey.fieldType == "choice":
            t.tap("choice-0")
        else:
            t.tap("answer-field")
            t.type_chinese("ruxue", "入学")
            t.tap("primary")
    assert t.shows("免费邮寄到家") and t.shows("自己到窗口领取")
    t.tap("choice-1")

    # The address question: the card's address is there to keep or change, whole.
    assert t.journey.fieldLabel == "邮寄地址"
    assert "身份证上的住址" in t.journey.fieldHelp
    field = t.item("answer-field")
    assert field.property("text") == card_address
    assert t.in_view(field)
    t.tap("answer-field")
    t.type_chinese("yuan", "院")
    assert field.property("text") == card_address + "院"
    t.tap("primary")

    assert t.screen == "check"
    assert t.shows("免费邮寄到家") and t.shows(card_address + "院")
    t.tap("primary")

    assert t.screen == "confirmation"
    posted = t.text_of("posted-to")
    assert posted.startswith("办好后免费邮寄到：") and "*" in posted
    assert card_address not in posted
    [filed] = applications(t)
    delivery = filed.payload["delivery"]
    assert delivery["method"] == "post" and delivery["address"] == card_address + "院"


SENT_BACK = {"note": "户口簿照片不清楚，请重新拍摄，并留一个能打通的电话",
             "items": [{"kind": "answer", "key": "contact_phone", "label": "联系电话",
                        "type": "phone"},
                       {"kind": "photo", "name": "居民户口簿首页（重拍）"}]}


def filed_and_sent_back(t, platform, tmp_path) -> str:
    """Wang's certificate application filed and delivered to the platform, whose office
    sends it back (`python -m central correct`); its tracking number."""
    from kiosk.demo import sample_answer

    journey = t.kiosk.start("apply", "GA-0003")  # 户籍证明开具
    journey.next()
    t.lay_id_card()
    while journey.step.kind.value != "check":
        if journey.step.material is not None:
            journey.bring_it_later()
        else:
            journey.answer(sample_answer(journey.step.field))
    number = journey.submit().tracking_number
    t.kiosk.sync.run_once(("uploads",))
    asked = tmp_path / "sent-back.json"
    asked.write_text(json.dumps(SENT_BACK, ensure_ascii=False), "utf-8")
    platform.admin("correct", "--case", number, "--file", str(asked))
    t.vm.goHome()
    t.kiosk.finish()
    t.lift_id_card()
    return number


def test_a_case_sent_back_is_corrected_from_the_progress_look_up(make_terminal, tmp_path,
                                                                  platform):
    t = enrolled_terminal(make_terminal, tmp_path, platform)
    number = filed_and_sent_back(t, platform, tmp_path)
    t.tap("tile-progress")
    t.lay_id_card()
    assert t.screen == "lookup"
    assert t.shows("需要补正")
    assert "户口簿照片不清楚，请重新拍摄" in t.text_of("correction-note-0")
    assert "联系电话" in t.text_of("correction-wanted-0")
    assert "居民户口簿首页（重拍）" in t.text_of("correction-wanted-0")
    assert t.text_of("correct-0") == "去补正"

    t.tap("correct-0")
    # The card read for the look-up stands: the first thing asked is what the office asked.
    assert t.screen == "question" and t.journey.fieldLabel == "联系电话"
    assert t.shows(SENT_BACK["note"])  # why it is asked, beside the question
    assert t.journey.journey.identity.id_number == WANG_ID
    t.type_digits("13900139000")
    t.tap("primary")
    assert t.screen == "material" and t.journey.materialName == "居民户口簿首页（重拍）"
    t.kiosk.emulators["camera"].show_document()
    t.tap("primary")
    t.tap("primary")
    assert t.screen == "check"
    t.tap("primary")

    assert t.screen == "confirmation"
    assert t.text_of("heading") == "补正已提交"
    assert t.text_of("tracking-number") == number
    assert t.shows("补正的内容已提交，办理部门收到后重新审核")
    assert not t.shows("当场办结")
    [sent] = [r for r in t.kiosk.store.outbox.pending() if r.kind == "correction"]
    assert sent.payload["answers"] == {"contact_phone": "13900139000"}
    assert len(sent.attachments) == 1
    assert t.text_of("primary") == "完成"
    t.kiosk.sync.run_once(("uploads",))
    listed = json.loads(platform.admin("submissions", "--json").stdout)
    case = next(c for c in listed if c["tracking_number"] == number)
    assert case["status"] == "review"


def test_a_long_address_shows_whole_in_elder_mode_on_a_portrait_screen(terminal):
    t = terminal
    t.tap("elder-mode")
    t.tap("tile-apply")
    t.tap_row("service-", POSTED)
    t.tap("primary")
    t.lay_id_card()
    journey = t.journey.journey
    for key, value in (("phone", "13800138000"), ("certificate", "registration"),
                       ("purpose", "入学"), ("delivery_method", "post")):
        journey.answers[key] = value
    journey.bring_later.update(m.name for m in journey.item.materials)
    journey._replan()
    long_address = "河北省保定市涞源县王安镇东团堡村第三村民小组前街东头第四十五号院"
    journey.drafts["delivery_address"] = long_address
    journey.index = [s.key for s in journey.steps].index("question:delivery_address")
    t.journey.changed.emit()
    t.frame()
    assert t.journey.fieldLabel == "邮寄地址"
    assert t.text_of("answer-field") == long_address
    whole = t.item("whole-answer")
    assert whole is not None and whole.property("text") == long_address
    assert t.in_view(whole)


def to_the_events_check(t) -> None:
    """The newborn's life event, answered and photographed, to its check screen."""
    t.vm.openService(next(i.code for i in t.kiosk.catalogue.items if i.name == EVENT))
    t.frame()
    t.tap("primary")
    t.lay_id_card()
    t.kiosk.emulators["camera"].show_document()
    while t.screen in ("question", "material"):
        if t.screen == "material":
            t.tap("primary")
            t.tap("primary")
            continue
        kind = t.journey.fieldType
        if kind == "phone":
            t.type_digits("13800138000")
        elif kind == "date":
            t.type_digits("2026-11-20")
        elif kind == "text" and t.journey.fieldLabel != "邮寄地址":  # the card's address
            t.tap("answer-field")
            t.type_chinese("wangxiaoming", "王小明")
        if kind == "choice":  # posted home; else the first choice
            t.tap("choice-1" if t.journey.fieldLabel == "办好后怎么拿" else "choice-0")
        else:
            t.tap("primary")
    assert t.screen == "check"


def test_the_events_long_check_pages_whole_rows_each_change_a_finger_can_tap(make_terminal):
    """Twelve rows (answers, delivery, papers): as many whole rows as fit, a page at a
    time, in both orientations and elder mode; every 修改 whole and tappable on its page,
    nothing to scroll."""
    for orientation, elder in (("portrait", False), ("portrait", True), ("landscape", False),
                               ("landscape", True)):
        t = make_terminal(orientation=orientation)
        if elder:
            t.tap("elder-mode")
        to_the_events_check(t)
        rows = t.journey.checkRows
        assert len(rows) >= 12
        wanted = {f"change-{i}" for i, row in enumerate(rows) if row["key"]}
        seen, pages = set(), 1
        while True:
            names = {n for n in t.driver.control_names() if n.startswith("change-")}
            for name in names:
                assert t.can_tap(name), (orientation, elder, name,
                                         t.driver.problem(t.item(name), name))
            assert not names & seen  # no row on two pages
            seen |= names
            if not t.can_tap("next-page"):
                break
            assert t.shows(f"第 {pages} 页，共")
            t.tap("next-page")
            pages += 1
        assert seen == wanted, (orientation, elder)
        assert pages > 1 or orientation == "landscape"
        t.tap("previous-page") if pages > 1 else None
