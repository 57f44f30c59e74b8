"""A catalogue change list on the terminal: what changed is checked, searched and stored,
the rest stays as it was; a terminal upgraded from the release that kept two copies of
the catalogue goes on serving it and takes the next change.

The platform here is a small signing HTTP server on a loopback port: each test says which
documents it answers with, so that each change list is exactly the one the test is about.
"""

from __future__ import annotations

import base64
import copy
import json
import logging
import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from kiosk.catalogue.loader import demo_catalogue_path
from kiosk.catalogue.repository import open_catalogue, stored_catalogue
from kiosk.catalogue.search import SearchIndex
from kiosk.config import CatalogueConfig
from kiosk.sync.catalogue_sync import CatalogueSync
from kiosk.sync.client import PlatformClient
from offline_cache.migrations import MIGRATIONS
from offline_cache.platform_link import PlatformLink
from offline_cache.store import Store

DEMO = json.loads(demo_catalogue_path().read_text("utf-8"))
# An item no life event links, so taking it out takes nothing else with it.
UNLINKED = next(i["code"] for i in DEMO["items"] if i["code"] not in {
    link["item"] for e in DEMO["items"] if e.get("chain") for link in e["chain"]["links"]}
    and not i.get("chain") and i["code"] not in ("SB-0001", "SB-0002", "GA-0001"))
# Queries over names, pinyin, initials, keywords, departments and summaries.
QUERIES = ("社保卡", "shebaoka", "sbk", "居住证", "公积金", "医保", "yb", "失业", "养老",
           "户口", "hk", "证明", "补贴", "新生儿", "出生", "残疾", "市公安局", "gaj", "s", "z",
           "申领", "查询", "cx", "登记", "办理", "老年", "独一无二", "dywe", "教育")


class SigningPlatform:
    """Answers GET /v1/catalogue with the next document queued, signed."""

    def __init__(self) -> None:
        self.key = Ed25519PrivateKey.generate()
        self.queue: list[dict] = []
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the name http.server calls
                body = json.dumps(platform.queue.pop(0), ensure_ascii=False).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", f'"{len(platform.queue)}"')
                self.send_header("Catalogue-Signature",
                                 base64.b64encode(platform.key.sign(body)).decode())
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def link(self) -> PlatformLink:
        raw = self.key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return PlatformLink(self.url, "T0000TEST", "token", base64.b64encode(raw).decode(), "k1")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def document(revision: int, items: list[dict], *, since: int | None = None,
             removed: tuple[str, ...] = ()) -> dict:
    return {"kind": "full" if since is None else "delta", "catalogue_revision": revision,
            "since_revision": since, "cursor": f"c{revision}", "schema_version": 2,
            "catalogue_version": f"v{revision}", "issued_at": "2026-12-01T00:00:00+08:00",
            "items": items, "tombstones": [{"code": code} for code in removed]}


@pytest.fixture(scope="module")
def platform():
    server = SigningPlatform()
    yield server
    server.close()


@pytest.fixture
def terminal(platform, tmp_path):
    """(store, sync, served): a terminal linked to `platform`; `served` lists every
    catalogue the sync handed over, the last one first."""
    served = []
    with Store.open(tmp_path / "kiosk", min_free_bytes=0) as store:
        store.platform.save(platform.link())
        client = PlatformClient(platform.url, token="token")
        try:
            yield store, CatalogueSync(store, client, platform.link(),
                                       lambda catalogue: served.insert(0, catalogue)), served
        finally:
            client.close()


def item(code: str) -> dict:
    return copy.deepcopy(next(i for i in DEMO["items"] if i["code"] == code))


def hits(index: SearchIndex) -> list:
    return [[(h.code, h.score) for h in index.search(query, limit=20)] for query in QUERIES]


def assert_searches_as_if_built_anew(catalogue) -> None:
    assert hits(catalogue.index) == hits(SearchIndex.build(catalogue.items))


def test_a_changed_item_is_checked_served_and_found_as_a_fresh_index_would(platform, terminal):
    store, sync, served = terminal
    platform.queue.append(document(1, DEMO["items"]))
    assert sync.run().full
    renamed = dict(item("SB-0001"), name="独一无二的社保卡申领", keywords=["独一无二"])
    new = dict(item("SB-0002"), code="SB-9001", name="新设的养老金测算")
    summary = dict(item("GA-0001"), summary="在本市居住半年以上的人员可申领居住证。")
    platform.queue.append(document(2, [renamed, new, summary], since=1, removed=(UNLINKED,)))
    outcome = sync.run()
    assert outcome.changed and not outcome.full and outcome.revision == 2
    catalogue = served[0]
    assert catalogue.item("SB-0001").name == "独一无二的社保卡申领"
    assert catalogue.item("SB-9001").name == "新设的养老金测算"
    assert catalogue.item("GA-0001").summary == summary["summary"]
    assert catalogue.item(UNLINKED) is None
    assert catalogue.search("独一无二")[0].code == "SB-0001"
    assert catalogue.search("dywe")[0].code == "SB-0001"
    gone_name = item(UNLINKED)["name"]
    assert UNLINKED not in [h.code for q in (*QUERIES, gone_name)
                            for h in catalogue.search(q, limit=50)]
    assert len(catalogue.items) == len(DEMO["items"]) + 1 - 1
    assert_searches_as_if_built_anew(catalogue)
    # A restart serves the same catalogue from the store, its index brought up to date
    # from the changed items' stored search texts.
    restarted = stored_catalogue(store)
    assert restarted.source_key == "platform-r2"
    assert [i.code for i in restarted.items] == [i.code for i in catalogue.items]
    assert hits(restarted.index) == hits(catalogue.index)


def test_an_item_edited_in_place_keeps_searching_as_a_fresh_index_would(platform, terminal):
    store, sync, served = terminal
    platform.queue.append(document(1, DEMO["items"]))
    sync.run()
    edited = dict(item("SB-0001"), keywords=["独一无二", "dywe办卡"],
                  department="市社会保险事业管理中心")
    platform.queue.append(document(2, [edited], since=1))
    sync.run()
    assert served[0].search("独一无二")[0].code == "SB-0001"
    assert_searches_as_if_built_anew(served[0])
    renamed = dict(edited, name="社会保障卡申领（新版）")  # now of another rank
    platform.queue.append(document(3, [renamed], since=2, removed=(UNLINKED,)))
    sync.run()
    assert_searches_as_if_built_anew(served[0])
    assert hits(stored_catalogue(store).index) == hits(served[0].index)


def test_a_bad_changed_item_is_skipped_with_its_reason_and_the_rest_serves(
        platform, terminal, caplog):
    store, sync, served = terminal
    platform.queue.append(document(1, DEMO["items"]))
    sync.run()
    broken = dict(item("SB-0001"), name="社保卡申领（新）")
    del broken["department"]
    fine = dict(item("GA-0001"), name="居住证申领（新）")
    platform.queue.append(document(2, [broken, fine], since=1))
    with caplog.at_level(logging.WARNING, logger="kiosk.sync.catalogue_sync"):
        outcome = sync.run()
    assert outcome.changed and outcome.skipped == 1
    catalogue = served[0]
    # As in a whole document: the item the platform broke is not served in any form.
    assert catalogue.item("SB-0001") is None
    assert catalogue.item("GA-0001").name == "居住证申领（新）"
    assert "SB-0001" not in [h.code for h in catalogue.search("社保卡申领", limit=50)]
    assert [(s.code, s.reason) for s in catalogue.loaded.skipped] == [
        ("SB-0001", "department: is required but missing")]
    assert "SB-0001" in caplog.text and "department: is required but missing" in caplog.text
    assert_searches_as_if_built_anew(catalogue)
    assert stored_catalogue(store).item("SB-0001") is None
    # The platform mends it: served again.
    platform.queue.append(document(3, [item("SB-0001")], since=2))
    sync.run()
    assert served[0].item("SB-0001").name == item("SB-0001")["name"]
    assert_searches_as_if_built_anew(served[0])


def test_a_life_event_is_held_while_a_link_is_gone_and_served_when_it_comes_back(
        platform, terminal):
    store, sync, served = terminal
    event = next(i for i in DEMO["items"] if i.get("chain"))
    link = event["chain"]["links"][0]["item"]
    platform.queue.append(document(1, DEMO["items"]))
    sync.run()
    assert served[0].item(event["code"]) is not None
    platform.queue.append(document(2, [], since=1, removed=(link,)))
    sync.run()
    assert served[0].item(event["code"]) is None
    assert event["code"] in [code for code, _, _ in store.catalogue.skipped()]
    platform.queue.append(document(3, [item(link)], since=2))
    sync.run()
    assert served[0].item(event["code"]) is not None
    assert_searches_as_if_built_anew(served[0])


def test_a_change_list_for_another_revision_is_refused_and_the_last_good_one_serves(
        platform, terminal):
    from kiosk.sync.catalogue_sync import CatalogueRefused

    store, sync, served = terminal
    platform.queue.append(document(1, DEMO["items"]))
    sync.run()
    platform.queue.append(document(3, [dict(item("SB-0001"), name="不该出现")], since=2))
    with pytest.raises(CatalogueRefused, match="another revision"):
        sync.run()
    assert stored_catalogue(store).item("SB-0001").name == item("SB-0001")["name"]
    assert sync.revision() == 1


def test_a_store_of_the_release_with_two_copies_keeps_serving_and_takes_changes(
        platform, tmp_path):
    """The release before kept the checked catalogue (with its index) in catalogue_cache
    and the platform's merged document, bad items and all, in the sync state."""
    data = tmp_path / "kiosk"
    data.mkdir()
    checked = dict(DEMO, items=[i for i in DEMO["items"] if i["code"] != "SB-0003"])
    merged = [dict(item("SB-0003"), name=None)] + checked["items"]  # one bad, not served
    conn = sqlite3.connect(data / "kiosk.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    for step in MIGRATIONS[:5]:
        for statement in step:
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 5")
    conn.execute(
        "INSERT INTO catalogue_cache (version, saved_at, catalogue_json, search_index)"
        " VALUES ('platform-r6', '2026-11-30T10:00:00.000+00:00', ?, ?)",
        (json.dumps(dict(DEMO, items=DEMO["items"][:3]), ensure_ascii=False).encode(),
         b"an older index"))
    conn.execute(
        "INSERT INTO catalogue_cache (version, saved_at, catalogue_json, search_index)"
        " VALUES ('platform-r7', '2026-12-01T10:00:00.000+00:00', ?, ?)",
        (json.dumps(checked, ensure_ascii=False).encode(), b"KSRCHIDX an index of format 3"))
    for key, value in {"catalogue.revision": "7", "catalogue.cursor": "c7",
                       "catalogue.etag": '"e7"', "catalogue.item_schema": "3",
                       "catalogue.document": json.dumps(merged, ensure_ascii=False).encode()
                       }.items():
        conn.execute("INSERT INTO sync_state (key, value) VALUES (?, ?)", (key, value))
    conn.close()

    with Store.open(data, min_free_bytes=0) as store:
        catalogue = open_catalogue(store, CatalogueConfig())
        assert catalogue.source_key == "platform-r7"
        assert [i.code for i in catalogue.items] == [i["code"] for i in checked["items"]]
        assert catalogue.search(item("SB-0001")["name"])[0].code == "SB-0001"
        assert_searches_as_if_built_anew(catalogue)  # the index of format 3, rebuilt
        assert store.platform.get("catalogue.document") is None  # one copy, not two
        tables = {name for (name,) in store._writer.reader().execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "catalogue_cache" not in tables
        client = PlatformClient(platform.url, token="token")
        try:
            served = []
            sync = CatalogueSync(store, client, platform.link(), served.append)
            platform.queue.append(document(
                8, [dict(item("SB-0001"), name="独一无二的社保卡申领"), item("SB-0003")],
                since=7, removed=(UNLINKED,)))
            outcome = sync.run()
        finally:
            client.close()
        assert outcome.changed and not outcome.full and outcome.revision == 8
        after = served[0]
        assert after.item("SB-0001").name == "独一无二的社保卡申领"
        assert after.item("SB-0003") is not None and after.item(UNLINKED) is None
        assert len(after.items) == len(checked["items"])
        assert_searches_as_if_built_anew(after)
    with Store.open(data, min_free_bytes=0) as store:
        again = open_catalogue(store, CatalogueConfig())
        assert again.source_key == "platform-r8"
        assert hits(again.index) == hits(after.index)


def test_a_large_change_stores_the_index_whole_again(platform, terminal):
    """Past a few hundred changed items the stored index is rewritten, and the items'
    search texts are no longer kept beside it."""
    store, sync, served = terminal
    platform.queue.append(document(1, DEMO["items"]))
    sync.run()
    platform.queue.append(document(2, [item("SB-0001")], since=1))
    sync.run()
    assert store.catalogue.load().search_entries  # kept while the index predates them
    edited = [dict(i, summary=i["summary"] + "（已更新）") for i in DEMO["items"]]
    platform.queue.append(document(3, edited, since=2))
    sync.run()
    stored = store.catalogue.load()
    assert (stored.search_entries, stored.changes_since_index) == ([], 0)
    assert hits(SearchIndex.from_bytes(stored.search_index)) == hits(served[0].index)
    assert_searches_as_if_built_anew(served[0])


def test_a_store_of_the_release_before_keeps_its_catalogue_through_the_upgrade(
        platform, tmp_path):
    """The release before kept catalogue items in a WITHOUT ROWID table (schema 6): the
    upgrade moves every row over, refused items with their reasons and changed items
    with their search texts, and the next change applies to them."""
    data = tmp_path / "kiosk"
    columns = "SELECT code, position, item, skipped, search_entry FROM catalogue_item"
    with Store.open(data, min_free_bytes=0) as store:
        store.platform.save(platform.link())
        client = PlatformClient(platform.url, token="token")
        try:
            sync = CatalogueSync(store, client, platform.link())
            refused = dict(item("SB-0003"), name=None)
            platform.queue.append(document(1, [refused, *(
                i for i in DEMO["items"] if i["code"] != "SB-0003")]))
            sync.run()
            renamed = dict(item("SB-0001"), name="独一无二的社保卡申领")
            platform.queue.append(document(2, [renamed], since=1))
            sync.run()
        finally:
            client.close()
        rows = sorted(store._writer.reader().execute(columns).fetchall())
    assert any(row[3] for row in rows) and any(row[4] for row in rows)
    conn = sqlite3.connect(data / "kiosk.db", isolation_level=None)
    conn.execute("BEGIN")
    conn.execute("ALTER TABLE catalogue_item RENAME TO catalogue_item_now")
    conn.execute(MIGRATIONS[5][0])  # the release before's catalogue_item
    conn.execute("INSERT INTO catalogue_item SELECT * FROM catalogue_item_now")
    conn.execute("DROP TABLE catalogue_item_now")
    conn.execute("PRAGMA user_version = 6")
    conn.execute("COMMIT")
    conn.close()

    with Store.open(data, min_free_bytes=0) as store:
        assert sorted(store._writer.reader().execute(columns).fetchall()) == rows
        catalogue = stored_catalogue(store)
        assert catalogue.search("dywe")[0].code == "SB-0001"
        assert catalogue.item("SB-0003") is None
        client = PlatformClient(platform.url, token="token")
        try:
            served = []
            sync = CatalogueSync(store, client, platform.link(), served.append)
            platform.queue.append(document(3, [item("SB-0003")], since=2))
            assert sync.run().changed
        finally:
            client.close()
        assert served[0].item("SB-0003") is not None
        assert_searches_as_if_built_anew(served[0])
