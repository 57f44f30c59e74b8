"""Catalogue items of the kinds the platform learnt with fees, life events and delivery,
loaded into a test server with `catalogue-update` as an operator would."""

from __future__ import annotations

import json
from pathlib import Path

from central.catalogue import DEMO_CATALOGUE

MEDICAL_FEE, PENSION_FEE, PAYMENTS_LOOKUP = "YL-0901", "SB-0901", "SB-0902"
NEWBORN_EVENT, EVENT_PROGRESS = "YL-0902", "YL-0903"
# The newborn's life event: 生育登记, then 新生儿参保登记, then 社会保障卡申领.
BIRTH, NEWBORN_INSURANCE, SOCIAL_CARD = "YL-0013", "YL-0002", "SB-0001"
PENSION_TIERS = ("200", "300", "400", "500", "600", "700", "800", "900", "1000", "1500",
                 "2000", "3000")


def _base(code: str, name: str, journey: str) -> dict:
    template = next(i for i in json.loads(DEMO_CATALOGUE.read_text(encoding="utf-8"))["items"]
                    if i["code"] == "YL-0023")
    return template | {"code": code, "name": name, "journey": journey, "keywords": []}


def items() -> list[dict]:
    return [
        _base(MEDICAL_FEE, "城乡居民医疗保险缴费", "pay") | {"payment": {
            "kind": "resident_medical", "payee": "市医疗保障局", "year": 2026,
            "for_family": True}},
        _base(PENSION_FEE, "城乡居民养老保险缴费", "pay") | {"payment": {
            "kind": "resident_pension", "payee": "市社会保险事业管理中心", "year": 2026,
            "tiers": [{"value": t, "label": f"每年{t}元"} for t in PENSION_TIERS],
            "for_family": True}},
        _base(PAYMENTS_LOOKUP, "缴费记录查询", "lookup") | {
            "record": {"scope": "personal", "kind": "payments"}},
        _base(NEWBORN_EVENT, "新生儿出生一件事", "event") | {"chain": {
            "links": [{"item": BIRTH}, {"item": NEWBORN_INSURANCE, "feeds": [
                {"field": "newborn_id_number", "from": BIRTH, "output": "id_number",
                 "label": "新生儿身份证号"}]}, {"item": SOCIAL_CARD, "feeds": [
                {"field": "id_number", "from": NEWBORN_INSURANCE, "output": "id_number",
                 "label": "新生儿身份证号"}]}],
            "first": ["YL-0023"]}},
        _base(EVENT_PROGRESS, "一件事办理进度查询", "lookup") | {"record": {
            "scope": "personal", "kind": "case_progress",
            "cases_of": [BIRTH, NEWBORN_INSURANCE, SOCIAL_CARD]}},
    ]


def load(server, work: Path) -> None:
    file = work / "issue-items.json"
    file.write_text(json.dumps({"upsert": items()}, ensure_ascii=False), encoding="utf-8")
    server.admin("catalogue-update", "--file", str(file))
