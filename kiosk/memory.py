"""Keeping a terminal that runs for months from creeping up in memory.

Camera frames (2.7 MB each at 1280x720) come and go several times a second while a
resident captures papers. glibc's malloc raises its mmap threshold each time such a
block is freed, after which big blocks come from the heap instead, fragment it, and are
never handed back: the process's memory creeps up visit after visit though nothing leaks.
Fixing the threshold keeps big blocks in mmap (returned at free), and trimming the heap
once a visit ends hands back what smaller frees left. Elsewhere than glibc, both do
nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

log = logging.getLogger(__name__)

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD_BYTES = 256 * 1024  # anything this big is its own mapping
TRIM_THRESHOLD_BYTES = 1024 * 1024


def _libc():
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        libc = ctypes.CDLL(name)
        libc.mallopt  # noqa: B018 - glibc only
        libc.malloc_trim  # noqa: B018
    except (OSError, AttributeError):
        return None
    return libc


_LIBC = _libc()


def limit_heap_growth() -> bool:
    """Once at start: fixed thresholds instead of glibc's sliding ones."""
    if _LIBC is None:
        return False
    ok = (_LIBC.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES) == 1
          and _LIBC.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES) == 1)
    if not ok:
        log.warning("could not set the allocator's thresholds; memory may creep")
    return ok


def return_free_memory() -> None:
    """After a visit: give the operating system back the heap's free pages."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)
