"""Full collections of the cyclic garbage collector held off while a sync tick runs.

Why: a tick builds its large views (every row of 订单, the shop's orders, the journal's facts) in one go,
and they all live until it ends. Each time the objects that survived grow by a quarter, CPython walks
every tracked object in a full collection; at 37,000 rows that was about a fifth of a tick's CPU and
found nothing to free (those views are acyclic, and freed by reference counting when the tick ends).
Young collections go on as before: they free the short-lived cycles that clients and exceptions make
(with the collector off altogether, those piled up: +60 MB at the peak of a 37,000-row tick). One full
collection runs after the tick.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Full collections run after this many collections of the middle generation: in effect, none in a tick.
HELD = 1_000_000


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
