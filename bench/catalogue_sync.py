"""What a kiosk's catalogue sync costs on a 10,000-item catalogue: the first download in
full, then the changes after 10 items were edited on the platform, in time and in bytes
on the wire, against a plain download of the same full document.

    .venv/bin/python bench/catalogue_sync.py [--items 10000] [--changed 10] [--repeat 3]

The reference platform runs on 127.0.0.1 with a temporary database; the catalogue is the
demo catalogue grown to --items valid items (copies with new codes and names), loaded
with `catalogue-update` `{"items": [...]}` as an operator would. Each repeat enrolls a
fresh terminal store and times `CatalogueSync.run()` (download, signature check, checks
of the items that came, search index, store), first in full, then after
`catalogue-update` `{"upsert": [--changed items]}` as a delta. The kiosk talks to the
platform through a byte-counting TCP forwarder on loopback.

- `full_bytes` / `delta_bytes`: the body as received (gzip'd: its Content-Length).
- `*_wire_bytes`: everything the HTTP connection carried both ways for that sync
  (request and response lines, headers, bodies), counted by the forwarder.
- `baseline_plain_download_s`: `requests.get` of the same full document through the same
  forwarder (gunzip included; no signature, no checks, no merge, no index, no store).
  `ratio` (also `full_over_plain`) is full_sync_s over it, `delta_ratio` (also
  `delta_over_plain`) delta_sync_s over it.
- `full_sync_kiosk_cpu_s` / `full_sync_worker_cpu_s`: the CPU time the full sync took
  on the kiosk's sync thread and in the catalogue check's worker process. Unlike the
  wall-clock figures they hold when other work shares the machine (`load_average`: the
  one-minute load when the bench ended).
- Figures are medians over --repeat; the platform caches each signed document, so one
  untimed download warms it before the timed ones.

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import requests  # noqa: E402

from bench.platform_harness import CountingProxy, Platform  # noqa: E402
from kiosk.catalogue.loader import demo_catalogue_path, load_catalogue  # noqa: E402
from kiosk.config import PlatformConfig  # noqa: E402
from kiosk.sync.catalogue_sync import CatalogueSync  # noqa: E402
from kiosk.sync.client import PlatformClient  # noqa: E402
from kiosk.sync.enrollment import enroll  # noqa: E402
from offline_cache.store import Store  # noqa: E402

# Who a copy is for: with the demo item's name they make names a city catalogue is full
# of, and keep every name distinct (names are at most 60 characters).
APPLICANTS = ("", "城乡居民", "企业职工", "灵活就业人员", "退役军人", "个体工商户", "农村居民",
              "高校毕业生", "残疾人", "老年人")
DISTRICTS = ("市", "东城区", "西城区", "高新区", "经开区", "南山区", "城关镇", "新区",
             "滨海新区", "江北区")


def grown_items(count: int) -> list[dict]:
    """`count` catalogue items: demo items copied with new codes (6 digits, so never a
    demo code), names and departments. A life event's links name the copies of its
    linked items from the same round (or the first round, when the last is short)."""
    base = json.loads(demo_catalogue_path().read_text(encoding="utf-8"))["items"]
    if count < len(base):
        raise SystemExit(f"--items must be at least the demo's {len(base)}")
    position = {item["code"]: k for k, item in enumerate(base)}

    def copy_code(code: str, round_: int) -> str:
        n = round_ * len(base) + position[code]
        n = n if n < count else position[code]
        return f"{code.split('-')[0]}-{100000 + n:06d}"

    items = []
    for n in range(count):
        source = base[n % len(base)]
        round_ = n // len(base)
        item = copy.deepcopy(source)
        item["code"] = copy_code(source["code"], round_)
        chain = item.get("chain")
        if chain:
            for link in chain["links"]:
                link["item"] = copy_code(link["item"], round_)
                for feed in link.get("feeds", ()):
                    feed["from"] = copy_code(feed["from"], round_)
            if "first" in chain:
                chain["first"] = [copy_code(code, round_) for code in chain["first"]]
        who = APPLICANTS[round_ % len(APPLICANTS)]
        suffix = f"（{DISTRICTS[(round_ // len(APPLICANTS)) % len(DISTRICTS)]}{n}）"
        item["name"] = (who + source["name"])[:60 - len(suffix)] + suffix
        item["department"] = DISTRICTS[round_ % len(DISTRICTS)] + source["department"].removeprefix(
            "市")
        items.append(item)
    return items


def edited(items: list[dict], n: int, mark: str) -> list[dict]:
    """`n` items spread over the catalogue, each with a changed summary."""
    step = max(1, len(items) // n)
    changed = []
    for item in items[::step][:n]:
        item = copy.deepcopy(item)
        item["summary"] = f"{item['summary']}（{mark}更新）"
        changed.append(item)
    return changed


def timed_sync(sync: CatalogueSync, proxy: CountingProxy):
    """One sync by the terminal's CatalogueSync, kept from one sync to the next as the
    engine keeps it (the checks and pinyin of unchanged items are not done again)."""
    before = proxy.count()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    thread_started = time.thread_time()
    started = time.perf_counter()
    outcome = sync.run()
    elapsed = time.perf_counter() - started
    kiosk_cpu = time.thread_time() - thread_started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    worker_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    return outcome, elapsed, proxy.count() - before, (kiosk_cpu, worker_cpu)


def plain_download(url: str, token: str, proxy: CountingProxy):
    session = requests.Session()
    session.trust_env = False
    try:
        before = proxy.count()
        started = time.perf_counter()
        answer = session.get(url + "/v1/catalogue", headers={
            "Authorization": f"Bearer {token}", "Accept-Encoding": "gzip"}, timeout=120)
        answer.raise_for_status()
        body = answer.content  # gunzip'd
        elapsed = time.perf_counter() - started
        return elapsed, len(body), int(answer.headers["Content-Length"]), proxy.count() - before
    finally:
        session.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--changed", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    items = grown_items(args.items)
    # The generated items must be ones the kiosk serves (the platform checks them too).
    checked = load_catalogue({"schema_version": 2, "catalogue_version": "bench",
                              "issued_at": "2026-12-01T00:00:00Z", "items": items})
    if checked.skipped or len(checked.items) != args.items:
        raise SystemExit(f"generated items do not load: {checked.skipped[:3]}")

    config = PlatformConfig(read_timeout_s=120.0)
    full, delta, baseline = [], [], []
    with Platform(prefix="bench-catalogue-") as platform, \
            CountingProxy(platform.port) as proxy, \
            tempfile.TemporaryDirectory(prefix="bench-catalogue-kiosk-") as tmp:
        update_started = time.perf_counter()
        platform.catalogue_update({"items": items}, "full.json")
        load_s = time.perf_counter() - update_started
        codes = platform.enrollment_codes(args.repeat)
        for r in range(args.repeat):
            with Store.open(Path(tmp) / f"kiosk{r}", min_free_bytes=0) as store:
                link = enroll(store, proxy.url, codes[r], config)
                client = PlatformClient(proxy.url, token=link.token, read_timeout_s=120.0)
                sync = CatalogueSync(store, client, link)
                try:
                    plain_download(proxy.url, link.token, proxy)  # warms the platform's cache
                    full.append(timed_sync(sync, proxy))
                    baseline.append(plain_download(proxy.url, link.token, proxy))
                    platform.catalogue_update(
                        {"upsert": edited(items, args.changed, f"第{r + 1}次")}, f"delta{r}.json")
                    delta.append(timed_sync(sync, proxy))
                    # The first poll after a change gets an empty change list (the ETag
                    # kept is the delta's, the cursor names a newer document); then 304.
                    after_change = timed_sync(sync, proxy)
                    unchanged = timed_sync(sync, proxy)
                finally:
                    client.close()
        final_revision = platform.report()["catalogue_revision"]

    for outcome, *_ in full:
        assert outcome.full and outcome.items == args.items, outcome
    for outcome, *_ in delta:
        assert outcome.changed and not outcome.full and outcome.items == args.items, outcome
    assert not after_change[0].changed and not unchanged[0].changed, unchanged[0]

    def median(values):
        return statistics.median(values)

    full_s = median([s for _, s, *_ in full])
    full_bytes = median([o.wire_bytes for o, *_ in full])
    delta_s = median([s for _, s, *_ in delta])
    delta_bytes = median([o.wire_bytes for o, *_ in delta])
    base_s = median([b[0] for b in baseline])
    print(json.dumps({
        "items": args.items,
        "changed_items": args.changed,
        "repeat": args.repeat,
        "full_sync_s": round(full_s, 3),
        "full_bytes": int(full_bytes),
        "full_wire_bytes": int(median([w.total_bytes for _, _, w, _ in full])),
        "full_requests": int(median([w.requests for _, _, w, _ in full])),
        "full_uncompressed_bytes": baseline[0][1],
        "delta_sync_s": round(delta_s, 3),
        "delta_bytes": int(delta_bytes),
        "delta_wire_bytes": int(median([w.total_bytes for _, _, w, _ in delta])),
        "delta_requests": int(median([w.requests for _, _, w, _ in delta])),
        "delta_over_full_bytes": round(delta_bytes / full_bytes, 5),
        "delta_over_full_s": round(delta_s / full_s, 3),
        "first_poll_after_change_s": round(after_change[1], 4),
        "first_poll_after_change_wire_bytes": after_change[2].total_bytes,
        "unchanged_poll_s": round(unchanged[1], 4),
        "unchanged_poll_wire_bytes": unchanged[2].total_bytes,
        "baseline_plain_download_s": round(base_s, 3),
        "baseline_plain_download_bytes": baseline[0][2],
        "ratio": round(full_s / base_s, 2),
        "delta_ratio": round(delta_s / base_s, 2),
        # The names for the two ratios (targets: at most 10 and at most 1).
        "full_over_plain": round(full_s / base_s, 2),
        "delta_over_plain": round(delta_s / base_s, 2),
        "full_sync_kiosk_cpu_s": round(median([cpu[0] for *_, cpu in full]), 3),
        "full_sync_worker_cpu_s": round(median([cpu[1] for *_, cpu in full]), 3),
        "load_average": round(os.getloadavg()[0], 2),
        "full_sync_runs_s": [round(s, 3) for _, s, *_ in full],
        "delta_sync_runs_s": [round(s, 3) for _, s, *_ in delta],
        "baseline_runs_s": [round(b[0], 3) for b in baseline],
        "platform_catalogue_update_s": round(load_s, 2),
        "final_revision": final_revision,
    }, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
