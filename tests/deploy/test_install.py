"""deploy/install.sh into a temporary root: what a county technician's terminal gets.

Not covered here (they need the real root, and the network): the Debian packages, and
building the application's virtual environment (--skip-packages leaves both out; the
test of the kiosk under cage runs the application as an unprivileged user instead).
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess

import pytest

from kiosk.config import load_config
from tests.deploy.target_root import (
    INSTALLER,
    UNIT,
    account,
    install_into,
    make_base,
    member_of,
    unit_settings,
)

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0, reason="installing a terminal (users, owners) needs root")

CONF = "etc/one-terminal-kiosk"


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    root = tmp_path_factory.mktemp("terminal") / "root"
    make_base(root)
    return install_into(root)


@pytest.fixture(scope="module")
def unit(installed):
    return unit_settings(installed.root / "etc/systemd/system" / UNIT)


def test_the_installer_succeeds_and_says_what_to_edit(installed):
    assert installed.returncode == 0, installed.output
    assert "/etc/one-terminal-kiosk/kiosk.toml" in installed.output


def test_systemd_analyze_verify_says_nothing_about_the_unit(installed):
    """verify exits 0 even for WatchdogSec=banana: any line it prints is a fault."""
    assert installed.verify_output == ""
    assert installed.verify_returncode == 0


def test_verify_would_catch_a_bad_value(tmp_path):
    """The check above can fail: a unit with a broken watchdog and a missing program
    gets lines from verify in the same kind of root."""
    root = tmp_path / "root"
    make_base(root)
    broken = tmp_path / "broken"
    shutil.copytree(INSTALLER.parent, broken)
    service = broken / UNIT
    service.write_text(service.read_text(encoding="utf-8")
                       .replace("WatchdogSec=30s", "WatchdogSec=banana")
                       .replace("/usr/bin/cage", "/usr/bin/no-such-cage"), encoding="utf-8")
    result = install_into(root, installer=broken / "install.sh")
    assert result.returncode == 0, result.output
    assert "banana" in result.verify_output
    assert "no-such-cage" in result.verify_output


def test_the_kiosk_runs_as_its_own_unprivileged_user(installed, unit):
    (user,) = unit["Service.User"]
    fields = account(installed.root, user)
    assert fields is not None, f"User={user} is not in the terminal's /etc/passwd"
    uid, shell = int(fields[2]), fields[6]
    assert 0 < uid < 1000  # a system user
    assert shell == "/usr/sbin/nologin"
    assert account(installed.root, user, "shadow")[1] in ("!", "*", "!*")  # no password
    groups = member_of(installed.root, user)
    # serial ID reader, printer device file, camera, GPU render node, sound card
    assert {"dialout", "lp", "video", "render", "audio"} <= groups
    assert not groups & {"root", "sudo", "adm"}


def test_the_unit_runs_the_kiosk_full_screen_under_cage_on_tty1(installed, unit):
    assert unit["Service.Type"] == ["notify"]
    assert unit["Service.NotifyAccess"] == ["all"]
    assert unit["Service.Restart"] == ["always"]
    assert unit["Service.TTYPath"] == ["/dev/tty1"]
    assert "getty@tty1.service" in " ".join(unit["Unit.Conflicts"])
    (pam,) = unit["Service.PAMName"]
    assert (installed.root / "etc/pam.d" / pam).is_file()
    assert "pam_systemd.so" in (installed.root / "etc/pam.d" / pam).read_text()
    (command,) = unit["Service.ExecStart"]
    words = command.split()
    assert words[0] == "/usr/bin/cage"
    cage_flags = words[1:words.index("--")]
    assert "-s" not in cage_flags  # cage 0.1.4 allows console switching only with -s
    kiosk = words[words.index("--") + 1:]
    assert kiosk[:2] == ["/opt/one-terminal-kiosk/current/bin/kiosk", "run"]
    assert kiosk[kiosk.index("--config") + 1] == "/etc/one-terminal-kiosk/kiosk.toml"
    assert kiosk[kiosk.index("--data-dir") + 1] == "/var/lib/one-terminal-kiosk"
    (setup,) = unit["Service.ExecStartPre"]
    helper = setup.split()[1]
    assert (installed.root / helper.lstrip("/")).is_file()


def test_the_watchdog_is_a_time_span_systemd_reads(unit):
    (value,) = unit["Service.WatchdogSec"]
    parsed = subprocess.run(["systemd-analyze", "timespan", value], capture_output=True,
                            text=True, timeout=30)
    assert parsed.returncode == 0, parsed.stderr
    microseconds = next(line.split(":")[1] for line in parsed.stdout.splitlines()
                        if line.strip().startswith("μs:"))
    assert int(microseconds) > 0


def mode_owner(path):
    info = path.stat()
    return stat.S_IMODE(info.st_mode), info.st_uid, info.st_gid


def test_configuration_keys_and_data_belong_to_whom_they_must(installed):
    fields = account(installed.root, "kiosk")
    kiosk_uid, kiosk_gid = int(fields[2]), int(fields[3])
    root = installed.root
    # The configuration: root's, read by the kiosk through its group, by nobody else
    assert mode_owner(root / CONF) == (0o750, 0, kiosk_gid)
    assert mode_owner(root / CONF / "kiosk.toml") == (0o640, 0, kiosk_gid)
    # Keys and the store: the kiosk user's alone
    assert mode_owner(root / CONF / "keys") == (0o700, kiosk_uid, kiosk_gid)
    assert mode_owner(root / "var/lib/one-terminal-kiosk") == (0o700, kiosk_uid, kiosk_gid)
    # The kiosk switches its `current` version link after an update; the versions
    # themselves are root's alone.
    assert mode_owner(root / "opt/one-terminal-kiosk") == (0o775, 0, kiosk_gid)
    assert mode_owner(root / "opt/one-terminal-kiosk/releases") == (0o755, 0, 0)


def test_the_written_configuration_is_one_the_kiosk_loads(installed):
    """The template loads as it is, keeps the keys apart from the store, and names real
    drivers: an installed terminal never pretends to have devices."""
    config = load_config(installed.root / CONF / "kiosk.toml")
    assert config.storage.key_dir == "/etc/one-terminal-kiosk/keys"
    for kind in ("id_reader", "card_reader", "printer", "camera", "speaker"):
        assert config.devices[kind].driver != "emulated", kind
    assert (installed.root / CONF / "kiosk.example.toml").is_file()


def test_the_terminal_boots_into_the_kiosk_and_nowhere_else(installed):
    root = installed.root
    assert (root / "etc/systemd/system/graphical.target.wants" / UNIT).is_symlink()
    assert os.readlink(root / "etc/systemd/system/default.target").endswith("graphical.target")
    # Releases the kiosk downloads are installed by root as they land in its data dir
    updater = root / "etc/systemd/system/multi-user.target.wants/one-terminal-kiosk-update.path"
    assert updater.is_symlink()
    watched = unit_settings(root / "etc/systemd/system/one-terminal-kiosk-update.path")
    assert watched["Path.PathExistsGlob"] == ["/var/lib/one-terminal-kiosk/updates/*.release"]
    # No login prompt on tty1 (Debian enables one), none started on other consoles
    assert not (root / "etc/systemd/system/getty.target.wants/getty@tty1.service").exists()
    logind = (root / "etc/systemd/logind.conf.d/one-terminal-kiosk.conf").read_text()
    assert "NAutoVTs=0" in logind and "ReserveVT=0" in logind
    # A plugged-in keyboard: no SysRq, no Ctrl-Alt-Del reboot
    assert "kernel.sysrq = 0" in (root / "etc/sysctl.d/90-one-terminal-kiosk.conf").read_text()
    assert os.readlink(root / "etc/systemd/system/ctrl-alt-del.target") == "/dev/null"


def test_time_sync_journal_cap_and_audio_server(installed):
    root = installed.root
    # enabled: the links systemctl makes (their targets are in the root's /lib)
    timesync = root / "etc/systemd/system/sysinit.target.wants/systemd-timesyncd.service"
    assert os.readlink(timesync).endswith("/systemd/system/systemd-timesyncd.service")
    journald = (root / "etc/systemd/journald.conf.d/one-terminal-kiosk.conf").read_text()
    assert "SystemMaxUse=" in journald
    # the kiosk user's login session starts its audio server
    audio = root / "etc/systemd/user/sockets.target.wants/pulseaudio.socket"
    assert os.readlink(audio).endswith("/systemd/user/pulseaudio.socket")


def test_a_second_run_keeps_the_technicians_work_and_puts_modes_right(tmp_path):
    root = tmp_path / "root"
    make_base(root)
    assert install_into(root).returncode == 0
    config = root / CONF / "kiosk.toml"
    config.write_text('[terminal]\nid = "HZ0001"\n', encoding="utf-8")
    config.chmod(0o644)  # opened up by mistake
    store = root / "var/lib/one-terminal-kiosk"
    (store / "kiosk.db").write_bytes(b"the store")
    store.chmod(0o755)
    again = install_into(root)
    assert again.returncode == 0, again.output
    assert config.read_text(encoding="utf-8") == '[terminal]\nid = "HZ0001"\n'
    assert mode_owner(config)[0] == 0o640
    assert (store / "kiosk.db").read_bytes() == b"the store"
    assert mode_owner(store)[0] == 0o700
    assert again.verify_output == ""
    assert (root / "etc/passwd").read_text().count("\nkiosk:") == 1


def test_a_mistyped_option_is_one_line_and_installs_nothing(tmp_path):
    root = tmp_path / "root"
    make_base(root)
    result = install_into(root, "--rooot", "/")
    assert result.returncode == 2
    assert result.output.strip().splitlines() == [
        "install.sh: unknown option --rooot (see --help)"]
    assert not (root / CONF).exists()
