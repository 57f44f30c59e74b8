"""Writes the demo catalogue (catalogue.json beside this file) from the item tables.

    python -m kiosk.catalogue.demo.build           # rewrite catalogue.json
    python -m kiosk.catalogue.demo.build --check   # exit 1 if catalogue.json is stale

Each domain's items live in `items_<domain>.py`; this script numbers them into codes
(`<prefix>-<4 digits>`, one sequence per domain, in table order) and stamps the document
with a fixed version and issue time, so the output only changes when a table does.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kiosk.catalogue.demo import (
    items_business,
    items_education,
    items_employment,
    items_healthcare,
    items_housing_security,
    items_public_safety,
    items_social_assistance,
    items_social_security,
    items_social_welfare,
)
from kiosk.catalogue.demo.english import ENGLISH
from kiosk.catalogue.demo.life_events import POSTED
from kiosk.catalogue.demo.popular import POPULARITY_RANK
from kiosk.catalogue.demo.records import LICENCE_MATERIALS, RECORDS
from kiosk.catalogue.model import Domain

CATALOGUE_FILE = Path(__file__).with_name("catalogue.json")
CATALOGUE_VERSION = "demo-2026.12.2"
ISSUED_AT = "2025-06-01T08:00:00+08:00"

# Code prefixes: pinyin initials of the service area, e.g. SB = 社保, GA = 公安.
TABLES = [
    (Domain.EDUCATION, "JY", items_education.ITEMS),
    (Domain.HEALTHCARE, "YL", items_healthcare.ITEMS),
    (Domain.SOCIAL_ASSISTANCE, "SJ", items_social_assistance.ITEMS),
    (Domain.SOCIAL_WELFARE, "SF", items_social_welfare.ITEMS),
    (Domain.EMPLOYMENT, "JC", items_employment.ITEMS),
    (Domain.SOCIAL_SECURITY, "SB", items_social_security.ITEMS),
    (Domain.HOUSING_SECURITY, "ZF", items_housing_security.ITEMS),
    (Domain.PUBLIC_SAFETY, "GA", items_public_safety.ITEMS),
    (Domain.BUSINESS, "QY", items_business.ITEMS),
]


def build_document() -> dict:
    items = []
    for domain, prefix, table in TABLES:
        for number, item in enumerate(table, start=1):
            items.append({"item_schema": 3, "code": f"{prefix}-{number:04d}",
                          "domain": domain.value, **item, **_version_2_keys(item["name"])})
    unknown = (set(POPULARITY_RANK) | set(ENGLISH) | set(RECORDS) | set(POSTED)) - {
        item["name"] for item in items}
    if unknown:
        raise ValueError(f"ranked, translated or answered items not in the tables: {unknown}")
    codes = {item["name"]: item["code"] for item in items}
    for item in items:
        _add_version_3_keys(item, codes)
    return {
        "schema_version": 2,
        "catalogue_version": CATALOGUE_VERSION,
        "issued_at": ISSUED_AT,
        "items": items,
    }


def _version_2_keys(name: str) -> dict:
    keys: dict = {}
    if name in POPULARITY_RANK:
        keys["popularity_rank"] = POPULARITY_RANK[name]
    if name in ENGLISH:
        keys["en"] = ENGLISH[name]
    return keys


def _add_version_3_keys(item: dict, codes: dict[str, str]) -> None:
    """What a look-up answers, which materials are licences the government issued, which
    results may be posted, and which items a life event chains (named in the tables,
    coded here). A personal record opens only with proof from this visit, so its look-up
    does not offer typing an ID number."""
    item["materials"] = [
        {**material, "elicence": LICENCE_MATERIALS[material["name"]]}
        if material["capture"] and material["name"] in LICENCE_MATERIALS else material
        for material in item["materials"]
    ]
    if item["name"] in POSTED:
        item["delivery"] = {"post": True, "note": POSTED[item["name"]]}
    if item["journey"] == "event":
        chain = item["chain"] = dict(item["chain"])  # the table's own stays by name
        chain["links"] = [{**link, "item": codes[link["item"]], **({"feeds": [
            {**feed, "from": codes[feed["from"]]} for feed in link["feeds"]]}
            if "feeds" in link else {})} for link in chain["links"]]
        if "first" in chain:
            chain["first"] = [codes[name] for name in chain["first"]]
    if item["journey"] != "lookup":
        return
    if item["name"] not in RECORDS:
        raise ValueError(f"look-up item {item['name']} does not say what it answers")
    record = dict(RECORDS[item["name"]])
    if "cases_of" in record:
        record["cases_of"] = [codes[name] for name in record["cases_of"]]
    item["record"] = record
    if record["scope"] == "personal":
        item["identity_proofs"] = [p for p in item["identity_proofs"] if p != "typed_id_number"]


def render(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check catalogue.json is current")
    args = parser.parse_args(argv)
    text = render(build_document())
    if args.check:
        current = CATALOGUE_FILE.read_text("utf-8") if CATALOGUE_FILE.exists() else ""
        if current != text:
            print(f"{CATALOGUE_FILE.name} is stale: run python -m kiosk.catalogue.demo.build")
            return 1
        return 0
    CATALOGUE_FILE.write_text(text, "utf-8")
    print(f"wrote {len(build_document()['items'])} items to {CATALOGUE_FILE.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
