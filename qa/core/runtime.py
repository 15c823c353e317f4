"""Process-level helpers that do not change what the code computes, only how fast."""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_paused = 0
_was_enabled = True


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cycle collector while building large structures of objects (a manifest
    of 100,000 chunks, the lookups over them): each full collection walks every object alive,
    and building triggers several. Reference counting still frees everything at once; the
    collector resumes (if it was running) when the last pause ends (pauses may overlap)."""
    global _paused, _was_enabled
    with _lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0 and _was_enabled:
                gc.enable()
