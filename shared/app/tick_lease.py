"""The sync tick's lease: one tick at a time, a dead tick's lease taken over soon, and a fence
before every push so that two ticks never push at once.

The numbers:

* ``LEASE_TTL`` = 2 minutes. The tick renews it as it goes: after reading the sheet, after reading
  the shop, after the supplier pulls, and before every single push (the fence). A tick killed
  (kill -9, the platform's timeout) stops renewing; the next tick takes its lease over at most
  ``LEASE_TTL`` after its last renewal, instead of the five minutes of a lease taken for the whole
  tick. It is shorter than the sync function's timeout (``sync_timeout_seconds``, 300 s, in
  infra/terraform/variables.tf; the sheet's 立即同步 is handed to ``sync`` too) and longer
  than any stage of a healthy tick between two renewals, and than one push (the WeChat client's
  calls time out after 10 s and retry a bounded number of times).
* A renewal is a compare-and-swap on the lease's version that succeeds only while the lease names
  this tick (``Journal.renew_lease``): it never takes a lease over.

Why two ticks cannot push at once: tick B may take the lease over only when it reads a lease whose
``until`` has passed, and its takeover is itself a compare-and-swap on the version it read. Tick A
pushes only right after a renewal that succeeded, which set ``until`` to (renewal time + 2 min) and
changed the version. So B's takeover comes after A's last renewal by at least ``LEASE_TTL`` (less
any clock difference between the two instances), by which time A's push, begun just after that
renewal, is over; and A's next fence finds the lease no longer its own and stops pushing. The
assumption is that one push ends within ``LEASE_TTL`` minus the clock difference, which the client's
timeouts and bounded retries give with a wide margin. A store that cannot be reached fails the
fence too: a tick that cannot prove it holds the lease does not push.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from shared.journal.errors import JournalError
from shared.journal.journal import Journal

log = logging.getLogger("waybill.tick")
LEASE = "sync"
LEASE_TTL = timedelta(minutes=2)


class LeaseLost(RuntimeError):
    """The tick no longer holds its lease (another tick took it over): it must not push any more."""


@dataclass
class TickLease:
    journal: Journal
    clock: Callable[[], datetime]
    name: str = LEASE
    ttl: timedelta = LEASE_TTL
    holder: str = field(default_factory=lambda: uuid.uuid4().hex)
    lost: bool = False
    renewals: int = 0

    def acquire(self) -> bool:
        return self.journal.acquire_lease(self.name, self.holder, self.clock(), self.ttl)

    def holds(self) -> bool:
        """Renew the lease; False (for good: ``lost``) when it is this tick's no more. The fence."""
        if self.lost:
            return False
        try:
            renewed = self.journal.renew_lease(self.name, self.holder, self.clock(), self.ttl)
        except JournalError as exc:
            log.warning("tick lease: renewal failed (%s); stopping", exc)
            renewed = False
        if renewed:
            self.renewals += 1
        else:
            self.lost = True
        return renewed

    def renew(self) -> None:
        """Between stages: renew, or raise ``LeaseLost``."""
        if not self.holds():
            raise LeaseLost("another tick took the lease over")

    def release(self) -> None:
        if not self.lost:
            self.journal.release_lease(self.name, self.holder, self.clock())
