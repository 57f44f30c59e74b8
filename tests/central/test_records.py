"""Look-ups answered from the platform's records (我要查), e-licences, and proofs on A4 with
a verification code anyone holding the paper can check."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid

import pytest
import requests

from central import demo_records, identities, records
from central.records_file import DEMO_RECORDS
from central.storage import Database
from tests.central.harness import CentralServer, enroll

LI = "310104197510010010"  # 李建国: employed, pension and housing fund, a pupil, licences
WANG = "110101196803120028"  # 王秀兰: retired, 243 months of contributions, pension paid
LIU = "371002199002280041"  # 刘桂芳 (social security card): a child's vaccinations
LIN = "830000198809230013"  # 林志伟: the platform holds no records of him
CODE = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}")
JY_0001 = "义务教育入学登记（小学一年级）"
AMOUNT = re.compile(r"\d{1,3}(,\d{3})*\.\d\d")


def query(terminal, service_code: str, id_number: str | None = None, *, proof="card",
          **extra) -> requests.Response:
    body = {"service_code": service_code, **extra}
    if id_number is not None:
        body["id_number"] = id_number
        if proof == "card":
            body["proof"] = terminal.card_proof(id_number)
        elif proof is not None:
            body["proof"] = proof
    return terminal.http.post(terminal.url("/v1/records/query"), json=body)


def answered(response: requests.Response) -> dict:
    assert response.status_code == 200, response.text
    assert response.headers["Cache-Control"] == "no-store"
    return response.json()


def issue(terminal, service_code: str, id_number: str, request_id: str | None = None,
          proof: dict | None = None) -> requests.Response:
    body = {"service_code": service_code, "id_number": id_number,
            "proof": proof or terminal.card_proof(id_number),
            "request_id": request_id or uuid.uuid4().hex}
    return terminal.http.post(terminal.url("/v1/proofs"), json=body)


def check(central, code: str) -> requests.Response:
    return requests.get(f"{central.url}/v1/proofs/{code}", timeout=30)


def test_a_public_look_up_needs_no_identity_and_pages_its_reference_rows(terminal):
    districts = answered(query(terminal, "JY-0016", answers={"place": "幸福里"}))
    assert (districts["scope"], districts["kind"], districts["proof"]) == \
        ("public", "reference", None)
    assert districts["columns"][:2] == ["小区或道路", "对口小学"]
    assert [row[0] for row in districts["rows"]] == ["幸福里小区", "幸福里二期"]
    assert districts["as_of"].startswith("2026-")

    first = answered(query(terminal, "YL-0021", page_size=4))
    last = answered(query(terminal, "YL-0021", page_size=4, page=4))
    assert (first["total_rows"], first["pages"], len(first["rows"])) == (15, 4, 4)
    assert (last["page"], len(last["rows"])) == (4, 3)
    assert first["rows"][0][0] == "阿莫西林" and last["rows"][-1][0] == "复方丹参滴丸"
    # An invoice is found by its number, date and amount as the resident types them.
    invoice = answered(query(terminal, "QY-0018", answers={
        "invoice_number": "03118862", "invoice_date": "2025-11-20", "invoice_amount": "2000"}))
    assert invoice["rows"][0][-1] == "发票真实有效"
    nothing = answered(query(terminal, "QY-0015", answers={"trade_name": "星辰大海"}))
    assert nothing["rows"] == [] and nothing["empty_note"]


def test_a_personal_look_up_needs_this_visits_proof_of_that_resident(central, terminal):
    bare = query(terminal, "SB-0014", LI, proof=None)
    assert (bare.status_code, bare.json()["code"]) == (403, "proof_missing")
    neighbour = query(terminal, "SB-0014", LI, proof=terminal.card_proof(WANG))
    assert (neighbour.status_code, neighbour.json()["code"]) == (403, "proof_mismatch")
    stale = terminal.card_proof(LI, read_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=6))
    refused = query(terminal, "SB-0014", LI, proof=stale)
    assert (refused.status_code, refused.json()["code"]) == (403, "proof_stale")
    for answer in (bare, neighbour, refused):
        assert LI not in answer.text
    audit = json.loads(central.admin("case-queries", "--json", "--terminal",
                                     terminal.terminal_id).stdout)
    assert [row["outcome"] for row in audit if row["query"] == "records"] == \
        ["proof_stale", "proof_mismatch", "proof_missing"]


def test_a_contribution_history_comes_newest_first_in_pages_and_by_year(terminal):
    first = answered(query(terminal, "SB-0014", LI))
    assert (first["scope"], first["kind"], first["proof"]) == \
        ("personal", "contribution_history", "contributions")
    assert first["title"] == "城镇职工基本养老保险缴费记录"
    assert first["as_of"] == "2026-12-01T00:00:00.000Z"
    assert first["columns"] == ["月份", "缴费基数（元）", "个人缴纳（元）", "单位缴纳（元）"]
    assert [row[0] for row in first["rows"][:3]] == ["2026-11", "2026-10", "2026-09"]
    assert len(first["rows"]) == 12 and first["total_rows"] == 160 and first["pages"] == 14
    assert all(AMOUNT.fullmatch(cell) for row in first["rows"] for cell in row[1:])
    assert {"label": "累计缴费月数", "value": "160个月"} in first["summary"]
    second = answered(query(terminal, "SB-0014", LI, page=2))
    assert second["rows"][0][0] == "2025-11"
    year = answered(query(terminal, "SB-0014", LI, answers={"year": "2025"}, page_size=50))
    assert [row[0] for row in year["rows"]] == [f"2025-{m:02d}" for m in range(12, 0, -1)]


@pytest.mark.parametrize(("code", "resident", "kind", "expected"), [
    ("YL-0015", LI, "account_balance", {"label": "账户余额", "value": "8,642.35元"}),
    ("ZF-0014", LI, "account_balance", {"label": "账户余额", "value": "58,930.66元"}),
    ("SB-0015", WANG, "pension_payments",
     {"label": "发放银行", "value": "中国工商银行北京东城支行"}),
    ("SB-0017", LI, "insurance_proof", {"label": "参保险种", "value": "4项"}),
    ("JY-0014", LI, "school_roll", {"label": "学生人数", "value": "1人"}),
    ("YL-0020", LIU, "vaccinations", {"label": "受种者", "value": "赵*诺"}),
    ("SF-0016", WANG, "elicence", {"label": "证照名称", "value": "残疾人证"}),
])
def test_each_kind_of_personal_record_answers_with_its_own_figures(
        terminal, code, resident, kind, expected):
    answer = answered(query(terminal, code, resident))
    assert answer["kind"] == kind
    assert expected in answer["summary"]
    assert answer["empty_note"] is None


def test_other_personal_records_are_label_value_rows_with_their_as_of_time(terminal):
    points = answered(query(terminal, "GA-0017", LI))
    assert (points["kind"], points["columns"]) == ("rows", ["项目", "内容"])
    assert ["本周期已记分", "1分"] in points["rows"]
    assert points["as_of"] == "2026-12-01T00:00:00.000Z"


def test_no_record_is_an_empty_answer_and_an_unknown_item_is_not_found(terminal):
    empty = answered(query(terminal, "SB-0014", LIN))
    assert (empty["rows"], empty["total_rows"], empty["pages"]) == ([], 0, 1)
    assert empty["empty_note"] == "没有查到缴费记录。"
    payments = answered(query(terminal, "SB-0015", LI))
    assert payments["rows"] == [] and payments["empty_note"] == "没有查到养老金发放记录。"
    for code in ("XX-9999", "JY-0001"):  # unknown; an application, not a look-up
        missing = query(terminal, code, LI)
        assert (missing.status_code, missing.json()["code"]) == (404, "record_not_found")


def test_the_e_licence_library_answers_the_proven_resident_only(terminal):
    def search(body):
        return terminal.http.post(terminal.url("/v1/elicences/search"), json=body)

    held = search({"id_number": LI, "proof": terminal.card_proof(LI)})
    assert held.status_code == 200 and held.headers["Cache-Control"] == "no-store"
    licences = {licence["type"]: licence for licence in held.json()["licences"]}
    assert {"household_register", "marriage_certificate", "property_certificate",
            "business_licence", "resident_id_card"} <= set(licences)
    assert licences["household_register"] | {"number": "-"} == {
        "type": "household_register", "title": "居民户口簿", "number": "-",
        "holder_name": "李建国", "issued_by": "上海市公安局徐汇分局示例路派出所",
        "issued_at": "2015-06-18"}
    only = search({"id_number": LI, "proof": terminal.card_proof(LI),
                   "types": ["marriage_certificate", "birth_certificate"]}).json()
    assert [licence["type"] for licence in only["licences"]] == ["marriage_certificate"]
    assert search({"id_number": LIN, "proof": terminal.card_proof(LIN)}).json() == \
        {"licences": []}
    foreign = search({"id_number": LI, "proof": terminal.card_proof(WANG)})
    assert (foreign.status_code, foreign.json()["code"]) == (403, "proof_mismatch")
    assert search({"id_number": LI}).json()["code"] == "proof_missing"


def test_a_proof_carries_a_code_anyone_can_check_and_a_reprint_keeps_it(central, terminal):
    request_id = uuid.uuid4().hex
    first = issue(terminal, "SB-0014", LI, request_id)
    assert first.status_code == 201, first.text
    proof = first.json()
    assert CODE.fullmatch(proof["code"]), proof["code"]
    assert (proof["kind"], proof["holder_name_masked"], proof["id_number_masked"]) == \
        ("contributions", "李*国", "3101**********0010")
    assert len(proof["rows"]) == 160 and proof["rows"][0][0] == "2026-11"
    assert proof["verify_url"] == f"{central.url}/v1/proofs/{proof['code']}"
    assert LI not in first.text

    again = issue(terminal, "SB-0014", LI, request_id)  # a reprint after a jam
    assert again.status_code == 200 and again.json() == proof
    other = issue(terminal, "SB-0014", LI).json()
    assert other["code"] != proof["code"]
    reused = issue(terminal, "SB-0017", LI, request_id)
    assert (reused.status_code, reused.json()["code"]) == (422, "request_id_reused")

    checked = check(central, proof["code"])
    assert checked.status_code == 200
    assert checked.json() == {key: proof[key] for key in (
        "code", "kind", "title", "issued_at", "holder_name_masked", "as_of", "summary")}
    typed = proof["code"].replace("-", "").lower().replace("0", "o")
    assert check(central, typed).json()["code"] == proof["code"]
    unknown = check(central, "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ")
    assert (unknown.status_code, unknown.json()["code"]) == (404, "proof_not_found")


def test_proofs_of_insurance_and_e_licences_and_the_items_that_print_none(central, terminal):
    insurance = issue(terminal, "YL-0014", WANG).json()
    assert (insurance["kind"], insurance["title"]) == ("insurance", "社会保险参保证明")
    assert insurance["rows"][0][:2] == ["职工基本养老保险", "退休领取"]
    licence = issue(terminal, "SF-0016", WANG).json()
    assert licence["kind"] == "elicence_copy" and licence["holder_name_masked"] == "王*兰"
    # Masked: the copy, the slip and the screen show it so, and so does the proof check.
    assert {"label": "证照编号", "value": "1101************2842"} in licence["summary"]
    assert "11010119680312002842" not in json.dumps(licence)
    # 243 months paid: the paper holds the latest 240.
    contributions = issue(terminal, "SB-0014", WANG).json()
    assert len(contributions["rows"]) == 240 and contributions["rows"][-1][0] == "2003-04"
    for code in ("YL-0015", "JY-0016"):  # a balance; a public table
        refused = issue(terminal, code, WANG)
        assert (refused.status_code, refused.json()["code"]) == (404, "proof_not_available")
    nothing = issue(terminal, "SB-0014", LIN)
    assert (nothing.status_code, nothing.json()["code"]) == (404, "record_empty")
    stranger = issue(terminal, "SB-0014", WANG, proof=terminal.card_proof(LI))
    assert (stranger.status_code, stranger.json()["code"]) == (403, "proof_mismatch")


def test_verify_proof_on_the_command_line_answers_as_the_api_does(central, terminal):
    proof = issue(terminal, "SB-0017", LI).json()
    printed = central.admin("verify-proof", "--code", proof["code"].lower(), "--json")
    assert json.loads(printed.stdout) == check(central, proof["code"]).json()
    text = central.admin("verify-proof", "--code", proof["code"], cli=True).stdout
    assert proof["code"] in text and "李*国" in text and "参保险种: 4项" in text
    unknown = central.admin("verify-proof", "--code", "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ", check=False)
    assert unknown.returncode == 1 and "no proof" in unknown.stderr


def test_an_application_names_the_e_licences_it_takes_instead_of_photos(central, terminal):
    body = {"kind": "application", "service_code": "JY-0001",
            "tracking_number": f"{terminal.terminal_id}-E-00001",
            "payload": {"applicant": {"name": "李建国", "id_number": LI}},
            "elicences": [
                {"type": "household_register", "number": "310104008812", "material": "户口簿"},
                {"type": "resident_id_card", "number": LI, "material": "居民身份证"}]}
    key = {"Idempotency-Key": uuid.uuid4().hex}
    first = terminal.http.post(terminal.url("/v1/submissions"), json=body, headers=key)
    assert first.status_code == 201, first.text
    again = terminal.http.post(terminal.url("/v1/submissions"), json=body, headers=key)
    assert again.headers["Idempotent-Replayed"] == "true"
    stored = json.loads(central.admin("submissions", "--json", "--terminal",
                                      terminal.terminal_id).stdout)
    assert stored[-1]["elicences"] == body["elicences"]
    too_many = body | {"tracking_number": f"{terminal.terminal_id}-E-00002",
                       "elicences": body["elicences"] * 11}
    refused = terminal.http.post(terminal.url("/v1/submissions"), json=too_many,
                                 headers={"Idempotency-Key": uuid.uuid4().hex})
    assert refused.status_code == 422


def test_the_report_counts_look_ups_proofs_checks_and_e_licence_references(tmp_path):
    server = CentralServer(db=tmp_path / "c.sqlite3", log=tmp_path / "c.log").start()
    try:
        terminal = enroll(server)
        before = server.report()
        assert {before[k] for k in ("lookups_answered", "proofs_issued", "proofs_verified",
                                    "elicence_references")} == {0}
        answered(query(terminal, "JY-0016"))
        answered(query(terminal, "YL-0015", LI))
        assert query(terminal, "YL-0015", LI, proof=None).status_code == 403  # not answered
        proof = issue(terminal, "SB-0017", LI).json()
        check(server, proof["code"])
        check(server, proof["code"])
        check(server, "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ")  # not a proof: not counted
        server.admin("verify-proof", "--code", proof["code"])
        terminal.http.post(terminal.url("/v1/submissions"), headers={
            "Idempotency-Key": uuid.uuid4().hex}, json={
            "kind": "application", "service_code": "JY-0001",
            "tracking_number": f"{terminal.terminal_id}-R-00001", "payload": {},
            "elicences": [{"type": "household_register", "number": "1", "material": "户口簿"}]})
        after = server.report()
        assert {k: after[k] for k in ("lookups_answered", "proofs_issued", "proofs_verified",
                                      "elicence_references")} == {
            "lookups_answered": 2, "proofs_issued": 1, "proofs_verified": 3,
            "elicence_references": 1}
        log = server.log.read_text(encoding="utf-8")
        assert LI not in log and "李建国" not in log
        terminal.http.close()
    finally:
        server.stop()


def test_checking_codes_is_limited_per_address(tmp_path):
    server = CentralServer(db=tmp_path / "c.sqlite3", log=tmp_path / "c.log",
                           extra_args=["--proof-checks-per-window", "3"]).start()
    try:
        terminal = enroll(server)
        proof = issue(terminal, "SB-0017", LI).json()
        assert [check(server, code).status_code for code in (
            "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ", "YYYY-YYYY-YYYY-YYYY-YYYY", proof["code"])] == \
            [404, 404, 200]
        limited = check(server, proof["code"])
        assert (limited.status_code, limited.json()["code"]) == (429, "too_many_proof_checks")
        assert int(limited.headers["Retry-After"]) > 0
        terminal.http.close()
    finally:
        server.stop()


def test_records_load_adds_a_resident_and_replaces_what_it_held(central, terminal, tmp_path):
    person = {"id_number": "11010519500101002X", "name": "赵淑珍", "as_of": "2026-11-30T00:00:00Z",
              "accounts": [{"account": "medical", "balance": "1,234.50", "status": "正常"}],
              "rows": {"SF-0014": [["发放月份", "2026-11"], ["发放金额", "200.00元"]]}}
    reference = {"service_code": "SF-0017", "title": "养老机构", "as_of": "2026-12-01T00:00:00Z",
                 "columns": ["机构名称", "床位数"], "rows": [["示例新建养老院", "60"]]}
    file = tmp_path / "records.json"
    file.write_text(json.dumps({"format": "central-records", "version": 1,
                                "people": [person], "reference": [reference]},
                               ensure_ascii=False), encoding="utf-8")
    loaded = central.admin("records-load", "--file", str(file), cli=True)
    assert "1 resident(s)" in loaded.stdout and "1 reference table(s)" in loaded.stdout
    resident = person["id_number"].lower()  # as a card reader may hand it over
    balance = answered(query(terminal, "YL-0015", resident))
    assert {"label": "账户余额", "value": "1,234.50元"} in balance["summary"]
    assert balance["as_of"] == "2026-11-30T00:00:00.000Z"
    assert answered(query(terminal, "SF-0014", resident))["rows"] == \
        [["发放月份", "2026-11"], ["发放金额", "200.00元"]]
    assert answered(query(terminal, "SF-0017"))["rows"] == [["示例新建养老院", "60"]]

    file.write_text(json.dumps({"format": "central-records", "version": 1, "people": [
        person | {"accounts": [], "rows": {}}]}), encoding="utf-8")
    central.admin("records-load", "--file", str(file))
    assert answered(query(terminal, "YL-0015", resident))["empty_note"]

    file.write_text(json.dumps({"format": "central-records", "version": 1, "people": [
        person, {"name": "无号码"}]}), encoding="utf-8")
    broken = central.admin("records-load", "--file", str(file), check=False)
    assert broken.returncode == 1 and "records not loaded" in broken.stderr
    assert answered(query(terminal, "YL-0015", resident))["empty_note"]  # nothing of it kept


def test_the_demo_records_file_is_built_from_the_sample_cards():
    assert DEMO_RECORDS.read_text(encoding="utf-8") == demo_records.text(), (
        "central/demo/records.json is stale: run `python -m central.demo_records`")
    people = {p["name"]: p for p in json.loads(demo_records.text())["people"]}
    assert set(demo_records.card_people().values()) == set(people)


def test_case_progress_lists_the_proven_residents_applications_to_the_items_named(
        central, terminal):
    """Read from the platform's database as the endpoint does (no demo item says
    `case_progress` before catalogue item schema 3)."""
    body = {"kind": "application", "service_code": "JY-0001", "payload": {
        "applicant": {"name": "李建国", "id_number": LI}},
        "tracking_number": f"{terminal.terminal_id}-C-00001"}
    filed = terminal.http.post(terminal.url("/v1/submissions"), json=body, headers={
        "Idempotency-Key": uuid.uuid4().hex}).json()
    spec = records.RecordSpec(service_code="JY-0018", name="教师资格认定进度查询",
                              scope="personal", kind="case_progress", proof=None,
                              account=None, licence_type=None, cases_of=("JY-0001",))
    db = Database(str(central.db))
    try:
        with db.session() as session:
            mine = records.answer_for(session, spec, identities.digest(LI))
            theirs = records.answer_for(session, spec, identities.digest(LIN))
    finally:
        db.close()
    assert mine.columns[:2] == ["受理编号", "事项"]
    assert mine.rows[0][:2] == [filed["case_number"], JY_0001]
    assert mine.title == "教师资格认定进度"
    assert theirs.rows == [] and theirs.empty_note
