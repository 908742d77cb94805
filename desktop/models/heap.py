"""Process memory of the table's rows (issue 13, peak RSS). Linux/glibc only; a no-op
elsewhere. ``load_cached`` calls both, so every process that loads the table's rows
(the app, its tests, the benchmarks) behaves alike."""

from __future__ import annotations

import sys
from typing import Any

_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter
_MMAP_THRESHOLD = 128 * 1024
_tuned = False


def _libc() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL("libc.so.6")
    except (OSError, AttributeError):
        return None


def tune_allocator() -> None:
    """glibc: keep every block over 128 KiB in its own mapping, returned to the OS when
    freed (issue 13, peak RSS). By default glibc raises that threshold after the first
    such free, so the 100k-entry lists and inflated buffers of a load, a search or a
    sort then come from the heap and their pages stay resident: the snapshot read
    left 76 MB resident instead of 56 MB, and its peak was 9 MB higher."""
    global _tuned
    if _tuned:
        return
    _tuned = True
    libc = _libc()
    if libc is not None:
        try:
            libc.mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)
        except AttributeError:  # not glibc
            pass


def trim_heap() -> None:
    """glibc: return the free pages of the heap to the OS (``malloc_trim``: ~0.1 ms at
    100k rows once the threshold is set, ~2 ms without)."""
    libc = _libc()
    if libc is not None:
        try:
            libc.malloc_trim(0)
        except AttributeError:
            pass
