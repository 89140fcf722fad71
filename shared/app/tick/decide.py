"""Stage 3, decide: reconcile decides every row the pass read (pure, shared/reconcile)."""

from __future__ import annotations

from datetime import datetime

from shared.app.tick.gather import Gathered
from shared.app.tick.read import Read
from shared.reconcile.engine import reconcile
from shared.reconcile.link_suggest import with_link_hints
from shared.reconcile.plan import Plan


def decide(read: Read, gathered: Gathered, now: datetime) -> Plan:
    """The plan for ``read.rows``; the other rows read are consulted for numbers they share. A row
    waiting for its 1688 link is told the suggested purchase (shown only:
    shared/reconcile/link_suggest.py)."""
    plan = reconcile(
        read.rows,
        gathered.orders,
        gathered.news.reports,
        gathered.facts.as_facts(gathered.unresolved),
        read.workspace.settings,
        now,
        gathered.logistics.views,
        context=read.every_row,
        archived=set(gathered.archived),
    )
    return with_link_hints(plan, read.rows, gathered.links.hints, gathered.links.new)
