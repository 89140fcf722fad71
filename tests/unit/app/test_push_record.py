"""The pushes' record of truth (shared/app/pushes.py) on a journal in a temp folder: each attempt its
own outcome, one audit entry per outcome whoever writes it, unknown results left for the read-back,
and the read-back's grace delay. The shop client here is a stand-in that answers as told (the real
client against the emulator: tests/e2e/test_push_audit.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import pytest

from shared.app.facts import FactsDoc
from shared.app.pushes import (
    READ_BACK_GRACE,
    execute,
    push_entry,
    repair_entries,
    resolve_unresolved,
    settle,
    unknown,
)
from shared.domain.orders import OrderLine, ShopOrder, ShopPackage, ShopStatus
from shared.journal.journal import Journal
from shared.journal.local_store import LocalDirStore
from shared.journal.records import PushIntent, PushOutcome, new_attempt
from shared.reconcile.plan import Push
from shared.wechat import errors as wx
from shared.wechat.client import WeChatShopClient

T0 = datetime(2026, 11, 26, 4, 0, tzinfo=UTC)
OID = "3700000000000000001"
NUMBER = "SF6026131434978"
PUSH = Push(OID, "ship", "SF", (NUMBER,), (), "validated and ready")


def _order(*waybills: str) -> ShopOrder:
    status = ShopStatus.SHIPPED if waybills else ShopStatus.AWAITING_SHIPMENT
    return ShopOrder(
        OID,
        status,
        T0,
        T0 + timedelta(days=2),
        (OrderLine("10001", "20001", "T恤", 1),),
        tuple(ShopPackage("SF", w) for w in waybills),
    )


class _Shop:
    """Answers ``ship`` by raising ``error`` (None: success)."""

    def __init__(self, error: Exception | None = None) -> None:
        self.error = error
        self.calls = 0

    def ship(self, order_id: str, packages: Any) -> None:
        self.calls += 1
        if self.error is not None:
            raise self.error


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal(LocalDirStore(tmp_path / "journal"))


def _clock(at: datetime) -> Callable[[], datetime]:
    return lambda: at


def _run(journal: Journal, shop: _Shop, at: datetime = T0) -> Any:
    client = cast(WeChatShopClient, shop)
    [result] = execute([PUSH], client, journal, FactsDoc(), {OID: _order()}, _clock(at))
    return result


def test_unknown_means_sent_and_unanswered() -> None:
    assert unknown(wx.RequestTimeoutError("timeout", request_sent=True))
    assert unknown(wx.TransportError("reset", request_sent=True))
    assert not unknown(wx.TransportError("refused", request_sent=False))  # never left: a plain failure
    assert not unknown(wx.BusyError(-1, "system busy"))
    try:
        try:
            raise wx.RequestTimeoutError("timeout", request_sent=True)
        except wx.TransportError:
            raise wx.BusyError(-1, "busy while reading the order back") from None
    except wx.BusyError as during_read_back:
        assert unknown(during_read_back)  # the write itself is still unknown


def test_an_ok_push_has_its_outcome_and_one_audit_entry(journal: Journal) -> None:
    result = _run(journal, _Shop())
    assert result.ok and result.entry is not None
    [(intent, outcome)] = journal.pushes_for(OID, T0)
    assert outcome is not None and outcome.result == "ok" and intent.attempt and intent.reason == PUSH.reason
    [entry] = journal.entries()
    assert entry == result.entry
    assert (entry.actor, entry.action, entry.old, entry.new, entry.source, entry.reason, entry.result) == (
        "system",
        "ship",
        "",
        NUMBER,
        "sync",
        "validated and ready",
        "ok",
    )


def test_an_unknown_result_records_nothing_but_the_intent(journal: Journal) -> None:
    result = _run(journal, _Shop(wx.RequestTimeoutError("timeout", request_sent=True)))
    assert result.unknown and not result.ok and result.entry is None
    assert [o for _, o in journal.pushes_for(OID, T0)] == [None]
    assert list(journal.entries()) == []
    assert [i.order_id for i in journal.unresolved_intents(T0)] == [OID]


def test_a_refusal_and_its_retry_each_keep_their_outcome(journal: Journal) -> None:
    refused = _run(journal, _Shop(wx.BusyError(-1, "system busy")))
    retried = _run(journal, _Shop(), T0 + timedelta(seconds=1))  # the same push, the same day
    assert not refused.ok and not refused.unknown and retried.ok
    results = [o.result for _, o in sorted(journal.pushes_for(OID, T0), key=lambda p: p[0].at) if o]
    assert results == ["failed", "ok"]
    assert [e.result for e in journal.entries()] == ["failed -1: system busy", "ok"]


def test_settling_twice_keeps_the_first_outcome_and_one_entry(journal: Journal) -> None:
    intent = PushIntent(
        OID, "ship", (("SF", NUMBER),), T0, attempt=new_attempt(), reason="validated and ready"
    )
    journal.record_intent(intent)
    first = settle(journal, intent, PushOutcome(intent.key, "ok", T0))
    again = settle(journal, intent, PushOutcome(intent.key, "failed", T0, code="not_applied"))
    assert first is not None and first.result == "ok" and again is None
    assert [e.result for e in journal.entries()] == ["ok"]


def test_the_read_back_waits_for_the_grace_delay_before_calling_a_push_not_applied(journal: Journal) -> None:
    _run(journal, _Shop(wx.RequestTimeoutError("timeout", request_sent=True)))
    facts = FactsDoc()
    early = resolve_unresolved(journal, {OID: _order()}, facts, _clock(T0 + READ_BACK_GRACE / 2))
    assert early.pending == {OID} and early.entries == ()
    late = resolve_unresolved(journal, {OID: _order()}, facts, _clock(T0 + READ_BACK_GRACE))
    assert late.pending == frozenset()
    [entry] = late.entries
    assert entry.result.startswith("failed not_applied") and entry.reason == "validated and ready"
    assert facts.agreed == {}
    assert [e.result for e in journal.entries()] == [entry.result]


def test_a_push_found_on_the_order_is_ok_at_once(journal: Journal) -> None:
    _run(journal, _Shop(wx.RequestTimeoutError("timeout", request_sent=True)))
    facts = FactsDoc()
    read = resolve_unresolved(journal, {OID: _order(NUMBER)}, facts, _clock(T0 + timedelta(seconds=5)))
    assert read.pending == frozenset() and [e.result for e in read.entries] == ["ok"]
    assert facts.agreed == {OID: [NUMBER]}
    again = resolve_unresolved(journal, {OID: _order(NUMBER)}, facts, _clock(T0 + timedelta(minutes=5)))
    assert again.entries == () and len(list(journal.entries())) == 1


def test_the_repair_writes_the_entry_a_crash_left_out_once(journal: Journal) -> None:
    intent = PushIntent(OID, "correct", (("SF", "SF2"),), T0, (("SF", "SF1"),), "ops", new_attempt(), "why")
    journal.record_intent(intent)
    outcome = PushOutcome(intent.key, "ok", T0)
    journal.record_outcome(outcome)  # ... and the process died here
    [entry] = repair_entries(journal, T0 + timedelta(minutes=1))
    assert entry == push_entry(intent, outcome)
    assert (entry.actor, entry.action, entry.old, entry.new, entry.reason) == (
        "ops",
        "correct",
        "SF1",
        "SF2",
        "why",
    )
    assert repair_entries(journal, T0 + timedelta(minutes=2)) == []
    assert list(journal.entries()) == [entry]
