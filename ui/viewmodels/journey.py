"""The journey on screen: one view-model for every step screen of every journey kind.

It reads the core `Journey` and turns its current step into plain properties; every
button calls a slot that runs the core step through the session's guard, so a refusal
becomes a message beside the field and anything unexpected becomes the session's plain
message, a wipe and the home screen.

The item's own text (name, guide, questions, materials) shows in the session's language
as `ItemWording` gives it: English where the catalogue has it, else the Chinese, and then
`languageNote` says so in one line. The journey itself keeps the Chinese: it is the record.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import Property, QObject, Signal, Slot

from drivers.base import DeviceState
from kiosk import forms
from kiosk.catalogue.model import FieldType, IdentityProof, JourneyKind
from kiosk.catalogue.wording import ItemWording
from kiosk.elicences import TITLES
from kiosk.identity import PROOFS, identity_from_typed_number
from kiosk.journeys import Journey, JourneyError, Rating, StepKind
from kiosk.journeys.rating import DISSATISFIED, LEVELS, reasons_for
from kiosk.masking import mask_id_number, mask_name
from kiosk.proofs.document import local_time_text
from kiosk.voice import Speech
from ui.i18n import tr_message
from ui.viewmodels.guide import guide_sections
from ui.viewmodels.icons import RATING_ICONS
from ui.viewmodels.life_event import chain_links, chain_sections, correction_of, posted_to
from ui.viewmodels.payment import PaymentViewModel
from ui.viewmodels.speech import entered_count

log = logging.getLogger(__name__)

SCREENS = {
    StepKind.GUIDE: "guide",
    StepKind.IDENTIFY: "identify",
    StepKind.QUESTION: "question",
    StepKind.MATERIAL: "material",
    StepKind.CHECK: "check",
    StepKind.CONFIRMATION: "confirmation",
    StepKind.PAYMENT: "payment",
    StepKind.PAID: "paid",
    StepKind.LOOKUP_RESULT: "lookup",
    StepKind.RATING: "rating",
    StepKind.END: "end",
}

# The cards laid flat on the ID card reader (its picture stands for all of them).
READ_FLAT = {IdentityProof.ID_CARD, IdentityProof.HK_MO_TW_RESIDENCE_PERMIT,
             IdentityProof.FOREIGN_PERMANENT_RESIDENCE_CARD}
# A device in these states cannot serve: the screen says what to do instead.
OUT_OF_ORDER = {DeviceState.NO_DEVICE, DeviceState.HARDWARE_ERROR}

# Fields typed on the on-screen digit pad rather than the full keyboard.
DIGIT_PAD_FIELDS = {FieldType.ID_NUMBER, FieldType.PHONE, FieldType.AMOUNT, FieldType.DATE}
# The guide's lines voice mode reads until the screen says which lines its page holds.
GUIDE_LINES_BEFORE_PAGING = 10
# The check's rows voice mode reads until the screen says which its page holds:
# (first, end, page, pages).
ALL_CHECK_ROWS = (0, 1000, 0, 1)


class JourneyViewModel(QObject):
    changed = Signal()
    guidePageChanged = Signal()  # the guide screen turned a page
    checkPageChanged = Signal()  # the check screen turned a page
    # (journey, outcome, what was printed), emitted on the printer's thread: queued here
    printFinished = Signal(object, object, str)
    # (journey, its look-up's result or None on a bug), emitted on the look-up thread
    lookupFetched = Signal(object, object)
    # (journey) the e-licence library answered, emitted on the asking thread: queued here
    libraryAnswered = Signal(object)

    def __init__(self, kiosk, parent=None):
        super().__init__(parent)
        self._kiosk = kiosk
        self._printing = False
        self.printFinished.connect(self._on_print_finished)
        self.lookupFetched.connect(self._on_lookup_fetched)
        self.libraryAnswered.connect(self._on_library_answered)
        # Look-ups wait on the platform: one at a time, on a thread of their own.
        self._lookups = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lookup")
        self._fetching = False
        self.changed.connect(self._fetch_if_due)
        self.journey: Journey | None = None
        self._error = ""
        self._level = 0
        self._reasons: list[str] = []
        self._print_message = ""
        self._print_failed = False
        self._printed = False
        self._reminders: list[str] = []
        self._capture_note = ""
        self._preview_token = 0
        self._guide_page = (0, GUIDE_LINES_BEFORE_PAGING)
        self._check_page = ALL_CHECK_ROWS
        self._typed = ""  # the number typed on the identify screen, for its echo
        self._typing_id = False  # the identify screen shows its digit pad
        # A fee paid by QR code: its order asked for and watched (after the above).
        self._payment = PaymentViewModel(kiosk, self, self)

    # -- binding --------------------------------------------------------------------

    def bind(self, journey: Journey | None) -> None:
        self.journey = journey
        self._error = ""
        self._level = 0
        self._reasons = []
        self._print_message = ""
        self._print_failed = False
        self._printed = False
        self._printing = False
        self._reminders = []
        self._capture_note = ""
        self._guide_page = (0, GUIDE_LINES_BEFORE_PAGING)
        self._check_page = ALL_CHECK_ROWS
        self._typed = ""
        self._typing_id = False
        self._fetching = False
        if journey is not None and hasattr(journey, "when_library_answers"):
            journey.when_library_answers(lambda: self.libraryAnswered.emit(journey))
        self.changed.emit()

    @Slot(object)
    def _on_library_answered(self, journey) -> None:
        if journey is self.journey:  # not a wiped visit's late answer
            self.changed.emit()

    @property
    def screen(self) -> str:
        return SCREENS[self.journey.step.kind] if self.journey else "home"

    def _run(self, action) -> bool:
        """Run a core step; True when it went through."""
        if self.journey is None:
            return False
        self._error = ""
        session = self._kiosk.session
        try:
            session.guard(action)
        except JourneyError as exc:
            self._error = tr_message(exc.message)
            self.changed.emit()
            return False
        if session.journey is not self.journey:  # the guard wiped the session
            self.bind(None)
            return False
        self.changed.emit()
        return True

    def show_error(self, text: str) -> None:
        """A refusal from outside a step (a journey that could not start from here)."""
        self._error = text
        self.changed.emit()

    # -- what every step shows ------------------------------------------------------

    def _title(self) -> str:
        return tr_message(self.journey.step.title) if self.journey else ""

    def _words(self) -> ItemWording | None:
        """A fresh reading of the journey's item in the session's language (it remembers
        whether anything it gave fell back to Chinese), or None without an item."""
        item = self.journey.item if self.journey else None
        return ItemWording(item, self._kiosk.session.language) if item else None

    def _service_name(self) -> str:
        words = self._words()
        return words.name if words else ""

    def _staffed_counter(self) -> str:
        """Where staff handle this service in person: where its papers are handed in,
        else the department's own counter."""
        words = self._words()
        if words is None:
            return ""
        if words.item.counter:
            return words.chinese_only(words.item.counter)
        return self.tr("{department}的服务窗口").format(department=words.department)

    def _item_hotline(self) -> str:
        item = self.journey.item if self.journey else None
        return item.hotline if item else ""

    def _position(self) -> str:
        if not self.journey:
            return ""
        n, total = self.journey.position
        return self.tr("第 {n} 步，共 {total} 步").format(n=n, total=total) if n else ""

    def _step_number(self) -> int:
        return self.journey.position[0] if self.journey else 0

    def _step_count(self) -> int:
        return self.journey.position[1] if self.journey else 0

    def _kind(self) -> str:
        return self.journey.kind if self.journey else ""

    def _step_kind(self) -> str:
        return self.journey.step.kind.value if self.journey else ""

    def _error_text(self) -> str:
        return self._error

    def _language_note(self) -> str:
        """On an English screen that shows some of the item's text in Chinese: one line
        saying so. Nothing on screens that show none of the item's text."""
        words = self._words()
        if words is None or self._kiosk.session.language != "en":
            return ""
        if not self._read_what_this_step_shows(words) or words.all_english:
            return ""
        if words.english is None:
            return self.tr("此事项的内容只有中文。")
        return self.tr("此事项有部分内容只有中文。")

    def _read_what_this_step_shows(self, words: ItemWording) -> bool:
        """Ask `words` for every part of the item this step's screen shows; False when
        the screen shows none of it."""
        kind = self.journey.step.kind
        if kind is StepKind.GUIDE:
            guide_sections(words)
        elif kind in (StepKind.IDENTIFY, StepKind.LOOKUP_RESULT):
            _ = words.name
        elif kind is StepKind.QUESTION:
            self._question(words)
        elif kind is StepKind.MATERIAL:
            self._material(words)
        elif kind is StepKind.CHECK:
            self._check_rows_in(words)
        elif kind is StepKind.CONFIRMATION:
            self._confirmation_in(words)
        else:
            return False
        return True

    title = Property(str, _title, notify=changed)
    serviceName = Property(str, _service_name, notify=changed)
    languageNote = Property(str, _language_note, notify=changed)
    positionText = Property(str, _position, notify=changed)
    stepNumber = Property(int, _step_number, notify=changed)  # 0: not a counted step
    stepCount = Property(int, _step_count, notify=changed)
    stepKind = Property(str, _step_kind, notify=changed)
    kind = Property(str, _kind, notify=changed)
    error = Property(str, _error_text, notify=changed)

    # -- guide ----------------------------------------------------------------------

    def _guide(self) -> list:
        words = self._words()
        if not words:
            return []
        sections = guide_sections(words)
        # A life event: after what it does, the links in order and what to do first.
        sections[2:2] = chain_sections(self.journey, self._kiosk.session.language)
        return sections

    def _guide_lines(self) -> list:
        """The guide as lines to page through: each section's title, then its lines."""
        lines = []
        for section in self._guide():
            lines.append({"title": True, "text": section["title"]})
            numbered = section.get("numbered", False)
            lines += [{"title": False, "text": (f"{n}. " if numbered else "• ") + line}
                      for n, line in enumerate(section["lines"], 1)]
        return lines

    def _can_start_service(self) -> bool:
        """Reading a guide from "办事指南" of an item the terminal can do: offer to start."""
        item = self.journey.item if self.journey else None
        return (self.journey is not None and self.journey.kind == "guide"
                and item is not None and item.journey is not JourneyKind.GUIDE
                and not (item.journey is JourneyKind.PAY  # a fee needs the platform
                         and not self.journey.ctx.platform_online()))

    def _guide_page_lines(self) -> list:
        first, end = self._guide_page
        return self._guide_lines()[first:end]

    guideLines = Property(list, _guide_lines, notify=changed)
    # What voice mode reads: told apart from `changed`, which would lay the guide out again.
    guidePageLines = Property(list, _guide_page_lines, notify=guidePageChanged)
    guidePageFirst = Property(int, lambda self: self._guide_page[0], notify=guidePageChanged)

    canStartService = Property(bool, _can_start_service, notify=changed)

    @Slot(int, int)
    def showingGuideLines(self, first: int, end: int) -> None:  # noqa: N802 - from QML
        """The guide screen turned to the page of lines first..end (end excluded)."""
        if (first, end) != self._guide_page:
            self._guide_page = (first, end)
            self.guidePageChanged.emit()

    def forget_print_message(self) -> None:
        """A new place to print from (the way to a counter): an earlier "printed" from
        the guide would read as if this one were done."""
        if not self._printing:
            self._print_message = ""
            self._print_failed = False
            self.changed.emit()

    @Slot()
    def printChecklist(self) -> None:
        item = self.journey.item if self.journey else None
        if item is None:
            return
        if self._printing:
            return  # a second tap while it prints
        self._start_printing(self._kiosk.start_printing_checklist(item), "checklist")

    def _start_printing(self, job, what: str) -> None:
        """The printer works on its own thread; the screen stays alive meanwhile."""
        journey = self.journey
        self._printing = True
        self._print_message = ""
        self._print_failed = False
        self.changed.emit()
        job.add_done_callback(lambda done: self.printFinished.emit(journey, done.result(), what))

    @Slot(object, object, str)
    def _on_print_finished(self, journey, outcome, what: str) -> None:
        if journey is not self.journey:
            return  # the resident moved on, or the session was wiped, meanwhile
        self._printing = False
        self._print_failed = not outcome.printed
        if what == "receipt":
            self._printed = outcome.printed
            self._print_message = "" if outcome.printed else tr_message(outcome.message)
        elif what == "proof":
            self._print_message = tr_message(outcome.message)
        elif what == "record":
            self._print_message = (self.tr("已打印，请在下方出纸口取走。")
                                   if outcome.printed else tr_message(outcome.message))
        else:
            self._print_message = (self.tr("材料清单已打印，请在下方出纸口取走。")
                                   if outcome.printed else tr_message(outcome.message))
        self.changed.emit()

    def _is_printing(self) -> bool:
        return self._printing

    printing = Property(bool, _is_printing, notify=changed)

    def _print_text(self) -> str:
        return self._print_message

    def _print_failed_now(self) -> bool:
        return self._print_failed

    staffedCounter = Property(str, _staffed_counter, notify=changed)
    itemHotline = Property(str, _item_hotline, notify=changed)
    printMessage = Property(str, _print_text, notify=changed)
    printFailed = Property(bool, _print_failed_now, notify=changed)  # printMessage says why

    # -- identify -------------------------------------------------------------------

    def _accepts_typed(self) -> bool:
        """Whether the identify screen offers typing the number (the journey says: never
        where existing cases or records would open, whatever the item lists)."""
        return self.journey is not None and self.journey.takes_typed_number

    def _no_card_hint(self) -> str:
        """Where typing is not offered, what a resident without a card does (there is no
        face check yet): the phone's e-ID code where it is offered, else the counter."""
        journey = self.journey
        if journey is None or journey.step.kind is not StepKind.IDENTIFY \
                or journey.takes_typed_number or self._typing_id:
            return ""
        if self._accepts_eid():
            return self.tr("没带卡，也没带手机？请到人工窗口，工作人员会帮您办理。")
        return self.tr("没带卡？请到人工窗口，工作人员会帮您办理。")

    def _who(self) -> str:
        identity = self.journey.identity if self.journey else None
        if identity is None:
            return ""
        name = mask_name(identity.name) if identity.name else ""
        return f"{name} {mask_id_number(identity.id_number)}".strip()

    def _device_notice(self) -> str:
        """A device that cannot serve says what to do instead; the rest stays open."""
        if not self.journey:
            return ""
        kind = self.journey.step.kind
        devices = self._kiosk.devices.devices
        if kind is StepKind.IDENTIFY:
            id_down = devices["id_reader"].state() in OUT_OF_ORDER
            card_down = devices["card_reader"].state() in OUT_OF_ORDER
            if id_down and card_down:
                return self.tr("读卡器暂时不能用，已通知维护人员。请到人工窗口办理。")
            if id_down:
                return self.tr("身份证读卡器暂时不能用，请插入社保卡。")
            if card_down:
                return self.tr("社保卡读卡口暂时不能用，请刷身份证。")
        if kind is StepKind.MATERIAL and not self._camera_ready():
            return self.tr("摄像头暂时不能用，现在不能拍照。"
                           "请点“没带，稍后送到窗口”，以后把这份材料送到窗口。")
        return ""

    def _camera_ready(self) -> bool:
        """False while the camera is known to be gone: 拍照 waits for it (the notice above
        says why), and comes back by itself when the camera does."""
        state = self._kiosk.devices.devices["camera"].state()
        return state not in {DeviceState.NO_DEVICE, DeviceState.HARDWARE_ERROR}

    def _accepts_eid(self) -> bool:
        """On the identify step of a service that takes e-ID codes (journeys without an
        item take them, as they take either card), with a platform to vouch for them
        (offline such a code is no proof, so it is not offered)."""
        journey = self.journey
        if journey is None or journey.step.kind is not StepKind.IDENTIFY:
            return False
        proofs = journey.item.identity_proofs if journey.item else PROOFS
        status = self._kiosk.sync_status()
        return IdentityProof.E_ID_QR in proofs and status.enrolled and status.online is not False

    def _identify_ways(self) -> list:
        """The ways to prove who you are that this service takes and the terminal can
        serve now, each with its picture and words: a resident who cannot read the words
        sees where the card goes. (Journeys without an item take either card or an e-ID code.)"""
        journey = self.journey
        if journey is None or journey.step.kind is not StepKind.IDENTIFY:
            return []
        proofs = set(journey.item.identity_proofs if journey.item else PROOFS)
        devices = self._kiosk.devices.devices
        ways = []
        if proofs & READ_FLAT and devices["id_reader"].state() not in OUT_OF_ORDER:
            ways.append({"way": "id_card", "picture": "id-card-on-reader", "words": self.tr(
                "身份证：平放在屏幕下方的读卡区上，读完之前不要移动。")})
        if IdentityProof.SOCIAL_SECURITY_CARD in proofs \
                and devices["card_reader"].state() not in OUT_OF_ORDER:
            ways.append({"way": "social_security_card", "picture": "card-into-slot",
                         "words": self.tr("社保卡：芯片朝上，有芯片的一头先插进读卡口。")})
        if self._accepts_eid():
            ways.append({"way": "e_id_qr", "picture": "phone-under-camera", "words": self.tr(
                "也可以打开手机上的电子证照二维码，放到读卡区上方的摄像头下。")})
        return ways

    deviceNotice = Property(str, _device_notice, notify=changed)
    cameraReady = Property(bool, _camera_ready, notify=changed)
    identifyWays = Property(list, _identify_ways, notify=changed)
    acceptsEid = Property(bool, _accepts_eid, notify=changed)
    acceptsTypedId = Property(bool, _accepts_typed, notify=changed)
    noCardHint = Property(str, _no_card_hint, notify=changed)
    identifiedAs = Property(str, _who, notify=changed)

    @Slot(str)
    def typeIdNumber(self, text: str) -> None:
        """A typed number: a claim, taken only where the service says so and never where
        existing cases or records would open (the journey refuses it, with what to do)."""
        try:
            identity = identity_from_typed_number(text)
        except ValueError as exc:
            self._error = tr_message(exc.args[0])
            self.changed.emit()
            return
        self._run(lambda: self.journey.identify(identity))

    # -- one question ---------------------------------------------------------------

    def _field(self):
        return self.journey.step.field if self.journey else None

    def _question(self, words: ItemWording | None) -> dict:
        """The current question's label, help and choices as the screen shows them: the
        item's words, or the journey's own (a complaint's) translated."""
        f = self._field()
        if f is None:
            return {"label": "", "help": "", "choices": []}
        if words is None:
            return {"label": tr_message(f.label), "help": tr_message(f.help),
                    "choices": [{"value": c.value, "label": tr_message(c.label)}
                                for c in f.choices]}
        return {"label": words.field_label(f), "help": words.field_help(f),
                "choices": [{"value": c.value, "label": words.choice(f, c)} for c in f.choices]}

    def _field_label(self) -> str:
        return self._question(self._words())["label"]

    def _field_help(self) -> str:
        return self._question(self._words())["help"]

    def _field_type(self) -> str:
        f = self._field()
        return f.type.value if f else ""

    def _field_value(self) -> str:
        f = self._field()
        if not f:
            return ""
        return self.journey.drafts.get(f.key, self.journey.answers.get(f.key, ""))

    def _field_sensitive(self) -> bool:
        f = self._field()
        return bool(f and (f.sensitive or f.prefill or f.type in (FieldType.ID_NUMBER,
                                                                  FieldType.PHONE)))

    def _writing_kind(self) -> str:
        """What the handwriting pad should expect in the answer: a person's name (its
        first character a surname), an address, or free text."""
        f = self._field()
        if f is None:
            return "text"
        if f.type is FieldType.ADDRESS:
            return "address"
        # A person's name is asked as 姓名 (孩子姓名, 配偶姓名); 开户银行, 犬名 and 字号
        # (bank_name, dog_name, trade_name) are names, not people's.
        if "姓名" in str(f.label):
            return "name"
        return "text"

    def _digit_pad(self) -> bool:
        f = self._field()
        return bool(f and f.type in DIGIT_PAD_FIELDS)

    def _optional(self) -> bool:
        f = self._field()
        return bool(f and not f.required)

    def _choices(self) -> list:
        return self._question(self._words())["choices"]

    fieldLabel = Property(str, _field_label, notify=changed)
    fieldHelp = Property(str, _field_help, notify=changed)
    fieldType = Property(str, _field_type, notify=changed)
    fieldValue = Property(str, _field_value, notify=changed)
    fieldSensitive = Property(bool, _field_sensitive, notify=changed)
    fieldWritingKind = Property(str, _writing_kind, notify=changed)
    fieldOptional = Property(bool, _optional, notify=changed)
    useDigitPad = Property(bool, _digit_pad, notify=changed)
    choices = Property(list, _choices, notify=changed)

    @Slot(str)
    def answer(self, text: str) -> None:
        journey = self.journey
        if journey is None:
            return
        problem = None

        def step():
            nonlocal problem
            problem = journey.answer(text)

        if self._run(step) and problem:
            self._error = tr_message(problem)
            self.changed.emit()

    @Slot(str)
    def edited(self, text: str) -> None:
        """The resident changed the answer. The message under it said how to put it
        right, so it stays while they are still at it, and goes the moment the answer
        would be taken. A new problem waits for 继续 (GOV.UK: validate on submit, never
        while the person types)."""
        journey = self.journey
        if journey is None or journey.step.field is None:
            return
        before = journey.drafts.get(journey.step.field.key, "")
        journey.drafts[journey.step.field.key] = text  # in memory, as every draft
        self._echo(before, text, sensitive=self._field_sensitive(), digits=self._digit_pad())
        if self._error and journey.problem_with(text) is None:
            self._error = ""
            self.changed.emit()

    @Slot()
    def startTypingId(self) -> None:  # noqa: N802 - called from QML
        """"没带卡？输入身份证号码": the digit pad instead of the card."""
        self._typing_id = True
        self.changed.emit()

    typingId = Property(bool, lambda self: self._typing_id, notify=changed)

    @Slot(str)
    def typingIdNumber(self, text: str) -> None:  # noqa: N802 - called from QML
        """A digit of the ID number typed on the identify screen: echoed, never said."""
        before, self._typed = self._typed, text
        self._echo(before, text, sensitive=True, digits=True)

    def _echo(self, before: str, after: str, *, sensitive: bool, digits: bool) -> None:
        """Voice mode echoes each key: what was typed, or for a sensitive answer on the
        loudspeaker only how long it now is (the headset, when asked, hears it)."""
        if after == before:
            return
        if len(after) < len(before):
            private = self.tr("已删除。")
            public = private + entered_count(after, digits=digits)
        else:
            private = after[len(before):] if after.startswith(before) else after
            public = entered_count(after, digits=digits) if sensitive else private
        self._kiosk.voice.say(Speech(public, private), self._kiosk.session.language)

    # -- materials ------------------------------------------------------------------

    def _material(self, words: ItemWording | None) -> tuple[str, str]:
        """(name, note) of the paper this step captures; the note has no English in the
        catalogue, so it shows as it is."""
        m = self.journey.step.material if self.journey else None
        if m is None or words is None:
            return ("", "")
        return (words.material(m), words.chinese_only(m.note))

    def _material_name(self) -> str:
        return self._material(self._words())[0]

    def _material_note(self) -> str:
        return self._material(self._words())[1]

    def _has_capture(self) -> bool:
        return bool(self.journey and getattr(self.journey, "pending_capture", None))

    def _capture_note_text(self) -> str:
        return self._capture_note

    def _preview(self) -> int:
        return self._preview_token

    def _library_state(self) -> str:
        """How the e-licence library figures on this material's screen: "waiting" (its
        answer is not back yet), "offered" (it holds this paper: 同意调取), "photo" (it
        does, and the resident chose to photograph it), or "" (the photo path alone)."""
        journey = self.journey
        if journey is None or journey.step.kind is not StepKind.MATERIAL \
                or not hasattr(journey, "licence_offered"):
            return ""
        if journey.library_pending:
            return "waiting"
        if journey.licence_offered is not None:
            return "offered"
        if journey.photographing_held_licence:
            return "photo"
        return ""

    def _licence(self):
        journey = self.journey
        return getattr(journey, "licence_offered", None) if journey else None

    def _licence_title(self) -> str:
        licence = self._licence()
        if licence is None:
            return ""
        known = TITLES.get(licence.type)
        return tr_message(known) if known and self._kiosk.session.language == "en" \
            else licence.title

    def _licence_rows(self) -> list:
        """The licence as the library holds it, masked: enough to tell it is theirs."""
        licence = self._licence()
        if licence is None:
            return []
        rows = [(self.tr("证照编号"), licence.number_masked, True),
                (self.tr("持证人"), licence.holder_masked, True),
                (self.tr("发证机关"), licence.issued_by, False),
                (self.tr("发证日期"), licence.issued_at, False)]
        return [{"label": label, "value": value, "masked": masked}
                for label, value, masked in rows if value]

    libraryState = Property(str, _library_state, notify=changed)
    licenceTitle = Property(str, _licence_title, notify=changed)
    licenceRows = Property(list, _licence_rows, notify=changed)

    @Slot()
    def takeFromLibrary(self) -> None:  # noqa: N802 - called from QML
        self._run(lambda: self.journey.take_from_library())

    @Slot()
    def photographInstead(self) -> None:  # noqa: N802 - called from QML
        self._run(lambda: self.journey.photograph_instead())

    @Slot()
    def offerLibraryAgain(self) -> None:  # noqa: N802 - called from QML
        self._capture_note = ""
        self._run(lambda: self.journey.offer_library_again())

    materialName = Property(str, _material_name, notify=changed)
    mayBringLater = Property(bool, lambda self: bool(
        getattr(self.journey, "may_bring_later", True)), notify=changed)
    materialNote = Property(str, _material_note, notify=changed)
    hasCapture = Property(bool, _has_capture, notify=changed)
    captureNote = Property(str, _capture_note_text, notify=changed)
    previewToken = Property(int, _preview, notify=changed)

    @Slot()
    def refreshPreview(self) -> None:
        self._preview_token += 1
        self.changed.emit()

    @Slot()
    def capture(self) -> None:
        journey = self.journey
        note = None

        def step():
            nonlocal note
            note = journey.capture(self._kiosk.camera_frame())  # after the preview's turn

        if self._run(step):
            self._capture_note = tr_message(note) if note else ""
            self.changed.emit()

    @Slot()
    def retake(self) -> None:
        self._capture_note = ""
        self._run(lambda: self.journey.retake())

    @Slot()
    def acceptCapture(self) -> None:
        self._capture_note = ""
        self._run(lambda: self.journey.accept_capture())

    @Slot()
    def bringLater(self) -> None:
        self._capture_note = ""
        self._run(lambda: self.journey.bring_it_later())

    # -- check, submit, confirmation ------------------------------------------------

    def _check_rows(self) -> list:
        if not self.journey or self.journey.step.kind is not StepKind.CHECK:
            return []
        return self._check_rows_in(self._words())

    def _check_rows_in(self, words: ItemWording | None) -> list:
        """The journey's rows (Chinese labels, answers as they read) in the screen's words:
        a field's label and chosen option, a paper's name; a complaint's translated."""
        item = self.journey.item
        fields = {f.label: f for f in item.fields} if item else {}
        papers = {m.name: m for m in item.materials} if item else {}
        rows = []
        for label, value, key in self.journey.check_rows():
            f, paper = fields.get(label), papers.get(label)
            if words is not None and f is not None:
                label = words.field_label(f)
                chosen = next((c for c in f.choices if c.label == value), None)
                value = words.choice(f, chosen) if chosen else value
            elif words is not None and paper is not None:
                label = words.material(paper)
            rows.append({"label": tr_message(label), "value": tr_message(value), "key": key})
        return rows

    checkRows = Property(list, _check_rows, notify=changed)
    # What voice mode reads: the rows of the page shown, told apart from `changed`.
    checkPageRows = Property(
        list, lambda self: self._check_rows()[self._check_page[0]:self._check_page[1]],
        notify=checkPageChanged)
    checkPageFirst = Property(int, lambda self: self._check_page[0], notify=checkPageChanged)
    checkPage = Property(int, lambda self: self._check_page[2], notify=checkPageChanged)
    checkPages = Property(int, lambda self: self._check_page[3], notify=checkPageChanged)

    @Slot(int, int, int, int)
    def showingCheckRows(self, first: int, end: int, page: int, pages: int) -> None:  # noqa: N802
        """The check screen shows rows first..end (end excluded), page `page` of `pages`."""
        if (first, end, page, pages) != self._check_page:
            self._check_page = (first, end, page, pages)
            self.checkPageChanged.emit()

    @Slot(str, result=str)
    def grouped(self, typed: str) -> str:
        """Digits being typed for this question, in the groups people read them in."""
        f = self._field()
        return forms.grouped(f.type, typed) if f else typed

    @Slot(str)
    def change(self, step_key: str) -> None:
        self._run(lambda: self.journey.change(step_key))

    @Slot()
    def submit(self) -> None:
        journey = self.journey
        if not self._run(lambda: journey.submit()):
            return
        self._start_printing(self._kiosk.start_printing_receipt(journey), "receipt")

    def _confirmation(self) -> dict:
        return self._confirmation_in(self._words())

    def _confirmation_in(self, words: ItemWording | None) -> dict:
        """What the journey confirmed, the item's parts in the screen's words (the
        confirmation itself, like the receipt, keeps the platform's Chinese)."""
        c = getattr(self.journey, "confirmation", None) if self.journey else None
        if c is None:
            return {}
        item = self.journey.item
        if words is not None and c.service_code == item.code:
            papers = {m.name: m for m in item.materials}
            name, department = words.name, words.department
            # What happens next: the process after the steps done here (the last ones).
            process = list(words.process)
            next_steps = process[len(process) - len(c.next_steps):] if c.next_steps else []
            to_bring = [
                (words.material(papers[m.name]) if m.name in papers
                 else words.chinese_only(m.name),
                 words.department if m.where == item.department
                 else words.chinese_only(m.where), m.by)
                for m in c.materials_to_bring]
        else:  # a complaint: the journey's own words
            name, department = tr_message(c.service_name), tr_message(c.department)
            next_steps = [tr_message(s) for s in c.next_steps]
            to_bring = [(m.name, m.where, m.by) for m in c.materials_to_bring]
        correction = self.journey.kind == "correction"
        if correction:  # what happens to a correction, not the item's whole process
            next_steps = [tr_message(s) for s in c.next_steps]
        return {
            "trackingNumber": c.tracking_number,
            "serviceName": name,
            "department": department,
            "promisedBy": (self._date_before(c.promised_by) if c.promised_by
                           else "" if correction else self.tr("当场办结")),
            "nextSteps": next_steps,
            "toBring": [
                {"name": paper, "where": where,
                 "by": self.tr("{m}月{d}日").format(m=by.month, d=by.day) if by else ""}
                for paper, where, by in to_bring
            ],
            "hotline": c.hotline,
            "printed": self._printed,
            # A life event: every link, its number and what it waits on.
            "links": chain_links(c, self._kiosk.catalogue, self._kiosk.session.language,
                                 self._date_before),
            "postedTo": posted_to(c),
        }

    def _date_before(self, date) -> str:
        return self.tr("{y}年{m}月{d}日前").format(y=date.year, m=date.month, d=date.day)

    confirmation = Property(dict, _confirmation, notify=changed)

    # -- look up --------------------------------------------------------------------

    def _fetch_if_due(self) -> None:
        """On a look-up's result step with nothing fetched: ask, off this thread (the
        platform may take seconds; the screen says it is asking meanwhile)."""
        journey = self.journey
        if journey is None or not getattr(journey, "answer_due", False) or self._fetching:
            return
        self._start_fetch(journey, 1)

    def _start_fetch(self, journey, page: int) -> None:
        self._fetching = True
        self._lookups.submit(self._fetch, journey, page, journey.answer_round)

    def _fetch(self, journey, page: int, answer_round: int) -> None:
        try:
            result = journey.fetch(page)
        except Exception as exc:  # noqa: BLE001 - a bug here must not leave the screen asking
            log.error("a look-up failed: %s", type(exc).__name__)  # no message: personal
            result = None
        self.lookupFetched.emit(journey, (result, answer_round))

    @Slot(object, object)
    def _on_lookup_fetched(self, journey, fetched) -> None:
        if journey is not self.journey:
            return  # the resident left, or the visit was wiped, meanwhile
        self._fetching = False
        result, answer_round = fetched
        if answer_round != journey.answer_round:  # asked for an answer since forgotten
            self.changed.emit()  # the answer due now is asked for
            return
        if result is None:
            self._run(_raise_unexpected)
            return
        shown = journey.result.record if journey.result else None
        if result.record is None and result.unavailable and shown is not None:
            # Another page could not be had: the page shown stays, with why beside it.
            self._error = tr_message(result.notice)
            self.changed.emit()
            return
        self._error = ""
        journey.take(result, answer_round)
        self.changed.emit()

    @Slot(int)
    def turnPage(self, page: int) -> None:  # noqa: N802 - from QML
        """Another page of the record; the page shown stays until it arrives."""
        journey = self.journey
        result = getattr(journey, "result", None) if journey else None
        record = result.record if result else None
        if record is None or self._fetching or not 1 <= page <= record.pages:
            return
        self._kiosk.session.touch()
        self._start_fetch(journey, page)
        self.changed.emit()

    def _lookup(self) -> dict:
        result = getattr(self.journey, "result", None) if self.journey else None
        if result is None:
            return {"cases": [], "notice": "", "record": None, "busy": self._fetching}
        return {
            "cases": [{"trackingNumber": c.tracking_number, "service": self._case_service(c),
                       "submittedAt": c.submitted_at[:16].replace("T", " "),
                       "state": tr_message(c.state),
                       "correction": correction_of(c)} for c in result.cases],
            "notice": tr_message(result.notice) if result.notice else "",
            "record": self._record(result.record),
            "busy": self._fetching,
        }

    def _record(self, record) -> dict | None:
        if record is None or record.empty:
            return None
        return {
            "title": record.title,
            "asOf": self.tr("数据截至{time}").format(time=local_time_text(record.as_of))
            if record.as_of else "",
            "summary": [{"label": label, "value": value} for label, value in record.summary],
            "rows": [{"cells": [{"label": label, "value": value}
                                for label, value in zip(record.columns, row, strict=True)]}
                     for row in record.rows],
            "page": record.page,
            "pages": record.pages,
            "pageText": self.tr("第 {page} 页，共 {pages} 页").format(
                page=record.page, pages=record.pages) if record.pages > 1 else "",
            "private": not self.journey.public,
        }

    def _case_service(self, case) -> str:
        """A case's service by its name in the screen's language, where the catalogue
        still holds it."""
        item = self._kiosk.catalogue.item(case.service_code)
        return ItemWording(item, self._kiosk.session.language).name if item else \
            case.service_name

    lookup = Property(dict, _lookup, notify=changed)

    def _can_print_record(self) -> bool:
        return self._kiosk.devices.last_state("printer") not in OUT_OF_ORDER

    canPrintRecord = Property(bool, _can_print_record, notify=changed)
    def _can_print_proof(self) -> bool:
        return bool(self.journey is not None and getattr(self.journey, "offers_proof", False))

    def _proof_printer_notice(self) -> str:
        """On a look-up that prints an A4 proof, from its first screen on: the A4 printer
        cannot print now, and what still works (the resident learns it before asking)."""
        journey = self.journey
        record = journey.item.record if journey is not None and journey.item else None
        if record is None or not record.proof or journey.step.kind not in (
                StepKind.IDENTIFY, StepKind.LOOKUP_RESULT):
            return ""
        problem = self._kiosk.document_printer_problem()
        return tr_message(problem) if problem else ""

    canPrintProof = Property(bool, _can_print_proof, notify=changed)
    proofPrinterNotice = Property(str, _proof_printer_notice, notify=changed)

    @Slot()
    def printProof(self) -> None:  # noqa: N802 - from QML
        if not self._can_print_proof() or self._printing:
            return
        self._kiosk.session.touch()
        self._start_printing(self._kiosk.start_printing_proof(self.journey), "proof")

    # The platform is being asked (a look-up, a page of it, a fee's order): the screen
    # says so.
    asking = Property(bool, lambda self: self._fetching or self._payment.creating_order,
                      notify=changed)

    @Slot()
    def printRecord(self) -> None:  # noqa: N802 - from QML
        result = getattr(self.journey, "result", None) if self.journey else None
        if result is None or result.record is None or self._printing:
            return
        self._kiosk.session.touch()
        self._start_printing(self._kiosk.start_printing_record(self.journey), "record")

    # -- rating ---------------------------------------------------------------------

    def _levels(self) -> list:
        return [{"level": n, "label": tr_message(label), "icon": RATING_ICONS[n]}
                for n, label in LEVELS.items()]

    def _reason_options(self) -> list:
        if not self._level:
            return []
        return [{"reason": str(r), "label": tr_message(r), "chosen": str(r) in self._reasons}
                for r in reasons_for(self._level)]

    def _chosen_level(self) -> int:
        return self._level

    def _wants_text(self) -> bool:
        return self._level in DISSATISFIED

    levels = Property(list, _levels, notify=changed)
    reasons = Property(list, _reason_options, notify=changed)
    level = Property(int, _chosen_level, notify=changed)
    wantsText = Property(bool, _wants_text, notify=changed)

    @Slot(int)
    def chooseLevel(self, level: int) -> None:
        if level != self._level:
            self._reasons = []
        self._level = level
        self.changed.emit()

    @Slot(str)
    def toggleReason(self, reason: str) -> None:
        if reason in self._reasons:
            self._reasons.remove(reason)
        else:
            self._reasons.append(reason)
        self.changed.emit()

    @Slot(str)
    def rate(self, text: str) -> None:
        journey = self.journey
        rating = Rating(self._level, tuple(self._reasons), text if self._wants_text() else "")
        problem = None

        def step():
            nonlocal problem
            problem = journey.rate(rating)

        if self._run(step) and problem:
            self._error = tr_message(problem)
            self.changed.emit()

    @Slot()
    def skipRating(self) -> None:
        self._run(lambda: self.journey.skip_rating())

    # -- moving on ------------------------------------------------------------------

    @Slot()
    def next(self) -> None:
        self._run(lambda: self.journey.next())

    def go_back(self) -> bool:
        """False when there is no step to go back to (the screen leaves the journey)."""
        moved = False

        def step():
            nonlocal moved
            moved = self.journey.back()

        self._run(step)
        return moved

    def _reminder_list(self) -> list:
        return self._reminders

    reminders = Property(list, _reminder_list, notify=changed)

    def set_reminders(self, reminders: list[str]) -> None:
        self._reminders = reminders
        self.changed.emit()


    # -- a fee paid by QR code (ui/viewmodels/payment.py) ---------------------------

    payment = Property("QVariant", lambda self: self._payment, constant=True)

    def run(self, action) -> bool:
        """A core step of the payment's, through the session's guard."""
        return self._run(action)

    def print_receipt(self) -> None:
        """The fee is paid: its receipt, as a confirmation's prints."""
        self._start_printing(self._kiosk.start_printing_receipt(self.journey), "receipt")


def _raise_unexpected() -> None:
    raise RuntimeError("a look-up failed unexpectedly")  # the guard's plain message
