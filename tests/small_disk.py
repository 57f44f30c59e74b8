"""A small disk of a test's own: a tmpfs mounted in its temporary directory, which the test
can remount read-only or fill (as root, chmod stops no write, so a real mount it is)."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


class SmallDisk:
    def __init__(self, mount_point: Path):
        self.path = mount_point

    def remount(self, mode: str) -> None:
        subprocess.run(["mount", "-o", f"remount,{mode}", str(self.path)], check=True)

    def fill(self) -> Path:
        """Write a file until the disk is full; returns it (remove it to free the disk)."""
        filler = self.path / "filler"
        with open(filler, "wb") as out:
            try:
                while True:
                    out.write(bytes(64 * 1024))
                    out.flush()
            except OSError:
                pass
        return filler


@contextlib.contextmanager
def small_disk(mount_point: Path, size: str = "8m") -> Iterator[SmallDisk]:
    if os.geteuid() != 0:
        pytest.fail("mounting a tmpfs needs root: these tests run as root, as CI does")
    mount_point.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount_point)],
                   check=True)
    try:
        yield SmallDisk(mount_point)
    finally:
        subprocess.run(["umount", "--lazy", str(mount_point)], check=True)
