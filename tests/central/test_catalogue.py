"""Catalogue download: full and delta, tombstones, ETag/304, gzip, Ed25519 signature."""

from __future__ import annotations

import base64
import copy
import gzip
import json

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from tests.central.harness import REPO

SCHEMAS = REPO / "kiosk" / "catalogue" / "schema"
DEMO = json.loads((REPO / "kiosk/catalogue/demo/catalogue.json").read_text(encoding="utf-8"))


def verify(terminal, body: bytes, signature: str) -> None:
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(terminal.public_key))
    key.verify(base64.b64decode(signature), body)  # raises InvalidSignature


def kiosk_schema_validator() -> Draft202012Validator:
    schemas = [json.loads(p.read_text(encoding="utf-8")) for p in SCHEMAS.glob("*.schema.json")]
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas)
    document_schema = next(s for s in schemas if s["$id"].endswith(":catalogue:v2"))
    return Draft202012Validator(document_schema, registry=registry)


def test_full_download_is_the_seeded_catalogue_signed_and_valid_for_the_kiosk(terminal):
    answer = terminal.http.get(terminal.url("/v1/catalogue"))
    assert answer.status_code == 200
    document = answer.json()
    assert document["kind"] == "full"
    assert document["catalogue_revision"] >= 1
    assert {i["code"] for i in document["items"]} >= {i["code"] for i in DEMO["items"][:5]}
    assert answer.headers["Catalogue-Signature-Algorithm"] == "ed25519"
    verify(terminal, answer.content, answer.headers["Catalogue-Signature"])
    errors = list(kiosk_schema_validator().iter_errors(document))
    assert errors == []


def test_a_terminal_that_reads_item_schema_3_gets_records_and_licences_others_get_version_2(
        terminal):
    newer = terminal.http.get(terminal.url("/v1/catalogue"), params={"item_schema": 3})
    older = terminal.http.get(terminal.url("/v1/catalogue"))

    by_code = {i["code"]: i for i in newer.json()["items"]}
    assert by_code["SB-0014"]["record"]["proof"] == "contributions"
    assert any(m.get("elicence") for i in by_code.values() for m in i["materials"])
    items = older.json()["items"]
    assert {i["item_schema"] for i in items} == {2}
    assert not [i for i in items if "record" in i or any("elicence" in m for m in i["materials"])]
    assert len(items) == len(by_code)
    assert list(kiosk_schema_validator().iter_errors(older.json())) == []
    assert list(kiosk_schema_validator().iter_errors(newer.json())) == []
    # Different bytes, so different tags: a cached version 2 document is never "unchanged"
    # for a terminal now asking for version 3.
    assert newer.headers["ETag"] != older.headers["ETag"]
    verify(terminal, older.content, older.headers["Catalogue-Signature"])


def test_tampered_bytes_fail_the_signature(terminal):
    answer = terminal.http.get(terminal.url("/v1/catalogue"))
    signature = answer.headers["Catalogue-Signature"]
    tampered = answer.content.replace("市教育局".encode(), "市教育厅".encode(), 1)
    assert tampered != answer.content
    with pytest.raises(InvalidSignature):
        verify(terminal, tampered, signature)
    with pytest.raises(InvalidSignature):
        verify(terminal, answer.content + b" ", signature)


def test_gzip_on_the_wire_and_the_signature_covers_the_decoded_bytes(terminal):
    answer = terminal.http.get(
        terminal.url("/v1/catalogue"), headers={"Accept-Encoding": "gzip"}, stream=True
    )
    raw = answer.raw.read(decode_content=False)
    answer.close()
    assert answer.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in answer.headers["Vary"]
    assert raw[:2] == b"\x1f\x8b"
    body = gzip.decompress(raw)
    assert len(raw) < len(body) / 3
    verify(terminal, body, answer.headers["Catalogue-Signature"])

    plain = terminal.http.get(
        terminal.url("/v1/catalogue"), headers={"Accept-Encoding": "identity"}
    )
    assert "Content-Encoding" not in plain.headers
    assert plain.content == body


def test_unchanged_catalogue_answers_304_to_its_etag(terminal):
    first = terminal.http.get(terminal.url("/v1/catalogue"))
    etag = first.headers["ETag"]
    again = terminal.http.get(terminal.url("/v1/catalogue"), headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["ETag"] == etag
    assert again.headers["X-Server-Time"]
    other = terminal.http.get(terminal.url("/v1/catalogue"), headers={"If-None-Match": '"other"'})
    assert other.status_code == 200


def test_delta_carries_changed_and_new_items_and_tombstones(central, terminal, tmp_path):
    full = terminal.http.get(terminal.url("/v1/catalogue"))
    before = full.json()
    cursor, revision = before["cursor"], before["catalogue_revision"]
    items = {i["code"]: i for i in before["items"]}
    changed_code, removed_code = sorted(items)[:2]
    changed = copy.deepcopy(items[changed_code])
    changed["summary"] = "Changed by the platform for a delta test."
    added = copy.deepcopy(items[changed_code])
    added["code"] = "ZZZ-9001"
    update = tmp_path / "update.json"
    update.write_text(json.dumps({"upsert": [changed, added], "remove": [removed_code]}))
    out = central.admin("catalogue-update", "--file", str(update), cli=True).stdout
    assert f"revision {revision + 1}" in out

    delta = terminal.http.get(terminal.url("/v1/catalogue"), params={"cursor": cursor})
    assert delta.status_code == 200
    verify(terminal, delta.content, delta.headers["Catalogue-Signature"])
    document = delta.json()
    assert document["kind"] == "delta"
    assert document["since_revision"] == revision
    assert document["catalogue_revision"] == revision + 1
    assert {i["code"] for i in document["items"]} == {changed_code, "ZZZ-9001"}
    assert document["tombstones"] == [{"code": removed_code, "removed_in": revision + 1}]
    by_code = {i["code"]: i for i in document["items"]}
    assert by_code[changed_code]["summary"] == changed["summary"]

    # The full catalogue moved on too, and its old ETag no longer matches.
    now = terminal.http.get(
        terminal.url("/v1/catalogue"), headers={"If-None-Match": full.headers["ETag"]}
    )
    assert now.status_code == 200
    assert now.json()["catalogue_revision"] == revision + 1
    assert removed_code not in {i["code"] for i in now.json()["items"]}

    # From the newest cursor there is nothing to do, and its ETag answers 304.
    latest = terminal.http.get(terminal.url("/v1/catalogue"), params={"cursor": document["cursor"]})
    assert latest.json()["items"] == [] and latest.json()["tombstones"] == []
    cached = terminal.http.get(
        terminal.url("/v1/catalogue"),
        params={"cursor": document["cursor"]},
        headers={"If-None-Match": latest.headers["ETag"]},
    )
    assert cached.status_code == 304


def test_an_update_that_changes_nothing_issues_no_revision(central, terminal, tmp_path):
    document = terminal.http.get(terminal.url("/v1/catalogue?item_schema=3")).json()
    same = tmp_path / "same.json"
    same.write_text(json.dumps({"upsert": document["items"][:3]}))
    out = central.admin("catalogue-update", "--file", str(same)).stdout
    assert f"revision {document['catalogue_revision']}" in out


def test_an_invalid_item_is_refused_and_nothing_changes(central, terminal, tmp_path):
    before = terminal.http.get(terminal.url("/v1/catalogue")).json()["catalogue_revision"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"upsert": [{"code": "BAD-1", "name": "no other keys"}]}))
    result = central.admin("catalogue-update", "--file", str(bad), check=False)
    assert result.returncode == 1
    assert "catalogue not changed" in result.stderr
    after = terminal.http.get(terminal.url("/v1/catalogue")).json()["catalogue_revision"]
    assert after == before


def test_an_item_with_markup_is_refused_naming_the_text(central, terminal, tmp_path):
    """Terminals draw catalogue text as plain text and skip items with markup: the
    platform refuses them before any terminal sees one."""
    before = terminal.http.get(terminal.url("/v1/catalogue")).json()
    item = copy.deepcopy(before["items"][0])
    item["materials"][0]["name"] = '身份证<img src="http://203.0.113.7/p.png">'
    update = tmp_path / "markup.json"
    update.write_text(json.dumps({"upsert": [item]}, ensure_ascii=False), encoding="utf-8")
    result = central.admin("catalogue-update", "--file", str(update), check=False)
    assert result.returncode == 1
    assert "catalogue not changed" in result.stderr
    assert "materials[0].name" in result.stderr and "markup" in result.stderr
    after = terminal.http.get(terminal.url("/v1/catalogue")).json()["catalogue_revision"]
    assert after == before["catalogue_revision"]

    # Text that only uses the signs is no markup.
    item["materials"][0]["name"] = "年龄<18岁的，带户口簿 & 出生证明"
    update.write_text(json.dumps({"upsert": [item]}, ensure_ascii=False), encoding="utf-8")
    central.admin("catalogue-update", "--file", str(update))
    changed = terminal.http.get(terminal.url("/v1/catalogue")).json()
    assert changed["catalogue_revision"] == before["catalogue_revision"] + 1


@pytest.mark.parametrize("cursor", ["r1.forged", "garbage", "r999999.x"])
def test_a_forged_or_unknown_cursor_asks_for_a_full_download(terminal, cursor):
    answer = terminal.http.get(terminal.url("/v1/catalogue"), params={"cursor": cursor})
    assert answer.status_code == 410
    assert answer.json()["code"] == "cursor_rejected"
