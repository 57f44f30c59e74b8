"""After a day of visits, a copy of the terminal's data directory (taken while it serves,
the -wal included) gives away none of the residents' ID numbers, phones, names or
addresses, in any file, in any of the encodings Chinese text is kept in."""

import json
import shutil
from pathlib import Path

from kiosk.config import KioskConfig
from ui.rehearsal import burn_in
from ui.rehearsal.burn_in import run_burn_in
from ui.rehearsal.tour import CHILD_ID, PHONE, RESIDENT_ID

SESSIONS = 6  # every kind of visit (apply, guide, progress, complain, rate), and one more
CARD_FILES = [*Path(__file__).resolve().parents[2].glob("drivers/*/cards/*.json")]


def residents_details() -> set[str]:
    """What the emulated residents carry on their cards, and what the visits type."""
    # (Not the typed address, "幸福路": the catalogue's own example says it.)
    details = {RESIDENT_ID, CHILD_ID, PHONE, burn_in.NAME[1], burn_in.BANK_CARD}
    for card in CARD_FILES:
        fields = json.loads(card.read_text(encoding="utf-8"))
        details |= {fields[key] for key in ("name", "id_number", "social_security_number",
                                            "address", "card_number")
                    if len(fields.get(key, "")) >= 2}
    return details


def encodings(text: str) -> list[bytes]:
    forms = [text.encode("utf-8"), text.encode("utf-16-le")]
    try:
        forms.append(text.encode("gbk"))
    except UnicodeEncodeError:
        pass
    return forms


def test_a_day_of_visits_leaves_no_residents_details_readable_on_the_disk(qapp, tmp_path):
    data, copy = tmp_path / "data", tmp_path / "copy"

    def copy_while_serving(number, terminal):
        if number == SESSIONS:
            shutil.copytree(data, copy)

    report = run_burn_in(KioskConfig(), SESSIONS, data_dir=data,
                         before_session=copy_while_serving)
    assert report.failures == [] and report.submissions_queued >= 3
    files = [p for p in copy.rglob("*") if p.is_file()]
    assert {"kiosk.db", "kiosk.db-wal"} <= {p.name for p in files}
    assert any("attachments" in p.parts for p in files)  # the scans were taken
    details = residents_details()
    assert {"王秀兰", "110101196803120028"} <= details and len(details) > 10
    found = sorted({f"{p.relative_to(copy)}: {detail}" for p in files
                    for content in [p.read_bytes()] for detail in details
                    if any(form in content for form in encodings(detail))})
    assert found == []
