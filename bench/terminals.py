"""What 200 terminals cost the platform at the default sync intervals: requests and bytes
per terminal per hour, each task's share, and the platform's round latency when all 200
do a round at once, against one terminal alone.

    .venv/bin/python bench/terminals.py [--terminals 200] [--processes 4] [--bursts 3]
                                        [--time-scale 120] [--scan-kib 200]
                                        [--db sqlite|postgresql|PATH|URL] [--workers N]
                                        [--steady-terminals N] [--storm-terminals M]
                                        [--storm-scan-kib 20] [--fleet-only]

Nobody waits an hour. The hourly figures are computed, not timed:

1. measured: one enrolled terminal (a real store and SyncEngine, default PlatformConfig)
   talks to the reference platform through a byte-counting TCP forwarder, which names
   each request (`GET /v1/catalogue?cursor`, `POST /v1/heartbeats`, ...) and counts its
   bytes both ways (request and status lines, headers, bodies; not TCP/IP overhead and,
   on this plain-HTTP loopback, no TLS). Measured per task: enrollment and the first
   catalogue (once in a terminal's life), a steady round (`run_once()`: the upload check
   with nothing queued, a catalogue poll answered 304, a heartbeat), one delivered
   application with a --scan-kib scan, and a catalogue change of one item (a delta).
2. extrapolated: each task's steady cost times 3600 / its default interval
   (kiosk/config.py: upload_interval_s, catalogue_interval_s, heartbeat_interval_s).
   Applications and catalogue changes come on top, at whatever rate they happen; their
   unit costs are in `per_event`.
3. cross-check, measured with simulated time: the same terminal's engine thread runs for
   3600 / --time-scale seconds with every interval divided by --time-scale, through the
   forwarder; its request counts are one simulated hour (the engine runs every task once
   at start, so expect one more of each than the steady rate).
4. measured under load: --terminals terminals, each its own enrolled store and engine,
   spread over --processes worker processes (one thread per terminal), all start a round
   at the same moment, --bursts times; then once more with one application (one scan)
   queued on every terminal. `round_*_ms` are the round times the terminals saw, with the
   platform and the terminals sharing this machine's cores. Baseline: one terminal alone
   doing the same round (`solo_round_*_ms`), measured in the same run.
   `platform_cpu_ms_per_request` counts the server process and all its workers.

5. a province's fleet (bench/fleet.py says how), when asked:
   --steady-terminals N: N idle terminals at their default intervals, each a real
   enrolled identity (enrolled in bulk through the platform's own enrollment functions),
   from a light generator that sends exactly an idle terminal's requests (a catalogue poll
   with its ETag and cursor, a heartbeat with the kiosk's body; its request bytes are
   printed beside the kiosk's measured ones in 1.), from a random phase, at the real rate,
   from --processes processes; --steady-warmup-s, then a --steady-window-s window.
   `steady_requests_per_s` is the rate achieved (the intended one beside it),
   `steady_p95_ms` the latency the generator saw, `solo_p95_ms` the same requests from one
   terminal alone, measured just before; `generator_lag_*` says how far the generator fell
   behind its schedule (a saturated client is not a fast server).
   `platform_cpu_ms_per_request` is the platform's CPU (all its workers) in the window.
   --storm-terminals M: M enrolled identities each come back at once with one application
   (--storm-scan-kib): a real terminal's round recorded on the wire and replayed with each
   one's identity and Idempotency-Key, checked byte for byte against a second real
   terminal's round, with the engine's backoff, until filed. `storm_drain_s` from the
   start to the platform's last filing, `storm_delivered` the distinct submissions the
   platform holds from them. The exit code is 1 if any was filed twice or not at all.
   --fleet-only skips 3. and 4. (at a fleet's sizes they only add minutes; their keys are
   printed as null).

The platform runs on --db (a new SQLite file by default; `postgresql` starts a throwaway
PostgreSQL server of the bench's own) with --workers processes (PostgreSQL only).

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import collections
import json
import multiprocessing
import os
import queue
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.platform_harness import CountingProxy, Platform, WireCount  # noqa: E402
from kiosk.config import PlatformConfig  # noqa: E402
from kiosk.sync.engine import SyncEngine  # noqa: E402
from kiosk.sync.enrollment import enroll  # noqa: E402
from offline_cache.store import AttachmentData, Store, SubmissionRecord  # noqa: E402

DEFAULTS = PlatformConfig()
INTERVALS = {"uploads": DEFAULTS.upload_interval_s,
             "catalogue": DEFAULTS.catalogue_interval_s,
             "heartbeat": DEFAULTS.heartbeat_interval_s}
TASK_OF_REQUEST = {
    "POST /v1/enrollments": "enrollment",
    "GET /v1/catalogue": "catalogue",
    "GET /v1/catalogue?cursor": "catalogue",
    "POST /v1/heartbeats": "heartbeat",
    "POST /v1/attachments": "uploads",
    "HEAD /v1/attachments/{id}": "uploads",
    "PATCH /v1/attachments/{id}": "uploads",
    "POST /v1/submissions": "uploads",
}


def device_health() -> dict:
    """What a terminal with all four devices working reports (kiosk/app.py's shape)."""
    return {
        "id_reader": {"state": "ready", "detail": None, "driver": "SerialIdReader"},
        "card_reader": {"state": "no_card", "detail": None, "driver": "PcscCardReader"},
        "printer": {"state": "ready", "detail": None, "driver": "NetworkReceiptPrinter"},
        "camera": {"state": "ready", "detail": None, "driver": "OpenCvCamera"},
    }


def application(terminal: str, n: int, scan: bytes) -> SubmissionRecord:
    return SubmissionRecord(
        client_id=uuid.uuid4().hex,
        kind="application",
        service_code="SB-0001",
        tracking_number=f"{terminal}-20261201-{n:05d}",
        payload={"applicant": {"name": "王秀兰", "id_number": "110101195803150028"},
                 "answers": {"phone": "13800138000", "reason": "社会保障卡申领"}},
        attachments=(AttachmentData("户口簿首页.jpg", "image/jpeg", scan),),
        test_traffic=True,
    )


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


# -- 1. one terminal, every byte counted ---------------------------------------------------


def breakdown_diff(after: dict[str, WireCount], before: dict[str, WireCount]) -> dict:
    result = {}
    for label, count in after.items():
        delta = count - before.get(label, WireCount())
        if delta.requests or delta.total_bytes:
            result[label] = delta
    return result


def per_task(requests_by_label: dict[str, WireCount]) -> dict[str, WireCount]:
    tasks: dict[str, WireCount] = {}
    for label, count in requests_by_label.items():
        task = TASK_OF_REQUEST.get(label, "other")
        total = tasks.get(task, WireCount())
        tasks[task] = WireCount(total.requests + count.requests, total.up_bytes + count.up_bytes,
                                total.down_bytes + count.down_bytes)
    return tasks


def counted(proxy: CountingProxy, action) -> tuple[dict[str, WireCount], object]:
    before = proxy.by_request()
    result = action()
    return breakdown_diff(proxy.by_request(), before), result


def measure_one_terminal(platform: Platform, proxy: CountingProxy, data_dir: Path,
                         scan: bytes, steady_rounds: int) -> dict:
    with Store.open(data_dir, min_free_bytes=0) as store:
        code = platform.enrollment_codes(1)[0]
        enrollment, link = counted(proxy, lambda: enroll(store, proxy.url, code, DEFAULTS))
        engine = SyncEngine(store, DEFAULTS, retention_days=7, health=device_health,
                            rng=random.Random(1))
        first, report = counted(proxy, engine.run_once)
        assert not report.errors and report.catalogue.startswith("revision"), report
        steady = []
        for _ in range(steady_rounds):
            counts, report = counted(proxy, engine.run_once)
            assert not report.errors and report.catalogue.startswith("unchanged"), report
            steady.append(counts)
        store.outbox.submit(application(link.terminal_id, 1, scan))
        with_upload, report = counted(proxy, engine.run_once)
        assert report.delivered == 1 and not report.errors, report
        upload = {label: count for label, count in with_upload.items()
                  if TASK_OF_REQUEST.get(label) == "uploads"}
        changed_item = next(i for i in _demo_items() if i["code"] == "SB-0001")
        changed_item = changed_item | {"summary": changed_item["summary"] + "（更新）"}
        platform.catalogue_update({"upsert": [changed_item]}, "one-item.json")
        with_delta, report = counted(proxy, engine.run_once)
        assert report.catalogue.startswith("revision"), report
        delta = {label: count for label, count in with_delta.items()
                 if TASK_OF_REQUEST.get(label) == "catalogue"}
        engine.stop()
    return {"enrollment": enrollment, "first_round": first, "steady": steady,
            "application": upload, "catalogue_change": delta, "terminal_id": link.terminal_id}


def _demo_items() -> list[dict]:
    from kiosk.catalogue.loader import demo_catalogue_path

    return json.loads(demo_catalogue_path().read_text(encoding="utf-8"))["items"]


def simulated_hour(proxy: CountingProxy, data_dir: Path, scale: float) -> dict:
    """The engine's own thread with every interval divided by `scale`, for 3600/scale s."""
    config = PlatformConfig(upload_interval_s=DEFAULTS.upload_interval_s / scale,
                            catalogue_interval_s=DEFAULTS.catalogue_interval_s / scale,
                            heartbeat_interval_s=DEFAULTS.heartbeat_interval_s / scale)
    with Store.open(data_dir, min_free_bytes=0) as store:
        engine = SyncEngine(store, config, retention_days=7, health=device_health,
                            rng=random.Random(2))
        before = proxy.by_request()
        engine.start()
        time.sleep(3600 / scale)
        engine.stop()
        counts = breakdown_diff(proxy.by_request(), before)
    return {label: c.as_dict() for label, c in counts.items()}


def solo_rounds(platform_url: str, data_dir: Path, rounds: int) -> list[float]:
    """The same terminal straight to the platform (no forwarder), round after round."""
    with Store.open(data_dir, min_free_bytes=0) as store:
        engine = SyncEngine(store, PlatformConfig(url=platform_url), retention_days=7,
                            health=device_health, rng=random.Random(3))
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            report = engine.run_once()
            times.append(time.perf_counter() - started)
            assert not report.errors, report
        engine.stop()
    return times


# -- 4. many terminals at once ---------------------------------------------------------


def worker(index: int, url: str, codes: list[str], data_root: str, scan_bytes: int,
           bursts: int, ready, go: list, results) -> None:
    """Terminals `codes` in this process: enroll, first sync, then one round per burst."""
    started = time.perf_counter()
    terminals = []
    for n, code in enumerate(codes):
        store = Store.open(Path(data_root) / f"w{index}-t{n}", min_free_bytes=0)
        link = enroll(store, url, code, DEFAULTS)
        engine = SyncEngine(store, DEFAULTS, retention_days=7, health=device_health,
                            rng=random.Random(index * 1000 + n))
        report = engine.run_once()  # the first catalogue in full, the first heartbeat
        if report.errors:
            raise RuntimeError(f"first round failed: {report.errors}")
        terminals.append((store, engine, link.terminal_id))
    ready.put(("setup", time.perf_counter() - started))

    scan = os.urandom(scan_bytes)
    for burst in range(bursts + 1):
        with_upload = burst == bursts
        if with_upload:
            for store, _, terminal_id in terminals:
                store.outbox.submit(application(terminal_id, burst, scan))
        samples: list = [None] * len(terminals)

        def one_round(slot: int, engine: SyncEngine, event, samples=samples) -> None:
            event.wait()
            begun = time.monotonic()
            report = engine.run_once()
            ended = time.monotonic()
            samples[slot] = (begun, ended, len(report.errors), report.delivered)

        threads = [threading.Thread(target=one_round, args=(slot, engine, go[burst]))
                   for slot, (_, engine, _) in enumerate(terminals)]
        for thread in threads:
            thread.start()
        cpu_before = time.process_time()
        ready.put(("armed", burst))
        for thread in threads:
            thread.join()
        results.put((index, burst, with_upload, samples, time.process_time() - cpu_before))
    for store, engine, _ in terminals:
        engine.stop()
        store.close()


def load_test(platform: Platform, data_root: Path, terminals: int, processes: int,
              bursts: int, scan_bytes: int) -> dict:
    codes = platform.enrollment_codes(terminals)
    context = multiprocessing.get_context("spawn")
    ready, results = context.Queue(), context.Queue()
    go = [context.Event() for _ in range(bursts + 1)]
    shares = [codes[i::processes] for i in range(processes)]
    workers = [context.Process(target=worker, args=(i, platform.url, share, str(data_root),
                                                    scan_bytes, bursts, ready, go, results))
               for i, share in enumerate(shares) if share]
    arrived: collections.Counter = collections.Counter()
    setup: list[float] = []

    def wait_for(kind, count: int) -> None:
        """Until `count` workers said `kind` (a worker that died ends the bench)."""
        while arrived[kind] < count:
            try:
                message = ready.get(timeout=5)
            except queue.Empty:
                dead = [p.exitcode for p in workers if p.exitcode not in (None, 0)]
                if dead:
                    raise RuntimeError(f"a terminal worker failed (exit codes {dead})") from None
                continue
            if message[0] == "setup":
                setup.append(message[1])
                arrived["setup"] += 1
            else:
                arrived[message] += 1

    setup_started = time.perf_counter()
    for process in workers:
        process.start()
    rounds = []
    try:
        wait_for("setup", len(workers))
        setup_s = time.perf_counter() - setup_started
        for burst in range(bursts + 1):
            wait_for(("armed", burst), len(workers))  # every thread waits on the event
            time.sleep(0.5)  # let the armed threads settle into their wait
            cpu_before = platform.cpu_s()
            go[burst].set()
            got = [results.get(timeout=600) for _ in workers]
            cpu_s = platform.cpu_s() - cpu_before
            samples = [s for _, _, _, worker_samples, _ in got for s in worker_samples]
            rounds.append((got[0][2], samples, cpu_s, sum(g[4] for g in got)))
    finally:
        for process in workers:
            process.join(60)
            if process.is_alive():
                process.terminate()
    return {"setup_s": setup_s, "worker_setup_s": sorted(setup), "rounds": rounds}


def summarize_rounds(rounds: list, requests_per_round: int) -> dict:
    latencies = [end - begin for _, samples, _, _ in rounds for begin, end, _, _ in samples]
    walls = [max(e for _, e, _, _ in samples) - min(b for b, _, _, _ in samples)
             for _, samples, _, _ in rounds]
    requests = requests_per_round * sum(len(samples) for _, samples, _, _ in rounds)
    cpu = sum(r[2] for r in rounds)
    terminals_cpu = sum(r[3] for r in rounds)
    return {
        "rounds": len(latencies),
        "round_p50_ms": ms(statistics.median(latencies)),
        "round_p95_ms": ms(percentile(latencies, 0.95)),
        "round_max_ms": ms(max(latencies)),
        "burst_wall_s": [round(w, 2) for w in walls],
        "requests_per_round": requests_per_round,
        "platform_requests_per_s": round(requests / sum(walls), 1),
        "platform_cpu_ms_per_request": round(cpu * 1000 / requests, 2),
        # Both sides share this machine: how busy its cores were during the bursts.
        "platform_cpu_share_of_machine": round(cpu / (sum(walls) * os.cpu_count()), 2),
        "terminals_cpu_share_of_machine": round(terminals_cpu / (sum(walls) * os.cpu_count()),
                                                2),
        "errors": sum(e for _, samples, _, _ in rounds for _, _, e, _ in samples),
        "delivered": sum(d for _, samples, _, _ in rounds for _, _, _, d in samples),
    }


def default_terminals_dir() -> Path | None:
    """Memory-backed storage for the simulated terminals' stores: each real terminal has a
    disk of its own, and 200 stores' fsyncs on the platform's one disk would queue behind
    (and in front of) the platform's own, measuring the disk instead of the platform."""
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and os.access(shm, os.W_OK) else None


# -- 5. a province's fleet (bench/fleet.py) ---------------------------------------------

STEADY_LABELS = {"GET /v1/catalogue?cursor": "catalogue", "POST /v1/heartbeats": "heartbeat"}
SOLO_REQUESTS = 120


def fleet(platform: Platform, tmp_path: Path, args, one: dict) -> dict:
    """The steady load of --steady-terminals idle terminals, then the reconnect storm of
    --storm-terminals terminals, against the same platform."""
    from bench import fleet as fleet_load

    unexpected = set(one["steady"][-1]) - set(STEADY_LABELS)
    if unexpected:  # the generator sends only what an idle terminal was measured sending
        raise RuntimeError(f"an idle terminal's round also sends {sorted(unexpected)}")
    template = fleet_load.make_template(platform, tmp_path / "fleet-template")
    spec = {"etag": template["etag"], "cursor": template["cursor"],
            "item_schema": template["item_schema"],
            "heartbeat": fleet_load.heartbeat_body(device_health(), template["revision"],
                                                   template["disk"])}
    intervals = {"catalogue": INTERVALS["catalogue"], "heartbeat": INTERVALS["heartbeat"]}
    result: dict = {}
    if args.steady_terminals:
        started = time.perf_counter()
        identities = fleet_load.enroll_in_bulk(str(platform.server.db), args.steady_terminals)
        enroll_s = time.perf_counter() - started
        alone = fleet_load.idle_requests("127.0.0.1", platform.port, *identities[0], **spec)
        solo = fleet_load.solo("127.0.0.1", platform.port, alone, intervals, SOLO_REQUESTS)
        steady = fleet_load.steady_load(platform, identities, spec, intervals, args.processes,
                                        args.steady_warmup_s, args.steady_window_s)
        result["steady"] = steady | {
            "solo": solo, "enroll_s": enroll_s,
            "request_bytes": {task: len(fleet_load.request_for(alone, task))
                              for task in intervals}}
        # Said at once on stderr too: a storm that fails later does not lose these.
        print(json.dumps(fleet_keys({"steady": result["steady"]}, args, one)),
              file=sys.stderr, flush=True)
    if args.storm_terminals:
        storm_dir = tmp_path / "storm"
        storm_dir.mkdir()
        result["storm"] = fleet_load.storm(platform, storm_dir, args.storm_terminals,
                                           args.processes, args.storm_scan_kib * 1024,
                                           args.storm_timeout_s)
    return result


def fleet_keys(result: dict, args, one: dict) -> dict:
    """The fleet's figures for the report (null where a part did not run)."""
    cores = os.cpu_count()
    keys: dict = {"steady_terminals": args.steady_terminals or None,
                  "steady_requests_per_s": None, "steady_p95_ms": None, "solo_p95_ms": None,
                  "platform_cpu_ms_per_request": None,
                  "storm_terminals": args.storm_terminals or None,
                  "storm_delivered": None, "storm_drain_s": None}
    steady = result.get("steady")
    if steady:
        samples, window = steady["samples"], steady["window_s"]
        latencies = [ended - started for _, _, started, ended, _ in samples]
        lags = [started - due for _, due, started, _, _ in samples]
        intended = sum(args.steady_terminals / INTERVALS[task] for task in ("catalogue",
                                                                           "heartbeat"))
        solo_p95 = percentile(steady["solo"], 0.95)
        measured = {STEADY_LABELS[label]: count.up_bytes
                    for label, count in one["steady"][-1].items()}
        keys |= {
            "steady_requests_per_s": round(steady["requests_in_window"] / window, 1),
            "steady_p95_ms": ms(percentile(latencies, 0.95)),
            "solo_p95_ms": ms(solo_p95),
            "platform_cpu_ms_per_request": round(
                steady["platform_cpu_s"] * 1000 / steady["requests_in_window"], 2),
            "steady_measured": {
                "what": f"{args.steady_terminals} idle terminals (enrolled identities), each"
                        " a catalogue poll (304, its ETag and cursor) every"
                        f" {INTERVALS['catalogue']:g} s and a heartbeat every"
                        f" {INTERVALS['heartbeat']:g} s from a random phase, a new"
                        " connection each, from a light generator; the upload check of an"
                        " idle terminal sends nothing",
                "requests_per_s_intended": round(intended, 1),
                "window_s": window, "warmup_s": args.steady_warmup_s,
                "requests": len(samples),
                "errors": sum(1 for *_, ok in samples if not ok),
                "p50_ms": ms(statistics.median(latencies)),
                "max_ms": ms(max(latencies)),
                "p95_ms_by_request": {
                    task: ms(percentile([e - s for t, _, s, e, _ in samples if t == task],
                                        0.95))
                    for task in ("catalogue", "heartbeat")},
                "solo_p50_ms": ms(statistics.median(steady["solo"])),
                "solo_requests": len(steady["solo"]),
                "p95_over_solo_p95": round(percentile(latencies, 0.95) / solo_p95, 2),
                # A generator behind its schedule would make a busy platform look idle.
                "generator_lag_p95_ms": ms(percentile(lags, 0.95)),
                "generator_lag_max_ms": ms(max(lags)),
                "generator_processes": steady["processes"],
                "platform_cpu_share_of_machine": round(
                    steady["platform_cpu_s"] / (window * cores), 2),
                "generator_cpu_share_of_machine": round(
                    steady["generator_cpu_s"] / ((window + args.steady_warmup_s) * cores), 2),
                "machine_busy_share": round(steady["machine_cpu_s"] / (window * cores), 2),
                "request_bytes_generator": steady["request_bytes"],
                "request_bytes_kiosk_measured": measured,
                "enroll_in_bulk_s": round(steady["enroll_s"], 1),
            },
        }
    storm = result.get("storm")
    if storm:
        last = storm["last_received_at"]
        keys |= {
            "storm_delivered": storm["distinct_keys"],
            "storm_drain_s": None if last is None else round(last - storm["started_at"], 1),
            "storm_measured": {
                "what": f"{args.storm_terminals} enrolled terminals, each with one"
                        f" application ({args.storm_scan_kib} KiB scan), come back at once:"
                        " a real terminal's recorded round (upload, filing, catalogue poll,"
                        " heartbeat) replayed with each one's identity and Idempotency-Key,"
                        " the engine's backoff on a failure, until filed; drain: from the"
                        " start to the platform's last filing",
                "exactly_once": storm["duplicate_keys"] == 0 and storm["missing"] == 0,
                "submissions_filed": storm["cases"],
                "duplicate_idempotency_keys": storm["duplicate_keys"],
                "queued_but_not_filed": storm["missing"],
                "left_in_outboxes": storm["left_in_outboxes"],
                "submission_posts": storm["submission_posts"],
                "retries_after_a_failure": storm["retries"],
                "refused": storm["refused"],
                "waited_s": round(storm["waited_s"], 1),
                "platform_cpu_s": round(storm["platform_cpu_s"], 1),
                "terminals_cpu_s": round(storm["terminals_cpu_s"], 1),
                "machine_busy_share": round(storm["machine_cpu_s"]
                                            / (storm["waited_s"] * cores), 2),
                "setup_s": round(storm["setup_s"], 1),
            },
        }
    return keys


# -- the report --------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terminals", type=int, default=200)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--bursts", type=int, default=3, help="rounds at once, idle")
    parser.add_argument("--steady-rounds", type=int, default=6)
    parser.add_argument("--solo-rounds", type=int, default=30)
    parser.add_argument("--time-scale", type=float, default=120.0,
                        help="intervals divided by this for the simulated hour (0: skip it)")
    parser.add_argument("--scan-kib", type=int, default=200)
    parser.add_argument("--db", default="sqlite",
                        help="the platform's database: sqlite (a new file, the default), "
                             "postgresql (a throwaway server of the bench's own, from "
                             "Debian's packages), or an SQLite path or database URL of an "
                             "empty database")
    parser.add_argument("--workers", type=int, default=1,
                        help="the platform's worker processes (PostgreSQL only; default 1)")
    parser.add_argument("--terminals-dir", type=Path, default=default_terminals_dir(),
                        help="where the terminals' stores go (default: /dev/shm if there is"
                             " one, else the temp dir)")
    parser.add_argument("--steady-terminals", type=int, default=0,
                        help="idle terminals at their default intervals, from a light load "
                             "generator (0: skip)")
    parser.add_argument("--steady-window-s", type=float, default=60.0)
    parser.add_argument("--steady-warmup-s", type=float, default=10.0)
    parser.add_argument("--storm-terminals", type=int, default=0,
                        help="terminals that all come back at once, one application each "
                             "(0: skip)")
    parser.add_argument("--storm-scan-kib", type=int, default=20)
    parser.add_argument("--storm-timeout-s", type=float, default=600.0)
    parser.add_argument("--fleet-only", action="store_true",
                        help="skip the simulated hour and the --terminals rounds at once "
                             "(their keys are printed as null)")
    args = parser.parse_args()
    scan = os.urandom(args.scan_kib * 1024)
    if args.fleet_only:
        args.time_scale = 0

    # Every simulated terminal connects from 127.0.0.1, where a fleet's come from addresses
    # of their own: the per-address cap (64 by default, per worker) is raised to let them
    # all in, or the bench would measure connections refused instead of rounds served.
    per_address = ("--max-connections-per-address", str(args.terminals + 64))
    with Platform(prefix="bench-terminals-", db=args.db, workers=args.workers,
                  server_args=per_address) as platform, \
            tempfile.TemporaryDirectory(prefix="bench-terminals-kiosk-",
                                        dir=args.terminals_dir) as tmp:
        tmp_path = Path(tmp)
        with CountingProxy(platform.port) as proxy:
            one = measure_one_terminal(platform, proxy, tmp_path / "one", scan,
                                       args.steady_rounds)
            sim = simulated_hour(proxy, tmp_path / "one", args.time_scale) \
                if args.time_scale else None
        solo = solo_rounds(platform.url, tmp_path / "one", args.solo_rounds)
        load = None if args.fleet_only else load_test(
            platform, tmp_path / "many", args.terminals, args.processes, args.bursts,
            args.scan_kib * 1024)
        fleet_result = fleet(platform, tmp_path, args, one) \
            if args.steady_terminals or args.storm_terminals else {}
        report = platform.report()
        engine = platform.engine

    # Steady per-round cost of each task: the mean over the steady rounds.
    # The first poll after a download is answered with an empty change list, not 304 (the
    # ETag kept is the full document's; the cursor asks for another document): counted
    # on its own, and the rounds after it are the steady state.
    steady_tasks = [per_task(round_) for round_ in one["steady"][1:]]
    task_names = ("uploads", "catalogue", "heartbeat")
    per_round = {}
    for task in task_names:
        counts = [t.get(task, WireCount()) for t in steady_tasks]
        per_round[task] = {
            "requests": statistics.mean(c.requests for c in counts),
            "up_bytes": statistics.mean(c.up_bytes for c in counts),
            "down_bytes": statistics.mean(c.down_bytes for c in counts),
        }
    per_hour, total_requests, total_bytes = {}, 0.0, 0.0
    for task in task_names:
        runs = 3600 / INTERVALS[task]
        cost = per_round[task]
        requests = runs * cost["requests"]
        up, down = runs * cost["up_bytes"], runs * cost["down_bytes"]
        per_hour[task] = {
            "interval_s": INTERVALS[task], "runs_per_hour": runs,
            "requests_per_round": cost["requests"],
            "bytes_per_round": {"up": round(cost["up_bytes"]), "down": round(cost["down_bytes"])},
            "requests_per_hour": round(requests, 1),
            "bytes_per_hour": {"up": round(up), "down": round(down), "total": round(up + down)},
        }
        total_requests += requests
        total_bytes += up + down
    steady_labels = {label: c.as_dict() for label, c in one["steady"][-1].items()}

    requests_per_round = int(sum(c["requests"] for c in per_round.values()))
    upload_requests = sum(c.requests for c in one["application"].values())
    solo_p95 = percentile(solo, 0.95)
    if load is not None:
        idle_rounds = [r for r in load["rounds"] if not r[0]]
        upload_rounds = [r for r in load["rounds"] if r[0]]
        idle = summarize_rounds(idle_rounds, requests_per_round)
        busy = summarize_rounds(upload_rounds, requests_per_round + upload_requests)
    print(json.dumps({
        "db": engine,
        "workers": args.workers,
        "terminals": args.terminals,
        "requests_per_terminal_per_hour": round(total_requests, 1),
        "bytes_per_terminal_per_hour": round(total_bytes),
        "per_hour_basis": "extrapolated: steady round cost per task (measured) x 3600 / the"
                          " default interval; idle terminal (no applications, catalogue"
                          " unchanged); plain HTTP on loopback, no TLS, no TCP/IP overhead",
        "per_task_per_hour": per_hour,
        "steady_round_requests_measured": steady_labels,
        "upload_round_with_nothing_queued_requests": per_round["uploads"]["requests"],
        "per_event_measured": {
            "enrollment_once": {k: c.as_dict() for k, c in one["enrollment"].items()},
            "first_catalogue_full_once": {
                k: c.as_dict() for k, c in one["first_round"].items()
                if TASK_OF_REQUEST.get(k) == "catalogue"},
            f"application_with_{args.scan_kib}kib_scan": {
                k: c.as_dict() for k, c in one["application"].items()},
            "first_catalogue_poll_after_a_download": {
                k: c.as_dict() for k, c in one["steady"][0].items()
                if TASK_OF_REQUEST.get(k) == "catalogue"},
            "catalogue_change_one_item": {
                k: c.as_dict() for k, c in one["catalogue_change"].items()},
        },
        "simulated_hour_measured": None if sim is None else {
            "time_scale": args.time_scale, "wall_s": round(3600 / args.time_scale, 1),
            "requests": sim,
            "note": "one run of every task at start, then each on its interval"},
        "platform_requests_per_hour_all_terminals": round(total_requests * args.terminals),
        "round_p50_ms": None if load is None else idle["round_p50_ms"],
        "round_p95_ms": None if load is None else idle["round_p95_ms"],
        "load_round_measured": None if load is None else idle | {
            "what": f"{args.terminals} terminals start run_once() at the same moment"
                    " (upload check with nothing queued, catalogue poll 304, heartbeat);"
                    f" {args.bursts} bursts"},
        "load_round_with_application_measured": None if load is None else busy | {
            "what": f"the same, once, with one application ({args.scan_kib} KiB scan)"
                    " queued on every terminal"},
        "baseline_solo_round_p50_ms": ms(statistics.median(solo)),
        "baseline_solo_round_p95_ms": ms(solo_p95),
        "ratio": None if load is None else round(idle["round_p95_ms"] / (solo_p95 * 1000), 1),
        "load_setup_s": None if load is None else round(load["setup_s"], 1),
        "terminal_stores_on": "tmpfs" if args.terminals_dir == Path("/dev/shm") else "disk",
        "processes": args.processes,
        "platform_report": {k: report[k] for k in ("submissions", "attachments",
                                                   "catalogue_revision")}
                           | {"terminals": len(report["terminals"])},
    } | fleet_keys(fleet_result, args, one), ensure_ascii=False))
    storm = fleet_result.get("storm")
    return 1 if storm and (storm["duplicate_keys"] or storm["missing"]) else 0


if __name__ == "__main__":
    sys.exit(main())
