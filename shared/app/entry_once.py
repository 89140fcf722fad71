"""Entry points that must act once per request: a sheet edit, a shop event, a Kuaidi100 push.

The request's key is claimed in the journal before any work (``Journal.once``), so copies of one
request that arrive together, or while the first is still at work, do not run it again. What each
copy is told:

* ``Ran``: this copy did the work (its result is stored for later copies);
* ``Done``: an earlier copy did it; its stored result is there to answer with;
* ``Busy``: an earlier copy is at it right now. Each handler answers so that its caller's own retry
  policy settles it (functions/*.py say how).

A work that raises releases the claim, so a real retry runs it. A holder that dies (killed, out of
time) keeps the key until its claim expires: ``HOLD`` is longer than the HTTP functions' timeout
(60 s, infra/terraform/locals.tf), so a live holder is never overtaken, and a dead one's request is
taken over by the caller's next retry after at most two minutes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from shared.journal.journal import Journal
from shared.journal.once import Busy, Claim, ClaimLost, Done

log = logging.getLogger("waybill.once")
HOLD = timedelta(minutes=2)


@dataclass(frozen=True, slots=True)
class Ran:
    result: dict[str, Any] = field(default_factory=dict)


def act_once(
    journal: Journal,
    key: str,
    clock: Callable[[], datetime],
    work: Callable[[], dict[str, Any]],
    hold: timedelta = HOLD,
) -> Ran | Done | Busy:
    """Run ``work`` unless another copy of the request ran it or is running it."""
    got = journal.once(key, clock(), hold)
    if not isinstance(got, Claim):
        return got
    try:
        result = work()
    except BaseException:
        got.release(now=clock())
        raise
    try:
        got.done(result, now=clock())
    except ClaimLost:
        # Our claim expired while we worked and a copy took it over: the work may have run twice.
        # Nothing to undo here; said loudly so that a hold too short for the work shows in the logs.
        log.warning("once %s: the claim expired during the work and was taken over", key)
    return Ran(result)
