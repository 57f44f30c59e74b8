"""The sync engine: on its own thread, it drains the outbox, keeps the catalogue current
and reports the terminal's health, each on its own schedule, independently.

- Uploads go oldest first, one resident's items in order; an item that fails for its own
  reason is retried later on its own backoff while the rest go on; an item the platform
  refuses for good (invalid, its tracking number taken, its id reused) is set aside
  (rejected) with its reason, and raises the technicians' alert: it is never dropped,
  and never retried for ever (refusals.py).
- A link failure (no network, timeouts, something that is not the platform answering)
  stops the round and backs off exponentially with jitter, capped, forever.
- Delivered means the platform's answer named the item; then, after the retention, the
  item's personal data is purged here.
- Every time kept comes from the platform's clock (`X-Server-Time`), not the terminal's.
- Waits in memory run on the monotonic clock, so a step of the wall clock (a time
  server correcting it, a technician setting it) never holds syncing back. Retry times
  stored with an item are wall time; one further ahead than the longest backoff was set
  before the clock stepped back, and counts as due now.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import random
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING
from urllib.parse import quote

from kiosk.catalogue.model import IdentityProof
from kiosk.catalogue.repository import Catalogue
from kiosk.config import PlatformConfig
from kiosk.elicences import Licence, licences_from_answer
from kiosk.identity import Identity
from kiosk.sync import refusals
from kiosk.sync.errors import (
    CREDENTIAL,
    GARBAGE,
    REFUSED,
    UNREACHABLE,
    PlatformError,
)
from kiosk.sync.payments import (
    ALREADY_PAID,
    NOT_PAYABLE,
    REQUEST_ID_REUSED,
    TIER_UNKNOWN,
    PaymentOrder,
    PaymentRefused,
    read_order,
)
from kiosk.sync.records import (
    BUSY,
    FETCH_ROWS,
    NO_ANSWER,
    NOT_LINKED,
    NOT_OFFERED,
    PROOF_AGAIN,
    IssuedProof,
    RecordAnswer,
    RecordUnavailable,
    read_issued_proof,
    read_record,
)
from kiosk.sync.records import UNREACHABLE as RECORD_UNREACHABLE
from kiosk.sync.visit_proof import (
    REGISTERED_KEY,
    card_read_proof,
    eid_proof,
    new_signing_key,
    public_key_text,
)
from offline_cache.keys import KeyMissing
from offline_cache.platform_link import PlatformLink
from offline_cache.store import StorageUnavailable

if TYPE_CHECKING:
    from kiosk.update.download import SoftwareDownloads

log = logging.getLogger(__name__)

KIOSK_VERSION = "0.1.0"
COMMANDS_TO_ACK = "commands.to_ack"
OUT_OF_SERVICE = "out_of_service"
CLOCK_OFFSET = "clock.offset_s"
BATCH = 20
LOOKUP_TIMEOUT_S = 3.0
# Creating a payment order is asked again when its answer was lost (the platform answers
# the same order): a resident at the QR screen waits at most a few seconds more.
PAYMENT_CREATE_ATTEMPTS = 3
PAYMENT_RETRY_PAUSE_S = 0.5
_PAYMENT_REFUSALS = frozenset({ALREADY_PAID, NOT_PAYABLE, TIER_UNKNOWN, REQUEST_ID_REUSED})
TASKS = ("uploads", "catalogue", "heartbeat", "software")
SALVAGE_REPORTS_SENT = 3  # the latest; older ones stay in the store
# Failures that say the link is down (or this terminal is refused), not one call's trouble.
LINK_FAILURES = (UNREACHABLE, GARBAGE, CREDENTIAL)


@dataclass(frozen=True)
class SyncStatus:
    """What the screens and the technician see of the link; no personal data."""

    enrolled: bool
    terminal_id: str | None = None
    online: bool | None = None  # None: not tried yet
    last_contact_at: str | None = None  # the platform's clock
    last_error: str | None = None  # plain English, for the technician
    credential_refused: bool = False
    queued: int = 0
    oldest_queued_age_s: float | None = None
    rejected: int = 0  # set aside: each needs a person (refusals.py)
    waited_too_long: bool = False  # the oldest item has waited longer than alert_after_s
    alert: bool = False  # a person must act: waited too long, or items set aside
    catalogue_revision: int | None = None
    catalogue_error: str | None = None
    out_of_service: bool = False
    next_retry_in_s: float | None = None

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class CycleReport:
    delivered: int = 0
    replayed: int = 0
    retry_later: int = 0
    rejected: int = 0
    uploaded_bytes: int = 0
    catalogue: str = "not run"
    software: str = "not run"
    heartbeat: str = "not run"
    commands: list[str] = field(default_factory=list)
    purged: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


class EidUnavailable(Exception):
    """An e-ID code cannot be checked now (offline, or not enrolled)."""


class EidRefused(Exception):
    """The platform says the e-ID code is not good (expired, used, forged)."""


class LinkDown(Exception):
    """The round stops: the platform cannot be reached (or refuses this terminal)."""


def server_time_iso(header: str | None) -> str | None:
    """The platform's X-Server-Time in the store's own ISO format, or None."""
    if not header:
        return None
    try:
        moment = dt.datetime.fromisoformat(header)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds")


class SyncEngine:
    def __init__(self, store, config: PlatformConfig, *, retention_days: int,
                 health: Callable[[], dict] | None = None,
                 technician: Callable[[], dict] | None = None,
                 on_catalogue: Callable[[Catalogue], None] = lambda catalogue: None,
                 on_command: Callable[[str], None] = lambda command: None,
                 clock: Callable[[], float] = time.time,
                 monotonic: Callable[[], float] = time.monotonic,
                 rng: random.Random | None = None,
                 software: SoftwareDownloads | None = None,
                 log_bundle: Callable[[], bytes] | None = None):
        self._store = store
        self._log_bundle = log_bundle  # what send_logs sends (kiosk/logs.py)
        self._software = software  # None: not an installed terminal taking updates
        self._config = config
        self._retention = dt.timedelta(days=retention_days)
        self._health = health or (lambda: {})
        self._technician = technician or (lambda: {})  # the maintenance PIN's refusals
        self._on_catalogue = on_catalogue
        self._on_command = on_command
        self._clock = clock  # wall time: the retry times stored with items
        self._monotonic = monotonic  # every wait kept in memory
        self._rng = rng or random.Random()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._failures = 0  # link failures in a row
        self._link_retry_at = 0.0  # monotonic, as every time in self._due
        self._due = dict.fromkeys(TASKS, 0.0)
        self._task_failures = dict.fromkeys(self._due, 0)
        self._client = None  # the PlatformClient for the link, made on first use
        self._catalogue_sync = None  # kept from one catalogue sync to the next
        self._link: PlatformLink | None = None
        self._alerting = False
        self._clock_offset: float | None = None  # the platform's clock minus ours, seconds
        self._signing_key_refused = False  # tried once this run, and it cannot be done
        self._status = SyncStatus(enrolled=False)
        self._reload_link()
        self._refresh_from_store()

    # -- control, from any thread ------------------------------------------------------

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="sync", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        if self._client is not None:
            self._client.close()

    def wake(self) -> None:
        """Something was filed: try to send it now (unless the link is backing off)."""
        self._due["uploads"] = 0.0
        self._wake.set()

    def sync_now(self) -> None:
        """Everything now, the link's backoff too (a technician's or the platform's ask)."""
        self._link_retry_at = 0.0
        for task in self._due:
            self._due[task] = 0.0
        self._wake.set()

    def relink(self) -> None:
        """The terminal was (re-)enrolled: use the new link from the store, now."""
        self._reload_link()
        self.sync_now()

    def status(self) -> SyncStatus:
        self._refresh_from_store()  # cheap (an index), and residents file between rounds
        with self._lock:
            status = self._status
        if status.next_retry_in_s is not None:
            left = self._link_retry_at - self._monotonic()
            status = replace(status, next_retry_in_s=max(0.0, left))
        return status

    # -- asked by a resident's look-up, on the UI thread ------------------------------------

    def cases_for(self, identity: Identity, visit: str) -> list[dict] | None:
        """The platform's cases filed by the resident `identity` proves in the visit
        `visit` (the session id), or None when the platform cannot be asked now. The
        query carries the proof the platform asks for (kiosk/sync/visit_proof): a card
        read signed with this terminal's key, or the e-ID grant; a typed number is no
        proof and is never sent. POST, so the number is in no URL. Short timeouts."""
        link = self._link
        if link is None or self.status().online is False:
            return None
        proof = self._visit_proof(identity, visit, link)
        if proof is None:
            return None
        client = self._quick_client(link)
        try:
            answer = client.call("POST", "/v1/cases/search",
                                 json_body={"id_number": identity.id_number, "proof": proof})
        except PlatformError as exc:
            log.warning("could not ask the platform for a resident's cases: %s", exc.message)
            return None
        finally:
            client.close()
        body = answer.body
        cases = body.get("cases") if isinstance(body, dict) else body
        if not isinstance(cases, list):
            return None
        return [case for case in cases if isinstance(case, dict)]

    def elicences_for(self, identity: Identity, visit: str,
                      types: tuple[str, ...] = ()) -> list[Licence] | None:
        """The licences the e-licence library holds for the resident `identity` proves in
        the visit `visit` (of `types`, or all), or None when the library cannot be asked
        now or does not answer: the resident then photographs the paper, as offline.
        The same proof as `cases_for`, the same short timeouts; called off the UI thread
        (a resident waits), and nothing personal is logged."""
        try:
            body = self._resident(identity, visit) | ({"types": list(types)} if types else {})
            return licences_from_answer(self._ask("/v1/elicences/search", body))
        except RecordUnavailable:
            return None

    def _visit_proof(self, identity: Identity, visit: str, link: PlatformLink) -> dict | None:
        if identity.proof is IdentityProof.E_ID_QR:
            return eid_proof(identity.platform_grant) if identity.platform_grant else None
        if not identity.is_proof or not visit:
            return None
        try:
            key = self._store.platform.signing_key()
        except KeyMissing as exc:
            log.error("%s", exc)
            return None
        if key is None:
            log.warning("no signing key yet: a resident's cases cannot be asked for")
            return None
        offset = self._store.platform.get(CLOCK_OFFSET)
        read_at = identity.proven_at + (float(offset) if offset else 0.0)
        return card_read_proof(key, terminal_id=link.terminal_id, session_id=visit,
                               id_number=identity.id_number, card_kind=identity.proof.value,
                               read_at=dt.datetime.fromtimestamp(read_at, dt.UTC))

    def record(self, service_code: str, identity: Identity | None, visit: str, *,
               answers: dict[str, str] | None = None, page: int = 1) -> RecordAnswer:
        """One page (FETCH_ROWS rows) of the record a look-up item answers: a personal record of the
        resident `identity` proves in the visit `visit`, or (identity None) the public
        reference data the item's `answers` ask for. Raises RecordUnavailable, whose
        reason tells a network that does not answer from a platform that answers wrongly.
        Called off the UI thread: the screen shows that it is asking meanwhile."""
        body: dict = {"service_code": service_code, "page": page, "page_size": FETCH_ROWS,
                      "answers": answers or {}}
        if identity is not None:
            body |= self._resident(identity, visit)
        return read_record(self._ask("/v1/records/query", body))

    def issue_proof(self, service_code: str, identity: Identity, visit: str,
                    request_id: str, answers: dict[str, str] | None = None) -> IssuedProof:
        """The platform's proof of the resident's record, as the look-up's `answers`
        asked for it, with its verification code. The same `request_id` (one per proof per
        visit) answers the same proof again, so a reprint after a paper jam carries the
        same code."""
        body = {"service_code": service_code, "request_id": request_id,
                "answers": answers or {}, **self._resident(identity, visit)}
        return read_issued_proof(self._ask("/v1/proofs", body, expect=(200, 201)))

    # -- fees paid by QR code (kiosk/sync/payments) ---------------------------------------

    def create_payment(self, *, service_code: str, identity: Identity, visit: str,
                       request_id: str, tier: str | None, for_id_number: str | None,
                       test: bool) -> PaymentOrder:
        """The platform's order for this visit's fee. The same `request_id` (one per
        visit) always answers the same order, so the call is retried when the answer was
        lost on the way (the order may exist): never a second order, never a second
        charge. Raises PaymentRefused (already paid, not payable...) or RecordUnavailable.
        Called off the UI thread."""
        body = {"request_id": request_id, "service_code": service_code, "tier": tier,
                "for_id_number": for_id_number, "test": test,
                **self._resident(identity, visit)}
        for attempt in range(PAYMENT_CREATE_ATTEMPTS):
            try:
                return read_order(self._ask("/v1/payments", body, expect=(200, 201),
                                            refused=_PAYMENT_REFUSALS))
            except RecordUnavailable as exc:
                if exc.reason not in (RECORD_UNREACHABLE, NO_ANSWER) \
                        or attempt == PAYMENT_CREATE_ATTEMPTS - 1:
                    raise
                time.sleep(PAYMENT_RETRY_PAUSE_S * (attempt + 1))
        raise AssertionError("unreachable")

    def payment_status(self, order_number: str) -> PaymentOrder:
        """How the order stands now (paid, still awaiting, expired...). Raises
        RecordUnavailable; the screen keeps asking."""
        link = self._link
        if link is None:
            raise RecordUnavailable(NOT_LINKED)
        client = self._quick_client(link)
        try:
            return read_order(client.call("GET", f"/v1/payments/{quote(order_number)}").body)
        except PlatformError as exc:
            log.warning("a payment's state was not answered: %s", exc.message)
            raise RecordUnavailable(_why_unanswered(exc), exc.message) from None
        finally:
            client.close()

    def server_now(self) -> dt.datetime:
        """The platform's time as this terminal reckons it (a payment's countdown)."""
        return dt.datetime.fromtimestamp(self._server_now(), dt.UTC)

    def _resident(self, identity: Identity, visit: str) -> dict:
        link = self._link
        if link is None:
            raise RecordUnavailable(NOT_LINKED)
        proof = self._visit_proof(identity, visit, link)
        if proof is None:  # a typed number, or no signing key yet: nothing to prove with
            raise RecordUnavailable(PROOF_AGAIN, "no proof from this visit to send")
        return {"id_number": identity.id_number, "proof": proof}

    def _ask(self, path: str, body: dict, expect: tuple[int, ...] = (200,),
             refused: frozenset[str] = frozenset()):
        """POST a resident's question; the answer's body, or RecordUnavailable (or
        PaymentRefused for an error code in `refused`)."""
        link = self._link
        if link is None:
            raise RecordUnavailable(NOT_LINKED)
        if self.status().online is False:
            raise RecordUnavailable(RECORD_UNREACHABLE, "the last round found no platform")
        client = self._quick_client(link)
        try:
            return client.call("POST", path, json_body=body, expect=expect).body
        except PlatformError as exc:
            if exc.code in refused:
                raise PaymentRefused(exc.code) from None
            log.warning("a resident's look-up (%s) was not answered: %s", path, exc.message)
            raise RecordUnavailable(_why_unanswered(exc), exc.message) from None
        finally:
            client.close()

    def verify_eid(self, token: str) -> dict:
        """The identity the platform vouches for in an e-ID QR token: {name, id_number,
        grant} (the grant proves the resident to this visit's case queries).
        Raises EidUnavailable (no platform now: the code is no proof offline) or
        EidRefused (expired, used, not the platform's)."""
        link = self._link
        if link is None:
            raise EidUnavailable("this terminal is not enrolled with a platform")
        client = self._quick_client(link)
        try:
            answer = client.call("POST", "/v1/eid/verify", json_body={"token": token})
        except PlatformError as exc:
            if exc.kind == REFUSED or exc.status == 409:
                raise EidRefused(exc.code or exc.message) from None
            raise EidUnavailable(exc.message) from None
        finally:
            client.close()
        body = answer.body
        if not (isinstance(body, dict) and isinstance(body.get("id_number"), str)
                and isinstance(body.get("name"), str)):
            raise EidUnavailable("the platform's answer names nobody")
        grant = body.get("case_grant")  # proves the resident to this visit's case look-up
        return {"name": body["name"], "id_number": body["id_number"],
                "grant": grant if isinstance(grant, str) else ""}

    def _quick_client(self, link: PlatformLink):
        """For a call a resident waits for: short timeouts, its own connection."""
        from kiosk.sync.client import PlatformClient

        return PlatformClient(link.url, token=link.token, ca_file=self._config.ca_file,
                              connect_timeout_s=min(LOOKUP_TIMEOUT_S,
                                                    self._config.connect_timeout_s),
                              read_timeout_s=min(LOOKUP_TIMEOUT_S, self._config.read_timeout_s))

    # -- one round, all of it (kiosk sync --once) ----------------------------------------

    def run_once(self, tasks: tuple[str, ...] = TASKS) -> CycleReport:
        """Each of `tasks` once, now, whatever the schedule; a link failure ends a task."""
        report = CycleReport()
        if self._link is None:
            report.errors.append("not enrolled: run kiosk enroll --platform URL --code CODE")
            return report
        for task in tasks:
            try:
                self._run(task, report)
            except LinkDown:
                pass
        return report

    # -- the thread ------------------------------------------------------------------------

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                self._run_due()
            except Exception as exc:  # noqa: BLE001 - a bug here must not end syncing
                log.exception("sync round failed: %s", type(exc).__name__)
                self._link_failed(f"internal error: {type(exc).__name__}")
            self._wake.wait(self._seconds_to_next())

    def _run_due(self) -> None:
        if self._link is None:
            self._reload_link()
            if self._link is None:
                return
        if self._monotonic() < self._link_retry_at:
            return
        for task in TASKS:
            if self._stop.is_set() or self._monotonic() < self._due[task]:
                continue
            try:
                self._run(task, CycleReport())
            except LinkDown:
                return

    def _seconds_to_next(self) -> float:
        if self._link is None:
            return 30.0
        next_at = max(self._link_retry_at, min(self._due.values()))
        return min(max(0.05, next_at - self._monotonic()), 60.0)

    def _run(self, task: str, report: CycleReport) -> None:
        intervals = {"uploads": self._config.upload_interval_s,
                     "catalogue": self._config.catalogue_interval_s,
                     "heartbeat": self._config.heartbeat_interval_s,
                     "software": self._config.software_interval_s}
        self._due[task] = self._monotonic() + intervals[task]
        try:
            {"uploads": self._uploads, "catalogue": self._catalogue,
             "heartbeat": self._heartbeat, "software": self._check_software}[task](report)
            self._task_failures[task] = 0
        except PlatformError as exc:
            report.errors.append(exc.message)
            if exc.kind in LINK_FAILURES:
                self._platform_failed(exc)
                raise LinkDown from None
            # The platform answered, but not this task (a server error on the catalogue,
            # say): only this task waits; the others go on.
            self._task_failures[task] += 1
            self._due[task] = self._monotonic() + self._backoff(self._task_failures[task], exc)
            log.warning("sync %s failed (%s); trying it again later", task, exc.message)
        except StorageUnavailable as exc:  # the local disk: nothing to send from or to
            report.errors.append(f"local store: {exc.message}")
            log.error("sync %s stopped: local store %s", task, exc.reason)
        finally:
            self._refresh_from_store()
        if task == "uploads":
            pending = self._store.outbox.next_attempt_at(self._clock(), self._retry_horizon())
            if pending is not None:
                wait = max(0.0, pending - self._clock())
                self._due["uploads"] = min(self._due["uploads"], self._monotonic() + wait)

    # -- uploads -----------------------------------------------------------------------

    def _uploads(self, report: CycleReport) -> None:
        from kiosk.sync.uploads import LocalDamage, Uploader

        uploader = Uploader(self._store, self._link_client(),
                            chunk_bytes=self._config.chunk_kib * 1024)
        outbox = self._store.outbox
        while not self._stop.is_set():
            batch = outbox.deliverable(self._clock(), limit=BATCH,
                                       horizon=self._retry_horizon())
            if not batch:
                break
            for entry in batch:
                if self._stop.is_set():
                    break
                outbox.mark_sending(entry.client_id)
                try:
                    delivery = uploader.deliver(entry)
                except PlatformError as exc:
                    self._item_failed(entry, exc, report)
                    continue
                except LocalDamage as exc:
                    self._set_aside(entry, refusals.damaged_here(str(exc)), report)
                    continue
                delivered_at = server_time_iso(delivery.server_time)
                outbox.mark_delivered(entry.client_id, case_number=delivery.case_number,
                                      delivered_at=delivered_at)
                self._contact(delivery.server_time)
                report.delivered += 1
                report.replayed += delivery.replayed
                report.uploaded_bytes += delivery.uploaded_bytes
        report.purged = self._purge()

    def _item_failed(self, entry, exc: PlatformError, report: CycleReport) -> None:
        outbox = self._store.outbox
        set_aside = refusals.unresolvable(exc)
        if set_aside is not None:
            self._set_aside(entry, set_aside, report)
            return
        if exc.kind in LINK_FAILURES:
            outbox.requeue(entry.client_id, exc.message)
            raise exc  # the link, not the item: the round stops
        # This item's own trouble (a server error on it, a conflict): later, on its own clock.
        outbox.requeue(entry.client_id, exc.message,
                       not_before=self._clock() + self._backoff(entry.attempts + 1, exc))
        report.retry_later += 1

    def _set_aside(self, entry, set_aside: refusals.SetAside, report: CycleReport) -> None:
        """Sending it again cannot help: kept for a person, with its reason; alerted."""
        self._store.outbox.mark_rejected(entry.client_id, set_aside.stored())
        log.error("item %s set aside, %s: %s", entry.tracking_number, set_aside.stored(),
                  refusals.advice_in_english(entry.tracking_number))
        report.rejected += 1

    def _purge(self) -> int:
        cutoff = dt.datetime.fromtimestamp(self._server_now(), dt.UTC) - self._retention
        purged = self._store.outbox.purge_delivered(cutoff.isoformat(timespec="milliseconds"))
        if purged:
            log.info("purged the personal data of %d delivered item(s)", purged)
        return purged

    # -- catalogue ---------------------------------------------------------------------

    def _catalogue(self, report: CycleReport) -> None:
        from kiosk.sync.catalogue_check import CatalogueCheckFailed
        from kiosk.sync.catalogue_sync import CatalogueRefused, CatalogueSync

        if self._catalogue_sync is None:
            self._catalogue_sync = CatalogueSync(self._store, self._link_client(), self._link,
                                                 self._on_catalogue)
        try:
            outcome = self._catalogue_sync.run()
        except CatalogueRefused as exc:
            report.catalogue = f"refused: {exc}"
            log.error("catalogue from the platform refused, the last good one keeps serving:"
                      " %s", exc)
            self._set(catalogue_error=str(exc))
            self._contact(None)
            return
        except CatalogueCheckFailed as exc:
            report.catalogue = f"failed: {exc}"
            log.error("catalogue sync failed, the last good one keeps serving: %s", exc)
            return
        report.catalogue = (f"revision {outcome.revision}: {outcome.items} items"
                            f" ({'in full' if outcome.full else 'changes only'})"
                            if outcome.changed else f"unchanged (revision {outcome.revision})")
        self._set(catalogue_error=None)
        self._contact(None)

    # -- software updates ----------------------------------------------------------------

    def _check_software(self, report: CycleReport) -> None:
        if self._software is None:
            report.software = "not an installed terminal taking updates"
            return
        report.software = self._software.check(self._link_client())

    # -- heartbeat and commands --------------------------------------------------------------

    def _heartbeat(self, report: CycleReport) -> None:
        self._register_signing_key()
        platform = self._store.platform
        acked = json.loads(platform.get(COMMANDS_TO_ACK, "[]"))
        status = self.status()
        disk = shutil.disk_usage(self._store.data_dir)
        body = {
            "devices": self._health(),
            "technician": self._technician(),
            # Damaged stores salvaged on this terminal: items recovered and lost, by number.
            "store": {"salvage": [report.as_dict() for report
                                  in self._store.salvage_reports()[:SALVAGE_REPORTS_SENT]]},
            "queue": {"depth": status.queued, "oldest_age_seconds": status.oldest_queued_age_s,
                      "set_aside": status.rejected},
            "disk": {"free_bytes": disk.free, "total_bytes": disk.total},
            "versions": {"kiosk": KIOSK_VERSION,
                         "catalogue": str(status.catalogue_revision or "")},
            "sent_at": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
            "acknowledged_commands": acked,
        }
        answer = self._link_client().call("POST", "/v1/heartbeats", json_body=body)
        self._contact(answer.header("X-Server-Time"))
        commands = answer.body.get("commands") if isinstance(answer.body, dict) else None
        if not isinstance(commands, list):
            raise PlatformError(GARBAGE, "POST /v1/heartbeats: the answer has no commands list")
        fresh = [c for c in commands if isinstance(c, dict) and isinstance(c.get("id"), int)
                 and c["id"] not in acked and isinstance(c.get("command"), str)]
        taken = answer.body.get("acknowledged_commands")
        taken = {i for i in taken if isinstance(i, int)} if isinstance(taken, list) else set()
        # Remembered before acted on (a restart command must not restart the terminal
        # twice), and acknowledged in every heartbeat until the platform says it has it.
        to_ack = (set(acked) - taken) | {c["id"] for c in fresh}
        if to_ack != set(acked):  # a durable write only when the list changes
            platform.put({COMMANDS_TO_ACK: json.dumps(sorted(to_ack))})
        report.heartbeat = "sent"
        for command in fresh:
            self._command(command["command"])
            report.commands.append(command["command"])

    def _register_signing_key(self) -> None:
        """A terminal enrolled before it had a signing key makes one (in the key
        directory) and registers its public half with its credential, once; without it
        the platform answers no resident's case look-up."""
        if self._signing_key_refused:
            return
        platform = self._store.platform
        try:
            key = platform.signing_key()
            if key is None:
                key = new_signing_key()
                platform.save_signing_key(key)
        except (KeyMissing, OSError) as exc:
            log.error("the terminal's signing key: %s", exc)
            self._signing_key_refused = True
            return
        public = public_key_text(key)
        if platform.get(REGISTERED_KEY) == public:
            return
        try:
            self._link_client().call("POST", "/v1/terminal/signing-key", expect=(200, 201),
                                     json_body={"public_key": public})
        except PlatformError as exc:
            if exc.kind in LINK_FAILURES:
                raise
            # 409: the platform holds another key for this terminal (this one's key
            # directory was replaced); only a new enrollment gives it a new one.
            log.error("the platform did not take this terminal's signing key (%s): residents'"
                      " case look-ups need a new enrollment", exc.message)
            self._signing_key_refused = True
            return
        platform.put({REGISTERED_KEY: public})
        log.info("registered this terminal's signing key with the platform")

    def _command(self, command: str) -> None:
        log.info("remote command from the platform: %s", command)
        if command == "sync_now":
            self.sync_now()
        elif command in ("out_of_service", "back_in_service"):
            out = command == "out_of_service"
            self._store.platform.put({OUT_OF_SERVICE: "1" if out else None})
            self._set(out_of_service=out)
        elif command == "send_logs":
            self._send_logs()
        self._on_command(command)

    def _send_logs(self) -> None:
        """The log bundle (kiosk/logs.py) to the platform, as an operator asked. Once: a
        bundle that does not get there is asked for again by the operator."""
        if self._log_bundle is None:
            log.warning("remote command send_logs: this kiosk makes no log bundle")
            return
        try:
            bundle = self._log_bundle()
            self._link_client().call("POST", "/v1/logs", data=bundle, expect=(201,),
                                     headers={"Content-Type": "application/octet-stream"})
        except PlatformError as exc:
            log.warning("the log bundle did not reach the platform: %s", exc.message)
        except OSError as exc:
            log.warning("no log bundle made: %s", exc.strerror or type(exc).__name__)
        else:
            log.info("log bundle sent to the platform (%d bytes)", len(bundle))

    # -- bookkeeping -------------------------------------------------------------------------

    def _reload_link(self) -> None:
        try:
            link = self._store.platform.load()
        except KeyMissing as exc:  # a damaged identity file: said, and enroll again
            log.error("%s", exc)
            self._set(enrolled=False, last_error=str(exc))
            return
        if link is None:
            self._set(enrolled=False)
            return
        url = self._config.url or link.url
        self._link = replace(link, url=url)
        if self._client is not None:
            self._client.close()
        self._client = self._catalogue_sync = None  # made again for the new link
        self._signing_key_refused = False
        self._set(enrolled=True, terminal_id=link.terminal_id,
                  out_of_service=self._store.platform.get(OUT_OF_SERVICE) == "1")

    def _link_client(self):
        """The link's client (requests is imported here, on the sync thread, not at start)."""
        if self._client is None:
            from kiosk.sync.client import PlatformClient

            link = self._link
            self._client = PlatformClient(
                link.url, token=link.token, ca_file=self._config.ca_file,
                connect_timeout_s=self._config.connect_timeout_s,
                read_timeout_s=self._config.read_timeout_s,
                user_agent=f"one-terminal-kiosk/{KIOSK_VERSION} ({link.terminal_id})")
        return self._client

    def _contact(self, server_time: str | None) -> None:
        """The platform answered as itself: the link is up."""
        self._failures = 0
        self._link_retry_at = 0.0
        at = server_time_iso(server_time)
        if at is not None:
            offset = dt.datetime.fromisoformat(at).timestamp() - time.time()
            if self._clock_offset is None or abs(offset - self._clock_offset) > 1.0:
                self._store.platform.put({CLOCK_OFFSET: f"{offset:.3f}"})  # a write when
                self._clock_offset = offset  # the clocks drift apart, not every answer
        self._set(online=True, last_error=None, credential_refused=False,
                  next_retry_in_s=None,
                  last_contact_at=at or self._status.last_contact_at)

    def _platform_failed(self, exc: PlatformError) -> None:
        if exc.kind == CREDENTIAL:
            self._failures = max(self._failures, 30)  # the longest wait: a person must act
            log.error("the platform refuses this terminal's credential: %s", exc.message)
            self._set(credential_refused=True)
        self._link_failed(exc.message, exc)

    def _link_failed(self, message: str, exc: PlatformError | None = None) -> None:
        self._failures += 1
        delay = self._backoff(self._failures, exc)
        self._link_retry_at = self._monotonic() + delay
        log.warning("platform not reachable (%s); trying again in %.1f s", message, delay)
        self._set(online=False, last_error=message, next_retry_in_s=delay)

    def _backoff(self, failures: int, exc: PlatformError | None = None) -> float:
        """Exponential with "equal jitter": half the step fixed, half random; capped."""
        config = self._config
        step = min(config.backoff_max_s, config.backoff_initial_s * 2 ** min(failures - 1, 30))
        delay = step / 2 + self._rng.uniform(0, step / 2)
        if exc is not None and exc.retry_after:
            delay = max(delay, min(exc.retry_after, config.backoff_max_s))
        return delay

    def _retry_horizon(self) -> float:
        """No item's stored retry time is set further ahead than this (the longest
        backoff, which also caps a Retry-After); one that is was set before the wall
        clock stepped back."""
        return self._config.backoff_max_s

    def _server_now(self) -> float:
        offset = self._store.platform.get(CLOCK_OFFSET)
        return time.time() + (float(offset) if offset else 0.0)

    def _refresh_from_store(self) -> None:
        try:
            queued, oldest = self._store.outbox.queue_summary()
            rejected = self._store.outbox.count_in_state("rejected")
            revision = self._store.platform.get("catalogue.revision")
        except (StorageUnavailable, Exception):  # noqa: BLE001 - status only
            return
        age = None
        if oldest is not None:
            age = max(0.0, time.time() - dt.datetime.fromisoformat(oldest).timestamp())
        waited = age is not None and age > self._config.alert_after_s
        if waited and not self._alerting:
            log.error("the oldest queued item has waited %.0f s (alert after %.0f s): "
                      "check the network and the platform", age, self._config.alert_after_s)
        self._alerting = waited
        self._set(queued=queued, oldest_queued_age_s=age, rejected=rejected,
                  waited_too_long=waited, alert=waited or rejected > 0,
                  catalogue_revision=None if revision is None else int(revision))

    def _set(self, **changes) -> None:
        with self._lock:
            self._status = replace(self._status, **changes)


def _why_unanswered(exc: PlatformError) -> str:
    if exc.kind == UNREACHABLE:
        return RECORD_UNREACHABLE
    if exc.code and exc.code.startswith("proof_"):
        return PROOF_AGAIN
    if exc.status == 429:
        return BUSY
    if exc.status == 404:
        return NOT_OFFERED
    return NO_ANSWER
