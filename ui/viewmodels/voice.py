"""Voice mode as the screens see it: on or off, the resident's volume and rate, the
headset, hearing one's own data, the blanked screen; the voice panel's buttons.

The core's `VoiceGuide` does the speaking on its own thread; what it reports from there
(a headset plugged or pulled, the engine down or back) crosses here as a queued signal.
"""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal, Slot

from drivers.speaker.protocol import RATE_STEPS, VOLUME_STEPS_DB, Output
from ui.viewmodels.icons import VOICE_ICONS


class VoiceViewModel(QObject):
    changed = Signal()
    outputChanged = Signal()  # emitted on the voice thread: queued to this one
    sayScreen = Signal()  # voice mode came on: the whole screen is said
    unplugged = Signal()  # the headset came out: what changed with it goes unsaid

    def __init__(self, guide, parent=None):
        super().__init__(parent)
        self.guide = guide
        self._panel = False
        self._headset = guide.output is Output.HEADSET
        self.outputChanged.connect(self._follow_output)
        guide.on_change(self.outputChanged.emit)

    def _is_on(self) -> bool:
        return self.guide.on

    def _headset_in(self) -> bool:
        return self.guide.output is Output.HEADSET

    def _own_data(self) -> bool:
        return self.guide.own_data

    def _blanked(self) -> bool:
        return self.guide.screen_blanked

    def _panel_shown(self) -> bool:
        return self._panel

    def _volume(self) -> int:
        return self.guide.volume_step + 1

    def _rate(self) -> int:
        return self.guide.rate_step + 1

    def _engine_ok(self) -> bool:
        return self.guide.engine_ok

    on = Property(bool, _is_on, notify=changed)
    headset = Property(bool, _headset_in, notify=changed)
    ownData = Property(bool, _own_data, notify=changed)
    screenBlanked = Property(bool, _blanked, notify=changed)
    panelShown = Property(bool, _panel_shown, notify=changed)
    volume = Property(int, _volume, notify=changed)  # 1 .. volumeSteps
    volumeSteps = Property(int, lambda self: len(VOLUME_STEPS_DB), constant=True)
    rate = Property(int, _rate, notify=changed)  # 1 .. rateSteps
    rateSteps = Property(int, lambda self: len(RATE_STEPS), constant=True)
    engineOk = Property(bool, _engine_ok, notify=changed)
    icons = Property("QVariantMap", lambda self: VOICE_ICONS, constant=True)

    # -- the resident's buttons ---------------------------------------------------------

    @Slot()
    def toggle(self) -> None:
        """"语音引导": off, it comes on and says the screen; on, it opens its settings."""
        if self.guide.on:
            self._panel = True
            self.changed.emit()
        else:
            self._turn_on()

    def help_key(self) -> None:
        """The keypad's help key: voice mode on (saying the screen), or the screen again."""
        if self.guide.on:
            self.guide.silence()
            self.sayScreen.emit()
        else:
            self._turn_on()

    @Slot()
    def turnOff(self) -> None:
        self.guide.turn_off()
        self._panel = False
        self.changed.emit()

    @Slot()
    def closePanel(self) -> None:
        self._panel = False
        self.changed.emit()

    @Slot()
    def repeat(self) -> None:
        """"再听一遍": the whole screen again."""
        self.sayScreen.emit()

    @Slot()
    def louder(self) -> None:
        self._setting(self.guide.louder())

    @Slot()
    def quieter(self) -> None:
        self._setting(self.guide.quieter())

    @Slot()
    def faster(self) -> None:
        self._setting(self.guide.faster())

    @Slot()
    def slower(self) -> None:
        self._setting(self.guide.slower())

    @Slot(bool)
    def hearOwnData(self, wanted: bool) -> None:
        self._setting(self.guide.hear_own_data(wanted))

    @Slot(bool)
    def blankScreen(self, blanked: bool) -> None:
        self._setting(self.guide.blank_screen(blanked))

    def _setting(self, done: bool) -> None:
        if done:
            self.changed.emit()

    def _turn_on(self) -> None:
        self.guide.turn_on()
        self.changed.emit()
        self.sayScreen.emit()

    # -- from the core ------------------------------------------------------------------

    def elder_mode(self, on: bool) -> None:
        if on and not self.guide.on:
            self.guide.elder_mode_on()
            self.changed.emit()
            self.sayScreen.emit()

    def wipe(self) -> None:
        self._panel = False
        self.changed.emit()

    def _follow_output(self) -> None:
        headset = self.guide.output is Output.HEADSET
        plugged = headset and not self._headset
        self._headset = headset
        if plugged and not self.guide.on:  # a headset plugged in turns voice mode on
            self._turn_on()
            return
        self.changed.emit()
        if not headset:
            self.unplugged.emit()
