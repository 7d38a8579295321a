"""Pause the cyclic garbage collector around bulk building of acyclic records.

Decoding a cached corpus and reconciling it each allocate millions of small objects that
hold no reference cycles. With the collector on, its generational scans walk them again
and again as they pile up (reconciliation took x15 the time for x10 mentions); reference
counting frees them anyway, so the scans find nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run the block with the collector off, then freeze what survived out of its sight.

    The survivors (records, rows, indexes) live until the tables are written: without the
    freeze, the first collection after the pause would walk every one of them (a second
    at 100k mentions) to find nothing. A caller that had the collector off keeps it off.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()
