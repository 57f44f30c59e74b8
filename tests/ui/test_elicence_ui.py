"""Papers the government already holds, on screen, against the real reference platform:
the material screen waits a moment for the e-licence library, then says the resident's
household register is there (masked) and offers 同意调取 beside 拍照 and 没带; the check
screen says where each paper comes from; the ID card just read is never photographed."""

from __future__ import annotations

import threading

from tests.ui.fixtures import WANG_ID, answer_questions, open_apply_service
from tests.ui.platform_terminal import enrolled_terminal

HOUSEHOLD_REGISTER_NUMBER = "110101015523"  # the platform's demo record for 王秀兰
HOLDS = "电子证照库里有您的《居民户口簿》"
WAITING = "正在查询电子证照…"


def hold_library_answers(t) -> threading.Event:
    """The library's answers wait until the returned event is set (the resident then sees
    the screen wait): the real call to the platform, only later."""
    gate = threading.Event()
    ask = t.kiosk.sync.elicences_for

    def held(*args):
        gate.wait(30)
        return ask(*args)

    t.kiosk.sync.elicences_for = held
    return gate


def test_the_household_register_is_taken_from_the_library_by_taps(make_terminal, tmp_path,
                                                                    platform):
    t = enrolled_terminal(make_terminal, tmp_path, platform)
    gate = hold_library_answers(t)
    open_apply_service(t)
    t.tap("primary")
    t.lay_id_card()
    answer_questions(t)

    # Not back yet: one plain line; no photo until it is, and no red error.
    assert t.shows(WAITING) and not t.can_tap("primary")
    assert t.can_tap("bring-later") and not t.journey.error
    gate.set()
    t.wait_until(lambda: t.journey.libraryState == "offered", "the library's answer")
    assert not t.shows(WAITING)
    assert t.shows(HOLDS)
    assert t.shows("1101****5523") and t.shows("王*兰")
    texts = " ".join(t.texts())
    assert HOUSEHOLD_REGISTER_NUMBER not in texts and WANG_ID not in texts
    assert t.text_of("primary") == "同意调取"
    assert t.can_tap("photograph-instead") and t.can_tap("bring-later")
    t.tap("primary")  # 同意调取

    # The property certificate is held too: photographed anyway, by choice.
    assert t.screen == "material" and t.shows("电子证照库里有您的《不动产权证书》")
    t.tap("photograph-instead")
    assert t.text_of("primary") == "拍照" and t.can_tap("use-library")
    t.kiosk.emulators["camera"].show_document()
    t.tap("primary")
    t.tap("primary")
    assert t.screen == "material" and t.journey.libraryState == ""  # no library holds it
    t.tap("bring-later")

    assert t.screen == "check"
    assert t.shows("已从电子证照库调取") and t.shows("已拍摄")
    t.tap("primary")
    assert t.screen == "confirmation"
    journey = t.journey.journey
    entry = t.kiosk.store.outbox.get(journey.client_id)
    assert entry.payload["elicences"] == [{"type": "household_register",
                                           "number": HOUSEHOLD_REGISTER_NUMBER,
                                           "material": "居民户口簿首页及本人页"}]
    assert len(entry.attachments) == 1  # the property certificate's photo alone


def test_the_id_card_read_here_is_not_photographed(make_terminal, tmp_path, platform):
    t = enrolled_terminal(make_terminal, tmp_path, platform)
    t.vm.openService("SB-0002")  # 社会保障卡挂失: the ID card's two sides
    t.frame()
    t.tap("primary")
    t.lay_id_card()
    while t.screen == "question":
        if t.journey.fieldType == "phone":
            t.type_digits("13800138000")
            t.tap("primary")
        else:
            t.tap("choice-0")
    assert t.screen == "check"  # no material screen
    assert t.shows("已读取您的身份证，不用拍照")
