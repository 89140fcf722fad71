"""A sync tick's memory: full garbage collections held off while it runs, its caches emptied after.

Why: a tick builds its large views (every row of 订单, the shop's orders, the journal's facts) in one go,
and they all live until it ends. Each time the objects that survived grow by a quarter, CPython walks
every tracked object in a full collection; at 37,000 rows that was about a fifth of a tick's CPU and
found nothing to free (those views are acyclic, and freed by reference counting when the tick ends).
Young collections go on as before: they free the short-lived cycles that clients and exceptions make
(with the collector off altogether, those piled up: +60 MB at the peak of a 37,000-row tick). One full
collection runs after the tick.

The pure core's caches (a cell's numbers, a sheet time's instant) are emptied after the tick too. Their
entries are made in the middle of the tick's largest views, and each one keeps the 1 MiB block of
memory it sits in from going back to the system: over a simulated month at 1,000 orders a day the
resident set between ticks grew to ~220 MB with them kept, ~200 MB with them emptied, with no slower
tick (the next tick fills them again once, and hits them within itself).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from shared.couriers.cells import cell_numbers
from shared.reconcile.deadline import from_sheet_time

# Full collections run after this many collections of the middle generation: in effect, none in a tick.
HELD = 1_000_000

# Caches a tick fills (functools.lru_cache): emptied when it ends.
TICK_CACHES = (cell_numbers, from_sheet_time)


@contextmanager
def tick_memory() -> Iterator[None]:
    """The sync tick runs inside: no full collection, then its caches emptied and one full collection."""
    with full_collections_held():
        try:
            yield
        finally:
            for cache in TICK_CACHES:
                cache.cache_clear()


# Ticks of several shops may overlap in one process (threads): the first to start holds, the last to
# end restores the threshold it found (each restoring its own would leave the held one behind).
_holding = threading.Lock()
_holders: list[int] = []  # the full-collection threshold found by the first holder, while any hold


@contextmanager
def full_collections_held() -> Iterator[None]:
    """No full collection inside (young ones go on); one full collection after the last overlapping
    hold ends, when the collector is on."""
    with _holding:
        if not _holders:
            young, middle, full = gc.get_threshold()
            _holders.append(full)
            gc.set_threshold(young, middle, max(full, HELD))
        else:
            _holders.append(_holders[0])
    try:
        yield
    finally:
        with _holding:
            found = _holders.pop()
            last = not _holders
            if last:
                young, middle, _ = gc.get_threshold()
                gc.set_threshold(young, middle, found)
        if last and gc.isenabled():
            gc.collect()
