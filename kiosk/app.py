"""The composition root: the one place that builds the store, catalogue, devices and session.

Screens, the demo, burn-in and tests all get a `Kiosk` from here and call its methods;
nothing else news up devices or opens the store.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from drivers.base import DeviceError, DeviceState
from drivers.id_reader.protocol import CardRefused
from drivers.manager import DeviceManager
from kiosk.catalogue.model import ServiceItem
from kiosk.catalogue.repository import Catalogue, open_catalogue
from kiosk.config import KioskConfig
from kiosk.handwriting import HandwritingRecognizer, HandwritingUnavailable, handwriting_dir
from kiosk.i18n import QT_TRANSLATE_NOOP, Message
from kiosk.identity import (
    CARD_MISREAD,
    Identity,
    identity_from_eid,
    identity_from_id_card,
    identity_from_social_security_card,
)
from kiosk.journeys import (
    ApplyJourney,
    ComplainJourney,
    CorrectionAsked,
    CorrectionJourney,
    GuideJourney,
    Journey,
    JourneyContext,
    JourneyError,
    LifeEventJourney,
    LookupJourney,
    PayJourney,
    RateJourney,
)
from kiosk.logs import make_bundle, write_device_states
from kiosk.memory import limit_heap_growth, return_free_memory
from kiosk.receipts import (
    application_receipt,
    as_text,
    materials_checklist,
    payment_receipt,
    record_receipt,
)
from kiosk.session import Session
from kiosk.storage import open_store
from kiosk.sync.engine import EidRefused, EidUnavailable, SyncEngine, SyncStatus
from kiosk.technician import TechnicianGate
from kiosk.update.download import software_downloads
from kiosk.usage import MOST_USED_LIMIT, ItemUsage, most_used
from kiosk.voice import VoiceGuide
from kiosk.wiring import build_devices
from offline_cache.store import StorageUnavailable

log = logging.getLogger(__name__)

MB = 1024 * 1024
PRINT_WAIT_S = 60.0  # a printer job has its own timeouts; this only bounds a hung driver

SUBMISSIONS_CLOSED = QT_TRANSLATE_NOOP(
    "kiosk",
    "本机暂时不能提交申请（存储空间不足或存储故障），已通知维护人员。"
    "办事指南、查询等功能仍可使用；需要提交的业务请到人工窗口办理。",
)
EVENT_INCOMPLETE = QT_TRANSLATE_NOOP(
    "kiosk", "“{name}”这台机器暂时办不全，请分开办理其中的事项，或拨打{hotline}咨询。")
CORRECTION_ITEM_GONE = QT_TRANSLATE_NOOP(
    "kiosk", "这项业务这台机器暂时不能补正，请到办理部门的窗口补正。")
RECEIPT_NOT_PRINTED = QT_TRANSLATE_NOOP(
    "kiosk",
    "回执打印不出来（打印机{problem}）。已经提交成功，请记下受理编号，"
    "或用手机拍下屏幕上的二维码，凭它查询进度。",
)
TAKE_YOUR_RECEIPT = QT_TRANSLATE_NOOP("kiosk", "请取走打印出来的回执，凭它查询办理进度。")
CHECKLIST_NOT_PRINTED = QT_TRANSLATE_NOOP(
    "kiosk", "材料清单打印不出来（打印机{problem}）。您可以用手机拍下屏幕上的清单。"
)
RECORD_NOT_PRINTED = QT_TRANSLATE_NOOP(
    "kiosk", "查询结果打印不出来（打印机{problem}）。您可以用手机拍下屏幕。"
)
PRINTER_PROBLEMS = {
    DeviceState.PAPER_OUT: QT_TRANSLATE_NOOP("kiosk", "缺纸"),
    DeviceState.COVER_OPEN: QT_TRANSLATE_NOOP("kiosk", "盖子没有关好"),
    DeviceState.NO_DEVICE: QT_TRANSLATE_NOOP("kiosk", "没有连接"),
}
PRINTER_FAULT = QT_TRANSLATE_NOOP("kiosk", "故障")
EID_OFFLINE = QT_TRANSLATE_NOOP(
    "kiosk", "手机上的电子证照二维码需要联网核验，网络暂时不通。请刷身份证或社保卡。")
EID_REFUSED = QT_TRANSLATE_NOOP(
    "kiosk", "这个二维码不能使用（可能已过期或已经用过）。请在手机上刷新二维码后再试，或刷身份证。")
EID_PREFIX = "EID1."


@dataclass(frozen=True)
class PrintOutcome:
    printed: bool
    message: Message | None  # for the resident when it did not print


class Kiosk:
    def __init__(
        self,
        config: KioskConfig,
        data_dir: Path,
        *,
        devices: dict | None = None,
        test_traffic: bool = False,
        now: Callable[[], dt.datetime] | None = None,
        demo: bool = False,
    ):
        self.config = config
        self.demo = demo
        # The way into maintenance; the demo's PIN opens it only in the demo. The terminal's,
        # not a visit's: wrong PINs count across visits.
        self.technician_gate = TechnicianGate(config.technician.stored_pin, demo=demo)
        self.store = open_store(config, data_dir)
        try:  # it may write the catalogue cache: a disk that fails there leaves nothing open
            self.catalogue: Catalogue = open_catalogue(self.store, config.catalogue)
        except BaseException:
            self.store.close()
            raise
        if devices is None:
            devices, self.emulators = build_devices(config)
        else:
            self.emulators = {}
        self.devices = DeviceManager(devices)
        self.context = JourneyContext(self.store, self._terminal(), test_traffic=test_traffic)
        if now is not None:
            self.context.now = now
        self._device_states_written: dict | None = None
        self._arrived_catalogue: Catalogue | None = None
        self._catalogue_lock = threading.Lock()
        self._catalogue_listeners: list[Callable[[Catalogue], None]] = []
        self.sync = SyncEngine(self.store, config.platform,
                               retention_days=config.storage.delivered_retention_days,
                               health=self.device_health, on_catalogue=self._catalogue_arrived,
                               on_command=self._remote_command,
                               technician=self.technician_status,
                               software=software_downloads(config, self.store.data_dir),
                               log_bundle=self.log_bundle)
        # The platform asked for a restart: the terminal exits (and its service manager
        # starts it again) once nobody is using it; see `restart_due`.
        self.restart_requested = False
        self.context.on_filed = self.sync.wake
        # A look-up proves the resident with this visit's card read or e-ID check.
        self.context.platform_cases = lambda identity: self.sync.cases_for(
            identity, self.session.id)
        self.context.platform_linked = lambda: self.sync.status().enrolled
        self.context.platform_record = lambda code, identity, answers, page: self.sync.record(
            code, identity, self.session.id, answers=answers, page=page)
        self.context.platform_online = self._platform_may_answer
        self.context.create_payment = lambda **order: self.sync.create_payment(
            visit=self.session.id, test=self.context.test_traffic, **order)
        self.context.payment_status = self.sync.payment_status
        self.context.platform_now = self.sync.server_now
        # The e-licence library is asked off the UI thread: a resident waits meanwhile.
        self._library_asks = ThreadPoolExecutor(max_workers=2, thread_name_prefix="elicences")
        self.context.ask_elicences = self._ask_elicences
        self.session = Session(config.session, audit=self.store.audit.record)
        # Services opened, counted per visit for the home screen's most used (no
        # personal data; written when the visit is wiped, never on the tap).
        self.usage = ItemUsage(self.store.item_use, lambda: self.context.now().date())
        self._camera_on = False
        # The preview asks for frames off the UI thread, the photo on it: one at a time.
        self._camera_lock = threading.Lock()
        self._printed_this_visit = False
        # Proofs (issue, draw, print), one at a time, off the UI thread.
        self._proof_worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="proofs")
        # Voice mode speaks through the speaker on a thread of its own; a terminal
        # configured without one is silent.
        self.voice = VoiceGuide(devices.get("speaker"), personal_data=self.session.personal_data)
        self.session.on_wipe(self.voice.end_visit)
        self.session.on_wipe(self._stop_camera)
        self.session.on_wipe(self._forget_printing)
        self.session.on_wipe(self.usage.visit_ended)
        self.session.on_wipe(self.adopt_new_catalogue)
        limit_heap_growth()
        self.session.on_wipe(return_free_memory)  # nobody is at the terminal then

    def close(self) -> None:
        self.session.shut_down()
        self._proof_worker.shutdown(wait=False, cancel_futures=True)
        self._library_asks.shutdown(wait=False, cancel_futures=True)
        self.sync.stop()
        self.voice.close()
        self.devices.close()
        self.usage.visit_ended()  # a visit cut short by a shutdown still counts
        self.store.close()

    # -- the platform -----------------------------------------------------------------

    def start_sync(self) -> None:
        """Sync with the platform on the engine's thread (when enrolled; it waits if not)."""
        self.sync.start()

    def _terminal(self):
        """The configured terminal; once enrolled, with the platform's terminal id, which
        goes into new tracking numbers."""
        link = self.store.platform.load()
        terminal = self.config.terminal
        return terminal if link is None else dataclasses.replace(terminal, id=link.terminal_id)

    def relink(self) -> None:
        """Enrolled while running (the demo does it after the first frame): the new id
        for new tracking numbers, and the engine on the new link."""
        self.context.terminal = self._terminal()
        self.sync.relink()

    def _platform_may_answer(self) -> bool:
        """Enrolled, and the last round did not find the platform down (before the first
        round nothing is known: the first ask finds out)."""
        status = self.sync.status()
        return status.enrolled and status.online is not False

    def sync_status(self) -> SyncStatus:
        return self.sync.status()

    def _ask_elicences(self, identity: Identity, types: tuple[str, ...]) -> Future | None:
        """Ask the e-licence library for this visit's resident on a worker thread, with
        this visit's proof; None when there is no platform to ask."""
        if not self.sync.status().enrolled:
            return None
        visit = self.session.id
        return self._library_asks.submit(self.sync.elicences_for, identity, visit, types)

    def device_health(self) -> dict:
        """Each device's state, for the platform's heartbeat (no card data); kept in the
        data directory too, for a log bundle made while the kiosk holds the devices."""
        states = {health.kind: {"state": health.state.value,
                                "detail": health.detail[:500] or None, "driver": health.name}
                  for health in self.devices.health()}
        if states != self._device_states_written:  # written when they change, not each ask
            write_device_states(self.store.data_dir, states)
            self._device_states_written = states
        return states

    def log_bundle(self) -> bytes:
        """The log bundle (kiosk/logs.py), as the platform's send_logs asks for it."""
        from kiosk.update.running import software_version

        link = self.store.platform.load()
        return make_bundle(self.config, self.store.data_dir,
                           link.terminal_id if link else None, software_version())

    def _remote_command(self, command: str) -> None:
        if command == "restart":
            self.restart_requested = True

    def restart_due(self) -> bool:
        """A restart the platform asked for, now that no resident is mid-visit."""
        return self.restart_requested and self.session.journey is None

    def on_catalogue_changed(self, listener: Callable[[Catalogue], None]) -> None:
        self._catalogue_listeners.append(listener)

    def _catalogue_arrived(self, catalogue: Catalogue) -> None:
        """From the sync thread: kept until nobody is using the terminal."""
        with self._catalogue_lock:
            self._arrived_catalogue = catalogue

    def adopt_new_catalogue(self) -> bool:
        """Serve a catalogue the platform sent, between visits only (a resident's list
        never changes under their finger). True if one was adopted."""
        if self.session.journey is not None:
            return False
        with self._catalogue_lock:
            catalogue, self._arrived_catalogue = self._arrived_catalogue, None
        if catalogue is None:
            return False
        self.catalogue = catalogue
        for listener in self._catalogue_listeners:
            listener(catalogue)
        return True

    # -- what is open ---------------------------------------------------------------

    def submissions_open(self) -> bool:
        return self.store.status().accepting_submissions

    def is_open(self, item: ServiceItem) -> tuple[bool, Message | None]:
        """Services that need a submission close when the store can't take one."""
        if item.needs_submission and not self.submissions_open():
            return False, SUBMISSIONS_CLOSED
        return True, None

    # -- the home screen ------------------------------------------------------------

    def most_used(self, limit: int = MOST_USED_LIMIT) -> list[ServiceItem]:
        """The services residents use most, best first, for the home screen: the city's
        popularity rank blended with what residents open on this terminal (see
        kiosk/usage.py). Only services of the catalogue being served now."""
        return most_used(self.catalogue.items, self.usage.decayed(), limit)

    def seed_usage(self, counts: dict[str, int], days_ago: int = 0) -> None:
        """Count `counts` uses per service code, `days_ago` days before today (the
        tour's pictures, demos, tests)."""
        self.usage.add(counts, days_ago)

    # -- journeys -------------------------------------------------------------------

    def start(self, kind: str, code: str | None = None) -> Journey:
        item = self.catalogue.item(code) if code else None
        if code and item is None:
            raise KeyError(code)
        match kind:
            case "apply" | "guide" | "lookup" | "pay" | "event" if item is None:
                raise ValueError(f"a {kind} journey needs a service code")
            case "apply":
                journey = ApplyJourney(item, self.context)
            case "pay":
                journey = PayJourney(item, self.context)
            case "event":
                journey = self._life_event(item)
            case "guide":
                journey = GuideJourney(item, self.context)
            case "lookup":
                journey = LookupJourney(item, self.context, self.catalogue.names())
            case "progress":
                journey = LookupJourney(None, self.context, self.catalogue.names())
            case "rate":
                journey = RateJourney(None, self.context)
            case "complain":
                journey = ComplainJourney(None, self.context)
            case _:
                raise ValueError(f"unknown journey kind {kind}")
        started = self.session.start(journey)
        if item is not None and not self.context.test_traffic:  # burn-in taps don't count
            self.usage.opened(item.code)
        return started

    def start_service(self, item: ServiceItem) -> Journey:
        return self.start(item.journey.value, item.code)

    def _life_event(self, event: ServiceItem) -> LifeEventJourney:
        """The event's links (and its do-this-first guides) from the catalogue served
        now; one that is missing leaves the event closed, with why."""
        links = tuple(self.catalogue.item(link.item) for link in event.chain.links)
        if not all(links):
            raise JourneyError(EVENT_INCOMPLETE.format(name=event.name, hotline=event.hotline))
        first = tuple(i for i in (self.catalogue.item(code) for code in event.chain.first) if i)
        return LifeEventJourney(event, self.context, links, first)

    def start_correction(self, asked: CorrectionAsked) -> Journey:
        """"去补正" on a case the office sent back: the visit's resident, already proven,
        answers what it asks."""
        item = self.catalogue.item(asked.service_code)
        if item is None:
            raise JourneyError(CORRECTION_ITEM_GONE)
        return self.session.start(CorrectionJourney(asked, item, self.context))

    def technician_status(self) -> dict:
        """For the heartbeat: whether maintenance can be opened from the screen, and the
        wrong PINs and locks since the kiosk started (someone guessing shows here)."""
        gate = self.technician_gate
        return {"pin_set": gate.set_up, "pin_refused": gate.refused_total,
                "pin_locks": gate.locks}

    def finish(self) -> list[Message]:
        """The resident is done: what to remind them of before the wipe.

        With a card still in a reader the session waits for it to be taken (and says so
        again until it is); otherwise it is wiped now.
        """
        reminders = [TAKE_YOUR_RECEIPT] if self._printed_this_visit else []
        event = self.session.end()
        if event is not None and event.message:
            reminders.insert(0, event.message)
        return reminders

    def _forget_printing(self) -> None:
        self._printed_this_visit = False

    # -- devices --------------------------------------------------------------------

    def poll_cards(self) -> list[tuple[str, str]]:
        """Deliver card reader events to the session: ("id_reader", "read"|"removed"|...).

        A card the journey refuses (expired, typed-only service) raises JourneyError with
        the resident's message; a driver bug ends in the session guard's plain message.
        """
        return self.deliver_card_events(self.session.guard(self.devices.poll_cards, default=[]))

    def deliver_card_events(self, events: list) -> list[tuple[str, str]]:
        """Hand events polled (perhaps on another thread) to the session, on this thread."""
        delivered = []
        refusal = None
        for reader, event in events:
            if isinstance(event, CardRefused):  # it read, but not well enough to be proof
                log.warning("%s: a card read failed its check on every read", reader)
                refusal = JourneyError(CARD_MISREAD)
                delivered.append((reader, "refused"))
                continue
            data = getattr(event, "data", None)
            if data is None:
                self.session.card_removed(reader)
                delivered.append((reader, "removed"))
                continue
            identity = (identity_from_id_card(data) if reader == "id_reader"
                        else identity_from_social_security_card(data))
            try:
                used = self.session.guard(
                    lambda r=reader, i=identity: self.session.card_read(r, i))
            except JourneyError as exc:  # told after every event of this poll is handled
                refusal = exc
                continue
            delivered.append((reader, "read" if used else "ignored"))
        if refusal is not None:
            raise refusal
        return delivered

    def check_eid(self, token: str) -> Identity | None:
        """The identity the platform vouches for in an e-ID QR token shown on the
        resident's phone; None if `token` is not an e-ID code. Offline it is no proof:
        JourneyError says so (and says so when the platform refuses it). Any thread."""
        if not token.startswith(EID_PREFIX):
            return None
        try:
            vouched = self.sync.verify_eid(token)
        except EidUnavailable as exc:
            log.warning("e-ID code not checked: %s", exc)
            raise JourneyError(EID_OFFLINE) from None
        except EidRefused as exc:
            log.warning("e-ID code refused by the platform: %s", exc)
            raise JourneyError(EID_REFUSED) from None
        return identity_from_eid(vouched["name"], vouched["id_number"], vouched.get("grant", ""))

    def identify_with(self, identity: Identity) -> None:
        """A vouched identity (check_eid) for the visit; no card to take back."""
        self.session.guard(lambda: self.session.identified(identity, "e_id_qr"))

    def identify_with_eid(self, token: str) -> bool:
        """check_eid and identify_with at once (headless visits, tests)."""
        identity = self.check_eid(token)
        if identity is None:
            return False
        self.identify_with(identity)
        return True

    def camera_frame(self):
        """The camera's latest frame, or None. The camera runs only while it is needed:
        it starts on the first frame a step asks for and stops when the session is wiped.

        Callers take turns: the camera's worker refuses a second request as busy, and a
        photo taken while the preview was fetching a frame wiped the resident's session
        as an unexpected error."""
        with self._camera_lock:
            if not self._camera_on:
                self.devices.call("camera", lambda camera: camera.open())
                self._camera_on = True
            return self.devices.call("camera", lambda camera: camera.read_frame())

    def _stop_camera(self) -> None:
        with self._camera_lock:
            if self._camera_on:
                self._camera_on = False
                try:
                    self.devices.call("camera", lambda camera: camera.close())
                except DeviceError:
                    pass  # already logged by the manager

    def start_printing_receipt(self, journey: Journey) -> Future[PrintOutcome]:
        """Print the confirmation's receipt on the printer's own thread; a printer problem
        never undoes the submission. The Future's outcome says what to tell the resident."""
        if isinstance(journey, PayJourney):
            paid = journey.receipt
            if paid is None:
                raise ValueError("nothing to print before the payment")
            document = payment_receipt(paid, self.config.terminal)
            number, code = paid.order_number, journey.item.code
        else:
            confirmation = getattr(journey, "confirmation", None)
            if confirmation is None:
                raise ValueError("nothing to print before a confirmation")
            document = application_receipt(confirmation, journey.identity, self.config.terminal)
            number, code = confirmation.receipt_number, confirmation.service_code
        try:  # the copy for reprints; paper for the resident matters more
            self.store.receipts.save(number, journey.client_id, code, as_text(document))
        except StorageUnavailable as exc:
            log.error("receipt copy not kept (%s); printing anyway", exc.reason)
        return self._start_printing(document, RECEIPT_NOT_PRINTED)

    def start_printing_checklist(self, item: ServiceItem) -> Future[PrintOutcome]:
        document = materials_checklist(item, self.config.terminal, self.context.now())
        return self._start_printing(document, CHECKLIST_NOT_PRINTED)

    def start_printing_record(self, journey: Journey) -> Future[PrintOutcome]:
        """A look-up's answer, the page on screen, on the receipt printer."""
        result = getattr(journey, "result", None)
        if result is None or result.record is None:
            raise ValueError("no record to print")
        identity = None if journey.public else journey.identity
        document = record_receipt(journey.item, result.record, identity,
                                  self.config.terminal, self.context.now())
        return self._start_printing(document, RECORD_NOT_PRINTED)

    # -- handwriting --------------------------------------------------------------------

    @functools.cached_property
    def handwriting(self) -> HandwritingRecognizer | None:
        """The handwriting pad's recognizer, or None where this terminal lacks Zinnia or
        its model (the pad is then not offered; pinyin still is)."""
        try:
            recognizer = HandwritingRecognizer(cache_dir=handwriting_dir(self.store.data_dir))
        except HandwritingUnavailable as exc:
            log.warning("handwriting is not offered: %s", exc)
            return None
        recognizer.set_vocabulary(self.catalogue.vocabulary())
        self.on_catalogue_changed(lambda c: recognizer.set_vocabulary(c.vocabulary()))
        return recognizer

    def prepare_search(self) -> None:
        """Read the stored search index on a background thread (a restart leaves it off
        the first frame's path): the first letter typed then waits for nothing."""
        threading.Thread(target=self.catalogue.prepare_search, name="search-index",
                         daemon=True).start()

    def prepare_handwriting(self) -> None:
        """Draw the font's shapes (or read them back) on a background thread, once a
        start: the first character written then waits for nothing."""
        recognizer = self.handwriting
        if recognizer is None:
            return

        def prepare() -> None:
            try:
                recognizer.prepare()
            except HandwritingUnavailable as exc:  # a damaged model: the pad reads nothing
                log.error("handwriting model does not open: %s", exc)
            except OSError as exc:
                log.warning("handwriting shapes not prepared (%s): the first character "
                            "written draws them", type(exc).__name__)

        threading.Thread(target=prepare, name="handwriting", daemon=True).start()

    # -- A4 proofs ----------------------------------------------------------------------

    @property
    def proof_font_dir(self) -> Path:
        """Where the proofs' cut-down font is kept (made once, see prepare_proof_font)."""
        return self.store.data_dir / "proof-font"

    def prepare_proof_font(self) -> None:
        """Cut the proofs' font down to the common characters, once, in the background:
        a proof then draws in a fraction of the time (kiosk/proofs/font.py)."""
        from kiosk.proofs.font import ProofFontMissing, prepare_common_subset

        def prepare() -> None:
            try:
                prepare_common_subset(self.proof_font_dir)
            except (OSError, ProofFontMissing) as exc:
                log.warning("the proofs' font was not prepared (%s); proofs draw slower",
                            type(exc).__name__)

        threading.Thread(target=prepare, name="proof-font", daemon=True).start()

    def start_printing_proof(self, journey: Journey) -> Future:
        """A4 proof of the record a look-up shows: issued by the platform for this
        visit's resident, drawn, printed; the Future's ProofOutcome says how it went.
        The journey's proof id is reused, so a reprint carries the same code."""
        from kiosk.proof_printing import PROOF_FAILED, ProofOutcome, print_proof

        item, identity, visit = journey.item, journey.identity, self.session.id
        request_id, answers = journey.proof_request_id, dict(journey.answers)

        def issue():
            return self.sync.issue_proof(item.code, identity, visit, request_id, answers)

        def work():
            try:
                return print_proof(issue, self.devices, self.proof_font_dir,
                                   journey.unavailable_words)
            except Exception as exc:  # noqa: BLE001 - a resident hears words, never a trace
                log.error("a proof failed: %s", type(exc).__name__)
                return ProofOutcome(False, PROOF_FAILED)

        return self._proof_worker.submit(work)

    def document_printer_problem(self) -> Message | None:
        """Why proofs cannot be printed now, in the resident's words (None: they can),
        from the A4 printer's last health check, without asking it again."""
        from drivers.document_printer.status import DocumentPrinterStatus
        from kiosk.document_printing import RESIDENT_OTHER, resident_line

        health = self.devices.last_health("document_printer")
        if health is None or health.state.can_serve:
            return None
        status = DocumentPrinterStatus.from_health(health)
        return (resident_line(status) if status else None) or RESIDENT_OTHER

    def print_receipt(self, journey: Journey) -> PrintOutcome:
        """The same, waiting for the outcome (headless visits, tests)."""
        return self.start_printing_receipt(journey).result(PRINT_WAIT_S)

    def print_checklist(self, item: ServiceItem) -> PrintOutcome:
        return self.start_printing_checklist(item).result(PRINT_WAIT_S)

    def _start_printing(self, document, not_printed: Message) -> Future[PrintOutcome]:
        outcome: Future[PrintOutcome] = Future()
        visit = self.session.id  # a job ending after this visit was wiped counts for none

        def not_printed_because(state: DeviceState) -> PrintOutcome:
            problem = PRINTER_PROBLEMS.get(state, PRINTER_FAULT)
            return PrintOutcome(False, not_printed.format(problem=problem))

        def finished(job: Future) -> None:
            exc = job.exception()
            if exc is None:
                if self.session.id == visit:
                    self._printed_this_visit = True
                outcome.set_result(PrintOutcome(True, None))
            elif isinstance(exc, DeviceError):
                outcome.set_result(not_printed_because(exc.state))
            else:  # a driver bug: the resident hears the printer failed, never a traceback
                log.error("printing failed: %s", type(exc).__name__)
                outcome.set_result(not_printed_because(DeviceState.HARDWARE_ERROR))

        try:
            job = self.devices.submit("printer", lambda printer: printer.print_receipt(document))
        except DeviceError as exc:  # busy with the last job still
            outcome.set_result(not_printed_because(exc.state))
            return outcome
        job.add_done_callback(finished)
        return outcome
