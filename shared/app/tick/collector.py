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


@contextmanager
def full_collections_held() -> Iterator[None]:
    """No full collection inside (young ones go on); one full collection after, when it was on."""
    young, middle, full = gc.get_threshold()
    gc.set_threshold(young, middle, max(full, HELD))
    try:
        yield
    finally:
        gc.set_threshold(young, middle, full)
        if gc.isenabled():
            gc.collect()
