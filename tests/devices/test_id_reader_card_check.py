"""A card read counts as proof only when its number passes its card type's rule.

The frame's one-byte XOR checksum cannot see two bytes changed alike: such a read
decodes into another, wrong ID number. The terminal's reader, built from its
configuration as on a real terminal and talking to the emulated module over a
pseudo-terminal, reads again when the number fails its check, and reports a card that
never reads well as refused (never as a read), with a reason for the screen.
"""

from __future__ import annotations

import pytest

from drivers.id_reader.emulator import SamModuleEmulator, load_cards
from drivers.id_reader.ga467 import Command
from drivers.id_reader.protocol import CardRead, CardRefused, CardRemoved
from drivers.id_reader.pty_emulator import PtySamModule
from drivers.manager import DeviceManager
from kiosk.config import load_config
from kiosk.identity import card_number_problem
from kiosk.wiring import build_device


@pytest.fixture
def terminal(tmp_path):
    """(the device manager with the configured GA 467 reader, the emulated module)."""
    link = tmp_path / "id-reader"
    sam = PtySamModule(SamModuleEmulator(load_cards()), link=link).start()
    config_file = tmp_path / "kiosk.toml"
    config_file.write_text(
        f'[devices.id_reader]\ndriver = "ga467"\nport = "{link}"\nanswer_timeout_ms = 300\n',
        encoding="utf-8",
    )
    reader, _ = build_device(load_config(config_file), "id_reader")
    manager = DeviceManager({"id_reader": reader})
    yield manager, sam.module
    manager.close()
    sam.close()


def reads(module: SamModuleEmulator) -> int:
    return module.commands.count(Command.READ_TEXT_PHOTO)


def test_a_number_damaged_past_the_checksum_is_never_taken_as_read(terminal):
    manager, module = terminal
    module.damage_next_reads(10)  # every read comes back damaged
    module.present_card("li_jianguo")

    [(kind, event)] = manager.poll_cards()

    assert kind == "id_reader"
    assert isinstance(event, CardRefused), "a damaged number was accepted as a card read"
    assert event.problem  # what the screen can say
    assert reads(module) == 3  # read again, a bounded number of times
    # The refused card is not read again while it lies there; lifting it is reported.
    assert manager.poll_cards() == [] and reads(module) == 3
    module.remove_card()
    manager.poll_cards()
    assert manager.poll_cards() == [("id_reader", CardRemoved())]


def test_a_transient_damage_is_read_again_and_the_card_counts(terminal):
    manager, module = terminal
    module.damage_next_reads(1)
    module.present_card("li_jianguo")

    [(_, event)] = manager.poll_cards()

    assert isinstance(event, CardRead)
    assert event.data.id_number == module.cards["li_jianguo"].data.id_number
    assert reads(module) == 2


@pytest.mark.parametrize("key", sorted(load_cards()))
def test_every_sample_card_passes_its_own_rule(key):
    assert card_number_problem(load_cards()[key].data) is None
