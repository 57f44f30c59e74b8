"""Through a proxy that breaks 30% of the calls (refusals, resets mid-body, delays past
the timeout, 500s, truncated and non-JSON bodies, a login page, answers lost after the
platform committed) and a platform restart: 150 submissions with their files arrive
exactly once each, as the residents submitted them. A tampered catalogue and a replayed
older one are refused, and the last good catalogue keeps serving."""

from __future__ import annotations

import json
import time

import pytest

from tests.fault_proxy import AFTER_COMMIT_FAULTS, FaultProxy
from tests.sync.conftest import (
    application,
    digest,
    engine_for,
    enrolled,
    fast_platform_config,
    platform_submissions,
)

SUBMISSIONS = 150  # every fault kind strikes many times over
TIME_LIMIT_S = 600  # a safety net for a broken engine, not a performance figure


@pytest.mark.slow
def test_a_hundred_and_fifty_submissions_through_thirty_percent_faults_arrive_exactly_once(
        own_central, store):
    central = own_central
    with FaultProxy(central.url, fault_rate=0.3, seed=5, hold_s=0.4) as proxy:
        enrolled(store, central, url=proxy.url)  # enrolled through the proxy, faults off
        records = [application(n, seed=30, id_number=f"1101011958031{n % 97:04d}X"[:18],
                               attachments=1 + n % 2, size=1500, terminal=store)
                   for n in range(SUBMISSIONS)]
        for record in records:
            store.outbox.submit(record)
        proxy.reset_stats()
        platform = fast_platform_config(url=proxy.url, read_timeout_s=0.25, connect_timeout_s=0.25,
                                        backoff_max_s=0.1, backoff_initial_s=0.01)
        engine = engine_for(store, platform)
        restarted = False
        deadline = time.monotonic() + TIME_LIMIT_S
        while time.monotonic() < deadline:  # each round stops at the first link failure
            engine.run_once(tasks=("uploads",))
            delivered = store.outbox.state_counts()["delivered"]
            if not restarted and delivered >= SUBMISSIONS // 2:
                central.stop()  # the platform restarts in the middle of it all
                engine.run_once(tasks=("uploads",))
                central.start()
                restarted = True
            if not store.outbox.pending():
                break
        stats = proxy.stats
    counts = store.outbox.state_counts()
    assert counts["delivered"] == SUBMISSIONS, (counts, engine.status())
    exported = platform_submissions(central)
    assert len(exported) == SUBMISSIONS  # distinct, every one
    assert central.report()["submissions"] == SUBMISSIONS
    by_key = {s["idempotency_key"]: s for s in exported}
    for record in records:
        got = by_key[record.client_id]
        assert got["tracking_number"] == record.tracking_number
        assert got["payload"] == record.payload and got["test"] is True
        assert [(a["name"], a["sha256"]) for a in got["attachments"]] == [
            (a.name, digest(a.content)) for a in record.attachments]
        assert store.outbox.get(record.client_id).case_number == got["case_number"]
    print("fault proxy:", json.dumps(stats))  # seen with -s: the figures for a report
    injected = sum(stats["faults"].values())
    assert injected >= 0.25 * stats["requests"], stats
    assert stats["faults_after_commit"] >= injected / 3, stats
    assert all(stats["faults"][name] > 0 for name in AFTER_COMMIT_FAULTS), stats
    assert restarted


def test_a_tampered_catalogue_is_refused_and_the_last_good_one_keeps_serving(central, store):
    with FaultProxy(central.url) as proxy:
        platform = enrolled(store, central, url=proxy.url)
        engine = engine_for(store, platform)
        assert engine.run_once().catalogue.startswith("revision ")
        good = store.catalogue.load()
        bump_catalogue(central, store)
        proxy.tamper("/v1/catalogue")
        report = engine.run_once()
        assert report.catalogue.startswith("refused: the catalogue's signature does not match")
        assert engine.status().catalogue_error
        assert store.catalogue.load() == good  # the last good one serves
        assert engine.run_once().catalogue.startswith("revision ")  # untampered: taken


def test_an_older_catalogue_replayed_with_its_valid_signature_is_refused(central, store):
    with FaultProxy(central.url) as proxy:
        platform = enrolled(store, central, url=proxy.url)
        engine = engine_for(store, platform)
        proxy.record("/v1/catalogue")
        engine.run_once()  # the proxy keeps this answer
        old_revision = engine.status().catalogue_revision
        bump_catalogue(central, store)
        direct = engine_for(store, fast_platform_config(url=central.url))
        assert direct.run_once().catalogue.startswith(f"revision {old_revision + 1}")
        store.platform.put({"catalogue.cursor": None, "catalogue.etag": None})
        proxy.replay("/v1/catalogue")  # the old full document, validly signed
        report = engine.run_once()
        assert "older than revision" in report.catalogue, report
        assert engine.status().catalogue_revision == old_revision + 1


def bump_catalogue(central, store) -> None:
    """One item renamed on the platform: a new revision."""
    document = [json.loads(item) for item in store.catalogue.load().items]
    item = dict(document[0], name=document[0]["name"] + "·")
    update = store.data_dir / "update.json"
    update.write_text(json.dumps({"upsert": [item]}, ensure_ascii=False), encoding="utf-8")
    central.admin("catalogue-update", "--file", str(update))


def test_an_interrupted_upload_resumes_where_the_platform_stopped(central, store):
    with FaultProxy(central.url) as proxy:
        platform = enrolled(store, central, url=proxy.url, chunk_kib=1)
        record = application(1, seed=31, attachments=1, size=3500, terminal=store)  # four chunks
        store.outbox.submit(record)
        # The first chunk reaches the platform; its answer is lost on the way back.
        proxy.force("drop_response", path_prefix="/v1/attachments/", times=1)
        engine = engine_for(store, platform)
        assert engine.run_once(tasks=("uploads",)).delivered == 0
        proxy.reset_stats()
        assert engine.run_once(tasks=("uploads",)).delivered == 1
        calls = [(method, path) for method, path, _ in proxy.history]
    # It asked where the upload stood and sent only the rest: not the whole file again.
    assert calls[0][0] == "HEAD"
    assert [c[0] for c in calls].count("PATCH") == 3  # chunks 2-4; the first was there
    got = next(s for s in platform_submissions(central) if s["idempotency_key"] == record.client_id)
    assert got["attachments"][0]["sha256"] == digest(record.attachments[0].content)


def test_an_upload_the_platform_expired_is_sent_again_in_full(central, store):
    with FaultProxy(central.url) as proxy:
        platform = enrolled(store, central, url=proxy.url, chunk_kib=1)
        record = application(1, seed=32, attachments=1, size=3500, terminal=store)
        store.outbox.submit(record)
        proxy.force("reset_before", path_prefix="/v1/attachments/", times=1)
        engine = engine_for(store, platform)
        engine.run_once(tasks=("uploads",))  # announced, not sent
        central.admin("gc", "--older-than-hours", "0")  # the platform drops it unused
        assert engine.run_once(tasks=("uploads",)).delivered == 1
    got = next(s for s in platform_submissions(central) if s["idempotency_key"] == record.client_id)
    assert got["attachments"][0]["sha256"] == digest(record.attachments[0].content)
