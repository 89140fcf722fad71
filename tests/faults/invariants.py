"""The four invariants, checked after the faults cleared, as pure functions of what was observed:
the shop emulator's log of applied waybill writes, the journal's audit entries, the 订单 tab, the
operator's ledger, the shop's and the supplier's numbers, and a further tick."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from shared.journal.records import AuditEntry
from sheet_templates.workspace import status_label
from tests.faults.fworld import Edit

SEND = "/channels/ec/order/delivery/send"
FINAL_LABELS = {status_label("shipped", "zh"), status_label("corrected", "zh")}


@dataclass(frozen=True)
class Change:
    """One change the shop applied to an order's tracking numbers (send or update)."""

    order_id: str
    path: str
    before: frozenset[str]
    after: frozenset[str]


@dataclass
class Observed:
    calls: Sequence[Mapping[str, Any]]  # the shop's log of send/update calls
    audit: Sequence[AuditEntry]
    rows: Mapping[str, Mapping[str, str]]  # 订单 records by order id
    edits: Sequence[Edit]
    shop: Mapping[str, Sequence[str]]  # order -> waybills on the shop
    expected: Mapping[str, Sequence[str]]  # order -> the numbers it must end with
    quiet: Mapping[str, int] = field(default_factory=dict)  # what a further tick did


def changes(calls: Sequence[Mapping[str, Any]]) -> list[Change]:
    """The applied calls (the log names their order and numbers after), each with the numbers
    before it: the previous applied call's numbers for that order (none before the first)."""
    last: dict[str, frozenset[str]] = {}
    out = []
    for call in sorted((c for c in calls if "waybills" in c), key=lambda c: int(c["seq"])):
        order_id = str(call["order_id"])
        after = frozenset(call["waybills"])
        out.append(Change(order_id, str(call["path"]), last.get(order_id, frozenset()), after))
        last[order_id] = after
    return out


def double_pushes(calls: Sequence[Mapping[str, Any]], needed_sends: Mapping[str, int]) -> list[str]:
    """Applied calls beyond what each order needed: a change applied twice, or more sends than the
    order's parcels (``needed_sends``)."""
    found = []
    seen = Counter(changes(calls))
    for change, count in seen.items():
        if count > 1:
            found.append(f"{change.order_id}: {change.path} {sorted(change.after)} applied {count} times")
    sends = Counter(c.order_id for c in seen if c.path == SEND)
    for order_id, count in sends.items():
        if count > needed_sends.get(order_id, 1):
            found.append(f"{order_id}: {count} different sends for {needed_sends.get(order_id, 1)} parcel(s)")
    return found


def lost_edits(edits: Sequence[Edit], rows: Mapping[str, Mapping[str, str]]) -> list[str]:
    """Cells whose last typed value is no longer there (overwritten by the system, or the row gone)."""
    last: dict[tuple[str, str], str] = {}
    for edit in edits:
        last[(edit.order_id, edit.header)] = edit.value
    found = []
    for (order_id, header), value in last.items():
        shown = rows.get(order_id, {}).get(header)
        if shown is None or shown.strip() != value.strip():
            found.append(f"{order_id} {header}: typed {value!r}, sheet shows {shown!r}")
    return found


def _numbers(text: str | None) -> frozenset[str]:
    return frozenset((text or "").split())


def is_shop_change(entry: AuditEntry) -> bool:
    """An entry that says the shop's numbers changed (not an operator's edit, nor a note, nor a
    failure)."""
    result = entry.result or ""
    return (
        entry.field_name == "tracking_numbers"
        and entry.source != "sheet"
        and result != "noted"
        and not result.startswith("failed")
    )


def journal_gaps(
    calls: Sequence[Mapping[str, Any]], audit: Sequence[AuditEntry]
) -> tuple[list[str], list[str]]:
    """(lost, extra): changes the shop applied with no audit entry (order, old, new), and audit entries
    of shop changes beyond one per change (or for a change that never happened)."""
    entries = Counter(
        (e.order_id or "", _numbers(e.old), _numbers(e.new)) for e in audit if is_shop_change(e)
    )
    wanted = Counter((c.order_id, c.before, c.after) for c in changes(calls))
    lost = [
        f"{o}: {sorted(b)} -> {sorted(a)} not in the journal"
        for (o, b, a), n in (wanted - entries).items()
        for _ in range(n)
    ]
    extra = [
        f"{o}: {sorted(b)} -> {sorted(a)} journaled once too often"
        for (o, b, a), n in (entries - wanted).items()
        for _ in range(n)
    ]
    return lost, extra


def unconverged(seen: Observed) -> list[str]:
    """Rows not in a final state, or whose numbers differ from the shop's or the expected ones, and
    anything a further tick still did."""
    found = []
    for order_id, numbers in seen.expected.items():
        row = seen.rows.get(order_id)
        if row is None:
            found.append(f"{order_id}: no row")
            continue
        want = frozenset(numbers)
        if row.get("状态") not in FINAL_LABELS:
            found.append(f"{order_id}: row state {row.get('状态')!r} ({row.get('说明', '')[:60]})")
        if _numbers(row.get("快递单号")) != want:
            found.append(f"{order_id}: row shows {row.get('快递单号')!r}, expected {sorted(want)}")
        if frozenset(seen.shop.get(order_id, ())) != want:
            found.append(f"{order_id}: shop has {list(seen.shop.get(order_id, ()))}, expected {sorted(want)}")
    for what, count in seen.quiet.items():
        if count:
            found.append(f"a further tick: {what} = {count}")
    return found


@dataclass
class Verdict:
    double_pushes: list[str]
    lost_edits: list[str]
    lost_journal: list[str]
    extra_journal: list[str]
    unconverged: list[str]

    @property
    def ok(self) -> bool:
        return not (
            self.double_pushes
            or self.lost_edits
            or self.lost_journal
            or self.extra_journal
            or self.unconverged
        )

    def problems(self) -> list[str]:
        return [
            *(f"double push: {p}" for p in self.double_pushes),
            *(f"lost edit: {p}" for p in self.lost_edits),
            *(f"lost journal entry: {p}" for p in self.lost_journal),
            *(f"extra journal entry: {p}" for p in self.extra_journal),
            *(f"not converged: {p}" for p in self.unconverged),
        ]


def check(seen: Observed) -> Verdict:
    lost, extra = journal_gaps(seen.calls, seen.audit)
    return Verdict(
        double_pushes(seen.calls, {o: 1 for o in seen.expected}),
        lost_edits(seen.edits, seen.rows),
        lost,
        extra,
        unconverged(seen),
    )
