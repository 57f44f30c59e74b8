"""The technician's platform commands: `kiosk enroll`, `kiosk sync --once`, `kiosk outbox`.

None of them print personal data: the outbox shows tracking numbers, kinds, states and
reasons, never answers, names or ID numbers.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

from kiosk.config import KioskConfig
from kiosk.storage import open_store
from kiosk.sync import refusals
from kiosk.sync.engine import SyncEngine
from kiosk.sync.enrollment import EnrollmentFailed, enroll
from offline_cache.store import Store


def _engine(store: Store, config: KioskConfig) -> SyncEngine:
    return SyncEngine(store, config.platform,
                      retention_days=config.storage.delivered_retention_days)


def enroll_command(config: KioskConfig, data_dir: Path, url: str, code: str,
                   label: str) -> int:
    with open_store(config, data_dir) as store:
        before = store.platform.load()
        try:
            link = enroll(store, url, code, config.platform, label=label)
        except EnrollmentFailed as exc:
            print(f"kiosk: enrollment failed: {exc}", file=sys.stderr)
            return 1
        waiting = store.outbox.queue_summary()[0]
    print(f"enrolled as terminal {link.terminal_id} with {link.url}")
    if before is not None and before.terminal_id != link.terminal_id and waiting:
        # The platform files a tracking number only under the id it starts with: queued
        # items numbered as the old id would be refused and set aside.
        print(f"note: this terminal was {before.terminal_id}; its {waiting} queued item(s) "
              f"carry that id in their tracking numbers, and the platform refuses them from "
              f"{link.terminal_id}. Enroll again with a code from "
              f"python -m central enroll-code --terminal {before.terminal_id}")
    return 0


def sync_once_command(config: KioskConfig, data_dir: Path, as_json: bool) -> int:
    with open_store(config, data_dir) as store:
        engine = _engine(store, config)
        report = engine.run_once()
        status = engine.status()
        engine.stop()
    if as_json:
        print(json.dumps({"report": report.as_dict(), "status": status.as_dict()},
                         ensure_ascii=False, indent=2))
    else:
        print(f"delivered {report.delivered} (replayed {report.replayed}), "
              f"retry later {report.retry_later}, rejected {report.rejected}, "
              f"purged {report.purged}")
        print(f"catalogue: {report.catalogue}; heartbeat: {report.heartbeat}")
        for error in report.errors:
            print(f"  problem: {error}")
        print(f"queue: {status.queued} waiting"
              + (f", oldest {status.oldest_queued_age_s:.0f} s" if status.queued else ""))
    if not status.enrolled:
        return 2
    return 0 if not report.errors else 1


def send_again_command(config: KioskConfig, data_dir: Path, tracking_number: str) -> int:
    """`kiosk outbox --send-again TRACKING`: the item goes back in the queue; the running
    kiosk sends it at its next round."""
    with open_store(config, data_dir) as store:
        if not store.outbox.send_again(tracking_number):
            print(f"kiosk: no set-aside item has tracking number {tracking_number}",
                  file=sys.stderr)
            return 1
        store.audit.record("-", "technician_send_again", tracking_number=tracking_number)
    print(f"{tracking_number} queued again")
    return 0


def outbox_command(config: KioskConfig, data_dir: Path, as_json: bool,
                   include_done: bool) -> int:
    with open_store(config, data_dir) as store:
        rows = store.outbox.queue_rows(include_done=include_done)
        status = _engine(store, config).status()
    if as_json:
        print(json.dumps({"status": status.as_dict(), "items": [asdict(r) for r in rows]},
                         ensure_ascii=False, indent=2))
        return 0
    link = f"terminal {status.terminal_id}" if status.enrolled else "not enrolled"
    print(f"{status.queued} waiting, {status.rejected} set aside ({link})"
          + ("  ALERT: the oldest has waited too long" if status.waited_too_long else "")
          + ("  ALERT: items set aside, their residents must be told" if status.rejected
             else ""))
    for r in rows:
        if r.state == "rejected":
            print(f"  {r.tracking_number}  {r.kind:<11} {r.service_code:<12} set aside "
                  f"attempts={r.attempts}\n"
                  f"      why: {refusals.why_in_english(r.last_error)}\n"
                  f"      detail: {r.last_error or '-'}\n"
                  f"      resident: {refusals.advice_in_english(r.tracking_number)}")
            continue
        print(f"  {r.tracking_number}  {r.kind:<11} {r.service_code:<12} {r.state:<9} "
              f"attempts={r.attempts} {r.case_number or ''} {r.last_error or ''}".rstrip())
    return 0
