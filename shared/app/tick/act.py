"""Stage 4, act: journal what the plan noted, push (intent, call, outcome, audit entry), decide
what the pushed rows show now (pure: shared/reconcile/after_pushes.py), and journal each number left
refused, once (shared/app/refusals.py)."""

from __future__ import annotations

from dataclasses import dataclass

from shared.app.pushes import PushResult, execute
from shared.app.refusals import journal_refusals
from shared.app.shop_couriers import ShopCouriers
from shared.app.tick.deps import TickDeps
from shared.app.tick.gather import Gathered
from shared.app.tick.read import Read
from shared.app.tick_lease import LeaseLost, TickLease
from shared.journal.records import AuditEntry
from shared.reconcile.after_pushes import AfterPushes, after_pushes
from shared.reconcile.plan import Plan


@dataclass(frozen=True, slots=True)
class Acted:
    """``after``: the rows' decisions once the pushes are done, and the alerts of refused pushes;
    ``logged``: every entry this pass journaled, in the order 日志 shows them."""

    pushes: tuple[PushResult, ...]
    after: AfterPushes
    logged: tuple[AuditEntry, ...]


def act(deps: TickDeps, read: Read, gathered: Gathered, plan: Plan, lease: TickLease | None) -> Acted:
    """``lease``: the sync tick's, renewed before each push (the fence); once lost, what was pushed
    is saved to the journal and the pass stops here (raises ``LeaseLost``) without writing the sheet."""
    journal, facts = deps.journal, gathered.facts
    notes = _notes(deps, plan)
    for entry in [*read.entries, *notes]:  # what was seen, then the pushes it led to (as in 日志)
        journal.append(entry)
    broke = read.layout.journal_changes(journal, deps.clock(), deps.actor)
    # The shop's courier list is read (journal copy, at most daily from the shop) only if a push needs it.
    couriers = ShopCouriers(journal, deps.shop, deps.clock)
    results = execute(
        plan.pushes,
        deps.shop,
        journal,
        facts,
        gathered.orders,
        deps.clock,
        deps.actor,
        lease.holds if lease is not None else None,
        couriers=couriers.delivery_id,
    )
    # Journal first, sheet second: what the shop agreed to must survive a failed sheet write, or the
    # next tick would take the operator's later correction for a mismatch.
    facts.save(journal)
    if lease is not None and lease.lost:
        raise LeaseLost("another tick took the lease over during the pushes")
    known = facts.as_facts(gathered.unresolved)
    after = after_pushes(plan, [r.outcome for r in results], known)
    pushed = [r.entry for r in results if r.entry is not None]
    # Each number left refused, once per order and number (shared/app/refusals.py).
    rows = {r.order_id: r for r in read.rows}
    refused = journal_refusals(journal, after.decisions, rows, plan.fills, known.refused, deps.clock())
    logged = (*broke, *gathered.settled, *read.entries, *notes, *pushed, *refused)
    return Acted(tuple(results), after, logged)


def _notes(deps: TickDeps, plan: Plan) -> list[AuditEntry]:
    """The plan's audit notes as journal entries (the time they are journaled, "noted")."""
    return [
        AuditEntry(
            deps.clock(),
            "operator" if n.source == "sheet" else n.source,
            n.action,
            n.order_id,
            n.field,
            n.old,
            n.new,
            n.source,
            n.reason,
            "noted",
        )
        for n in plan.audits
    ]
