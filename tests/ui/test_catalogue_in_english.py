"""A resident who switched to English reads each service in English where the catalogue
has it, and is told in one line where it has not; the record stays Chinese.

Every step is a tap (or a card on the emulated reader); every check reads the screen,
and, for the record, the outbox and the paper.
"""

from __future__ import annotations

import re

from tests.ui.fixtures import APPLY_SERVICE, PHONE

TRANSLATED = "社会保障卡申领"  # ranked among the most used: the catalogue has its English
IN_ENGLISH = "Apply for a social security card"
CHINESE = re.compile(r"[\u4e00-\u9fff]")
ALL_CHINESE_NOTE = "This service's details are in Chinese only."
SOME_CHINESE_NOTE = "Some of this service's details are in Chinese only."


def in_english(t) -> None:
    t.tap("language")
    assert t.vm.language == "en"


def note(t) -> str:
    """The language line, if the screen shows it."""
    return t.text_of("language-note") if t.item("language-note") is not None else ""


def test_a_translated_service_reads_in_english_from_the_list_to_the_confirmation(terminal):
    t = terminal
    in_english(t)
    t.tap("tile-apply")
    t.tap_row("service-", IN_ENGLISH)  # the list row is in English

    # The guide: the item's own text in English too, and no line about Chinese.
    assert t.screen == "guide"
    assert t.text_of("heading") == IN_ENGLISH
    assert t.shows("City Social Insurance Administration Centre")
    assert t.shows("You pay social insurance in this city")
    assert t.shows("Recent ID photo (1 inch, white background, no hat)")
    assert [text for text in t.texts() if CHINESE.search(text)] == []
    assert note(t) == ""

    t.tap("primary")
    t.lay_id_card()
    assert t.screen == "question"
    assert t.text_of("heading") == "Mobile phone number"
    assert t.shows("We will send the result to this number by text message")
    assert note(t) == ""
    t.type_digits(PHONE)
    t.tap("primary")
    assert t.text_of("heading") == "Choose a partner bank"
    assert t.rows("choice-")[0] == "○ Industrial and Commercial Bank of China"  # not chosen yet
    t.tap("choice-0")
    assert t.text_of("heading") == "How do you want to get your card?"
    t.tap("choice-0")
    assert t.text_of("heading") == "Postal address"
    t.tap("skip")

    # The photo's note has no English in the catalogue: it shows, and the line says so.
    assert t.screen == "material"
    assert "Recent ID photo" in t.text_of("heading")
    assert note(t) == SOME_CHINESE_NOTE
    t.kiosk.emulators["camera"].show_document()
    t.tap("primary")
    t.tap("primary")

    assert t.screen == "check"
    for shown in ("Your full name", "Choose a partner bank",
                  "Industrial and Commercial Bank of China", "Recent ID photo"):
        assert t.shows(shown), shown
    assert note(t) == ""
    t.tap("primary")

    # Confirmed in English; filed and printed in the platform's Chinese.
    assert t.screen == "confirmation"
    assert t.shows(IN_ENGLISH)
    [filed] = [r for r in t.kiosk.store.outbox.pending() if r.kind == "application"]
    assert filed.service_code == t.kiosk.catalogue.search(TRANSLATED, limit=1)[0].code
    paper = "\n".join(t.kiosk.emulators["printer"].paper_receipt().lines)
    assert TRANSLATED in paper and IN_ENGLISH not in paper


def test_a_service_without_english_shows_its_chinese_and_says_so(terminal):
    t = terminal
    in_english(t)
    t.tap("tile-apply")
    t.tap_row("service-", APPLY_SERVICE)  # no English: its row shows the Chinese

    assert t.screen == "guide"
    assert t.text_of("heading") == APPLY_SERVICE
    assert note(t) == ALL_CHINESE_NOTE
    assert t.shows("Who can apply") or t.shows("Documents you need")  # headings translate

    t.tap("primary")
    t.lay_id_card()
    assert t.screen == "question"
    assert CHINESE.search(t.text_of("heading"))
    assert note(t) == ALL_CHINESE_NOTE


def test_in_chinese_nothing_changes_and_no_line_shows(terminal):
    t = terminal
    t.tap("tile-apply")
    t.tap_row("service-", TRANSLATED)
    assert t.text_of("heading") == TRANSLATED
    assert note(t) == ""


def test_search_results_read_in_english_where_the_catalogue_has_it(terminal):
    t = terminal
    in_english(t)
    t.tap("search")
    t.tap("search-field")
    t.type_letters("shebaoka")
    t.wait_until(lambda: bool(t.rows("result-")), "results for the letters")
    rows = t.rows("result-")
    assert IN_ENGLISH in rows and "Report a lost social security card" in rows
    assert any(CHINESE.search(row) for row in rows)  # items without English: Chinese


def test_a_complaint_asks_its_own_questions_in_english(terminal):
    """A complaint has no catalogue item: its questions are the kiosk's own, translated."""
    t = terminal
    in_english(t)
    t.tap("tile-complain")
    t.insert_social_security_card()
    assert t.screen == "question"
    assert t.text_of("heading") == "What would you like to tell us about?"
    assert not any(CHINESE.search(row) for row in t.rows("choice-"))
    assert note(t) == ""
