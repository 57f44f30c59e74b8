"""Life events run link by link, corrections asked for and answered, delivery by post,
the report's counters, and how an older terminal reads a fee or a life event."""

from __future__ import annotations

import hashlib
import json
import uuid

import pytest

from central.storage import ChainMessage, Database
from tests.central.conftest import new_database
from tests.central.harness import CentralServer, enroll
from tests.central.issue_items import (
    BIRTH,
    EVENT_PROGRESS,
    MEDICAL_FEE,
    NEWBORN_EVENT,
    NEWBORN_INSURANCE,
    SOCIAL_CARD,
    load,
)

NAME, ID_NUMBER = "王秀兰", "110101196803120028"
NEWBORN_ID = "110101202612010012"
PHONE = "13912345678"
_numbers = iter(range(1, 100000))


@pytest.fixture(scope="module")
def central(request, engine, tmp_path_factory):
    work = tmp_path_factory.mktemp("life-events")
    server = CentralServer(db=new_database(request, engine, work),
                           log=work / "central.log").start()
    load(server, work)
    yield server
    server.stop()


def tracking(terminal) -> str:
    return f"{terminal.terminal_id}-20261201-{next(_numbers):05d}"


def submit(terminal, body: dict, key: str | None = None):
    return terminal.http.post(terminal.url("/v1/submissions"), json=body,
                              headers={"Idempotency-Key": key or uuid.uuid4().hex})


def application(terminal, code: str, number: str | None = None, **payload) -> dict:
    return {"kind": "application", "service_code": code,
            "tracking_number": number or tracking(terminal),
            "payload": {"applicant": {"name": NAME, "id_number": ID_NUMBER, "proof": "id_card"},
                        "answers": {}} | payload}


def newborn_chain(terminal, answers: dict | None = None) -> list[dict]:
    """The three links as the kiosk files them: each its own submission."""
    numbers = [tracking(terminal) for _ in range(3)]
    chain_id = uuid.uuid4().hex
    waits = [[], [numbers[0]], [numbers[1]]]
    inputs = [[], [{"field": "newborn_id_number", "from": numbers[0], "output": "id_number"}],
              [{"field": "id_number", "from": numbers[1], "output": "id_number"}]]
    return [application(terminal, code, numbers[i], answers=answers or {}, chain={
        "id": chain_id, "event": NEWBORN_EVENT, "position": i, "links": numbers,
        "waits_on": waits[i], "inputs": inputs[i]})
        for i, code in enumerate((BIRTH, NEWBORN_INSURANCE, SOCIAL_CARD))]


def listed(central, tracking_number: str) -> dict:
    rows = json.loads(central.admin("submissions", "--json").stdout)
    return next(r for r in rows if r["tracking_number"] == tracking_number)


def progress(terminal) -> dict:
    answer = terminal.http.post(terminal.url("/v1/records/query"), json={
        "service_code": EVENT_PROGRESS, "id_number": ID_NUMBER,
        "proof": terminal.card_proof(ID_NUMBER)})
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_link_waits_for_the_one_before_and_is_routed_with_its_output(central):
    terminal = enroll(central)
    before = central.report()
    birth, insurance, card = newborn_chain(terminal)
    # Links may arrive in any order.
    filed = {body["service_code"]: submit(terminal, body) for body in (card, insurance, birth)}
    assert [filed[c].json()["status"] for c in (BIRTH, NEWBORN_INSURANCE, SOCIAL_CARD)] == \
        ["routed", "waiting", "waiting"]
    status = terminal.case(insurance["tracking_number"], ID_NUMBER).json()
    assert status["status"] == "waiting"
    assert status["chain"] == {k: v for k, v in insurance["payload"]["chain"].items()
                               if k != "inputs"}
    rows = {row[0]: row[3] for row in progress(terminal)["rows"]}
    assert rows[filed[NEWBORN_INSURANCE].json()["case_number"]] == "等待前一项办结：生育登记"

    done = central.admin("complete", "--case", birth["tracking_number"],
                         "--output", f"id_number={NEWBORN_ID}", cli=True)
    assert insurance["tracking_number"] in done.stdout
    assert terminal.case(birth["tracking_number"], ID_NUMBER).json()["status"] == "completed"
    moved = listed(central, insurance["tracking_number"])
    assert moved["status"] == "routed"
    assert moved["chain_inputs"] == {"newborn_id_number": NEWBORN_ID}
    assert listed(central, card["tracking_number"])["status"] == "waiting"
    central.admin("complete", "--case", insurance["tracking_number"],
                  "--output", f"id_number={NEWBORN_ID}")
    assert listed(central, card["tracking_number"])["chain_inputs"] == {"id_number": NEWBORN_ID}
    assert central.report()["chains"] - before["chains"] == 1
    # The office's outputs are never logged.
    assert NEWBORN_ID not in central.log.read_text(encoding="utf-8")


def test_a_refused_link_leaves_the_others_standing_and_the_resident_gets_an_sms(central):
    terminal = enroll(central)
    birth, insurance, card = newborn_chain(terminal, answers={"contact_phone": PHONE})
    numbers = [submit(terminal, body).json()["case_number"] for body in (birth, insurance, card)]
    central.admin("reject", "--case", birth["tracking_number"], "--reason", "出生医学证明编号有误")
    for body in (insurance, card):
        shown = listed(central, body["tracking_number"])
        assert shown["status"] == "waiting"
        assert "生育登记" in shown["status_reason"] and "未能办理" in shown["status_reason"]
    rows = {row[0]: row[3] for row in progress(terminal)["rows"]}
    assert rows[numbers[0]] == "不予受理"
    assert rows[numbers[1]].startswith("等待前一项办结：生育登记（")
    assert rows[numbers[2]].startswith("等待前一项办结：新生儿参保登记（")

    db = Database(str(central.db))
    try:
        with db.session() as session:
            sent = [m for m in session.query(ChainMessage)
                    if m.chain_id == birth["payload"]["chain"]["id"]]
    finally:
        db.close()
    assert [m.phone for m in sent] == [PHONE]
    assert "生育登记" in sent[0].text and "出生医学证明编号有误" in sent[0].text
    assert PHONE not in central.log.read_text(encoding="utf-8")


def messages(central, chain_id: str) -> list[ChainMessage]:
    db = Database(str(central.db))
    try:
        with db.session() as session:
            return [m for m in session.query(ChainMessage) if m.chain_id == chain_id]
    finally:
        db.close()


def test_a_link_refused_at_filing_stops_the_links_waiting_on_it_with_a_reason_and_an_sms(
        central):
    """The birth registration is refused when it arrives (post without an address): it
    never becomes a case, yet the links after it, filed before or after it, say why
    they wait, and the resident gets one SMS."""
    terminal = enroll(central)
    birth, insurance, card = newborn_chain(terminal, answers={"contact_phone": PHONE})
    birth["payload"]["delivery"] = {"method": "post", "recipient": NAME, "phone": PHONE}
    waiting = submit(terminal, insurance).json()
    for _ in range(2):  # the kiosk retries a refusal it did not hear
        refused = submit(terminal, birth)
        assert refused.status_code == 422 and refused.json()["code"] == "delivery_incomplete"
    after = submit(terminal, card).json()
    assert (waiting["status"], after["status"]) == ("waiting", "waiting")
    for body in (insurance, card):
        reason = listed(central, body["tracking_number"])["status_reason"]
        assert "生育登记" in reason and "未能办理" in reason and birth["tracking_number"] in reason
    rows = {row[0]: row[3] for row in progress(terminal)["rows"]}
    assert rows[waiting["case_number"]].startswith("等待前一项办结：生育登记（前一项")
    assert "生育登记" in rows[after["case_number"]] and "未能办理" in rows[after["case_number"]]
    sent = messages(central, birth["payload"]["chain"]["id"])
    assert [m.phone for m in sent] == [PHONE]
    assert "生育登记" in sent[0].text and birth["tracking_number"] in sent[0].text
    assert PHONE not in central.log.read_text(encoding="utf-8")


def test_a_chain_naming_another_terminals_case_is_refused(central):
    """A terminal cannot wait on another terminal's case and take its outputs (the
    newborn's ID number) into its own."""
    owner, other = enroll(central), enroll(central)
    birth = newborn_chain(owner)[0]
    submit(owner, birth)
    central.admin("complete", "--case", birth["tracking_number"],
                  "--output", f"id_number={NEWBORN_ID}")
    foreign = birth["tracking_number"]
    own = tracking(other)
    chain = {"id": uuid.uuid4().hex, "event": NEWBORN_EVENT, "position": 1,
             "links": [foreign, own], "waits_on": [foreign],
             "inputs": [{"field": "newborn_id_number", "from": foreign, "output": "id_number"}]}
    refused = submit(other, application(other, NEWBORN_INSURANCE, own, chain=chain))
    assert refused.status_code == 422 and refused.json()["code"] == "chain_invalid"
    listing = central.admin("submissions", "--json").stdout
    assert own not in listing
    only_listed = chain | {"waits_on": [], "inputs": []}
    refused = submit(other, application(other, NEWBORN_INSURANCE, own, chain=only_listed))
    assert refused.status_code == 422 and refused.json()["code"] == "chain_invalid"


def test_two_terminals_using_one_chain_id_do_not_mix(central):
    """The same chain id on two terminals: a refusal on one says nothing to the other's
    links and its SMS goes to its own resident's phone."""
    first, second = enroll(central), enroll(central)
    other_phone = "13800001111"
    theirs = newborn_chain(second, answers={"contact_phone": other_phone})
    ours = newborn_chain(first, answers={"contact_phone": PHONE})
    chain_id = ours[0]["payload"]["chain"]["id"]
    for body in theirs:
        body["payload"]["chain"]["id"] = chain_id
    for body in theirs:
        submit(second, body)
    for body in ours:
        submit(first, body)
    central.admin("reject", "--case", ours[0]["tracking_number"], "--reason", "材料不全")
    assert [m.phone for m in messages(central, chain_id)] == [PHONE]
    assert listed(central, theirs[1]["tracking_number"])["status_reason"] is None
    assert "未能办理" in listed(central, ours[1]["tracking_number"])["status_reason"]


def test_completing_a_case_without_the_outputs_its_waiting_links_need_is_refused(central):
    terminal = enroll(central)
    birth, insurance, _card = newborn_chain(terminal)
    for body in (birth, insurance):
        submit(terminal, body)
    bare = central.admin("complete", "--case", birth["tracking_number"], check=False)
    assert bare.returncode != 0
    assert bare.stderr.strip().count("\n") == 0 and "id_number" in bare.stderr
    wrong = central.admin("complete", "--case", birth["tracking_number"],
                          "--output", "certificate=ZJ123", check=False)
    assert wrong.returncode != 0 and "id_number" in wrong.stderr
    assert listed(central, birth["tracking_number"])["status"] == "routed"
    assert listed(central, insurance["tracking_number"])["status"] == "waiting"
    central.admin("complete", "--case", birth["tracking_number"],
                  "--output", f"id_number={NEWBORN_ID}")
    assert listed(central, insurance["tracking_number"])["chain_inputs"] == {
        "newborn_id_number": NEWBORN_ID}


def test_a_chain_that_does_not_name_its_own_link_is_refused(central):
    terminal = enroll(central)
    body = newborn_chain(terminal)[1]
    body["payload"]["chain"]["links"] = body["payload"]["chain"]["links"][:1]
    refused = submit(terminal, body)
    assert refused.status_code == 422 and refused.json()["code"] == "chain_invalid"


def _upload(terminal, content: bytes) -> str:
    announced = terminal.http.post(terminal.url("/v1/attachments"), json={
        "name": "出生医学证明.jpg", "media_type": "image/jpeg", "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest()}).json()
    done = terminal.http.patch(terminal.url(f"/v1/attachments/{announced['attachment_id']}"),
                               data=content, headers={"Upload-Offset": "0",
                                                      "Content-Type": "application/octet-stream"})
    assert done.json()["complete"]
    return announced["attachment_id"]


def correction(terminal, case: dict, *, id_number=ID_NUMBER, attachments=()) -> dict:
    return {"kind": "correction", "service_code": case["service_code"],
            "tracking_number": tracking(terminal), "attachments": list(attachments),
            "payload": {"case_number": case["case_number"],
                        "tracking_number": case["tracking_number"],
                        "applicant": {"id_number": id_number, "name": NAME, "proof": "id_card"},
                        "answers": {"mother_phone": PHONE},
                        "materials_captured": ["出生医学证明"]}}


def test_a_correction_is_asked_for_shown_answered_with_a_photo_and_back_in_review(
        central, tmp_path):
    terminal = enroll(central)
    before = central.report()
    case = submit(terminal, application(terminal, BIRTH)).json()
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"note": "请补充", "items": [{"kind": "answer", "key": "x",
                                                          "label": "电话", "type": "fax"}]}))
    refused = central.admin("correct", "--case", case["case_number"], "--file", str(bad),
                            check=False)
    assert refused.returncode == 1
    assert refused.stderr.strip().count("\n") == 0 and "type" in refused.stderr
    too_early = submit(terminal, correction(terminal, case))
    assert too_early.status_code == 409 and too_early.json()["code"] == "correction_not_open"

    asked = {"note": "请补充联系电话和出生医学证明照片", "items": [
        {"kind": "answer", "key": "mother_phone", "label": "母亲联系电话", "type": "phone"},
        {"kind": "photo", "name": "出生医学证明", "note": "正面"}]}
    good = tmp_path / "good.json"
    good.write_text(json.dumps(asked, ensure_ascii=False), encoding="utf-8")
    central.admin("correct", "--case", case["case_number"], "--file", str(good), cli=True)
    status = terminal.case(case["case_number"], ID_NUMBER).json()
    assert status["status"] == "correction"
    assert status["correction"]["items"] == asked["items"]
    assert status["correction"]["answered_at"] is None
    shown = progress(terminal)
    assert {row[0]: row[3] for row in shown["rows"]}[case["case_number"]] == "需要补正"
    open_one = next(c for c in shown["corrections"] if c["case_number"] == case["case_number"])
    assert (open_one["note"], open_one["items"], open_one["service_name"]) == \
        (asked["note"], asked["items"], "生育登记")

    stranger = submit(terminal, correction(terminal, case, id_number="310104197510010010"))
    assert stranger.status_code == 404 and stranger.json()["code"] == "case_not_found"
    photo = _upload(terminal, b"photo of the certificate")
    answered = submit(terminal, correction(terminal, case, attachments=[photo]))
    assert answered.status_code == 201 and answered.json()["status"] == "recorded"
    status = terminal.case(case["case_number"], ID_NUMBER).json()
    assert status["status"] == "review" and status["correction"]["answered_at"]
    kept = listed(central, case["tracking_number"])["correction"]
    assert kept["answers"] == {"mother_phone": PHONE} and kept["attachments"] == [photo]
    still_open = progress(terminal)["corrections"]
    assert not any(c["case_number"] == case["case_number"] for c in still_open)
    again = submit(terminal, correction(terminal, case))
    assert again.status_code == 409 and again.json()["code"] == "correction_not_open"
    assert central.report()["corrections_answered"] - before["corrections_answered"] == 1


@pytest.mark.parametrize("asked, named", [
    ({"kind": "answer", "key": "Mother-Phone", "label": "电话", "type": "phone"},
     "items[0]: \"key\""),
    ({"kind": "answer", "key": "phone", "label": "电" * 121, "type": "phone"},
     "items[0]: \"label\""),
    ({"kind": "answer", "key": "phone", "label": "电话", "type": "phone",
      "help": "<b>手机</b>"}, "items[0]: \"help\""),
    ({"kind": "photo", "name": "证明&lt;正面&gt;"}, "items[0]: \"name\""),
    ({"kind": "photo", "name": "证明", "note": "&#123;"}, "items[0]: \"note\""),
])
def test_a_correction_the_terminal_could_not_show_is_refused_naming_the_item(
        central, tmp_path, asked, named):
    terminal = enroll(central)
    case = submit(terminal, application(terminal, BIRTH)).json()
    file = tmp_path / "asked.json"
    file.write_text(json.dumps({"note": "请补充", "items": [asked]}, ensure_ascii=False),
                    encoding="utf-8")
    refused = central.admin("correct", "--case", case["case_number"], "--file", str(file),
                            check=False)
    assert refused.returncode == 1
    assert refused.stderr.strip().count("\n") == 0 and named in refused.stderr
    assert terminal.case(case["case_number"], ID_NUMBER).json()["status"] == "routed"


def test_a_correction_note_with_markup_or_too_long_is_refused(central, tmp_path):
    terminal = enroll(central)
    case = submit(terminal, application(terminal, BIRTH)).json()
    photo = {"kind": "photo", "name": "出生医学证明"}
    for note in ("请补充<!-- x -->", "请" * 121):
        file = tmp_path / "asked.json"
        file.write_text(json.dumps({"note": note, "items": [photo]}, ensure_ascii=False),
                        encoding="utf-8")
        refused = central.admin("correct", "--case", case["case_number"], "--file",
                                str(file), check=False)
        assert refused.returncode == 1 and "\"note\"" in refused.stderr


def test_a_posted_delivery_is_kept_with_the_case_and_needs_an_address(central):
    terminal = enroll(central)
    delivery = {"method": "post", "recipient": NAME, "phone": PHONE,
                "address": "北京市东城区幸福里1号"}
    filed = application(terminal, SOCIAL_CARD, delivery=delivery)
    assert submit(terminal, filed).status_code == 201
    assert listed(central, filed["tracking_number"])["delivery"] == delivery
    for missing in ("address", "phone"):
        body = application(terminal, SOCIAL_CARD, delivery=delivery | {missing: None})
        refused = submit(terminal, body)
        assert refused.status_code == 422
        assert refused.json()["code"] == "delivery_incomplete"
        assert refused.json()["missing"] == [missing]
    counter = application(terminal, SOCIAL_CARD, delivery={"method": "counter",
                                                           "recipient": NAME})
    assert submit(terminal, counter).status_code == 201


def test_an_older_terminal_reads_a_fee_and_a_life_event_as_guides(central):
    terminal = enroll(central)
    older = {i["code"]: i for i in terminal.http.get(terminal.url("/v1/catalogue")).json()["items"]}
    for code in (MEDICAL_FEE, NEWBORN_EVENT):
        assert older[code]["journey"] == "guide" and older[code]["item_schema"] == 2
        assert not {"payment", "chain", "delivery"} & set(older[code])
    newer = {i["code"]: i for i in terminal.http.get(
        terminal.url("/v1/catalogue"), params={"item_schema": 3}).json()["items"]}
    assert newer[MEDICAL_FEE]["journey"] == "pay" and newer[MEDICAL_FEE]["payment"]
    assert newer[NEWBORN_EVENT]["journey"] == "event" and newer[NEWBORN_EVENT]["chain"]
