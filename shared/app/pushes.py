"""Execute reconcile's pushes: intent in the journal, the call, the outcome and its audit entry.

One record of truth per push (shared/journal/journal.py, docs/journal.md): each call is an attempt
with its own intent; the outcome is written once, by whichever path learns the result, and the audit
entry is derived from intent + outcome (``push_entry``) and written right after it at a key derived
from the intent (``settle``), so a repeat cannot make two and a crash between the two is repaired by
the next tick (``repair_entries``).

Unknown is not failed: when the answer is lost after the request was sent (a timeout, a dropped
connection) and the client's own read-back did not find the change, nothing is recorded: the intent
stays unresolved, the row says the result is being checked, and a later tick reads the order back
(``resolve_unresolved``): found on the order, it is ok at once; not found, it is "not applied" only
once ``READ_BACK_GRACE`` has passed since the intent (the platform may apply a write late).
A crash between the call and the outcome is settled the same way, so nothing is pushed twice and no
row stays wrong. The client itself re-reads the order before each write and skips packages already
recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from shared.app.facts import FactsDoc
from shared.couriers import by_code
from shared.domain.orders import ShopOrder
from shared.journal.journal import Journal
from shared.journal.records import AuditEntry, PushIntent, PushOutcome, new_attempt
from shared.reconcile.plan import Push
from shared.wechat import errors as wx
from shared.wechat.client import WeChatShopClient
from shared.wechat.delivery import EditBudget, OutgoingPackage, WaybillChange, packages_for
from shared.wechat.errors import WeChatError


@dataclass(frozen=True, slots=True)
class PushResult:
    """``reason``: why it failed, as the operator can act on it (``messages.push_refused``);
    ``retry``: a later tick can succeed with the same push (else it is remembered as refused);
    ``unknown``: the answer was lost after the request was sent: nothing is recorded yet, a later tick
    reads the order back (then ``ok`` is False but it is not a failure)."""

    order_id: str
    kind: str
    ok: bool
    code: str | None = None
    message: str = ""
    entry: AuditEntry | None = None
    reason: str = ""
    retry: bool = True
    unknown: bool = False
    courier: str = ""  # our courier code of the push (named by the row's message when it matters)


# How long after an intent whose result is unknown the read-back may conclude "not applied": the
# platform may carry out a write after the client gave up waiting (a timeout), so a read-back that
# comes too early would call a late success a failure. A change found on the order settles at once.
READ_BACK_GRACE = timedelta(minutes=2)

# The reason of a read-back entry whose intent was written before intents kept their reason.
READ_BACK_REASON = "read back from the shop after an interrupted push"


# Our own refusals before anything is sent (ShipPlanError.reason) -> the operator's reason.
_PLAN_REASONS = {
    "empty_package": "too_many_numbers",
    "nothing_to_ship": "too_many_numbers",
    "split_sku": "too_many_numbers",
    "ambiguous": "too_many_numbers",
    "duplicate_waybill": "duplicate_number",
    "duplicate_change": "duplicate_number",
}


def classify(exc: WeChatError) -> tuple[str, bool]:
    """(reason, retry) for a failed push, by the error's class (never its message text)."""
    if isinstance(exc, wx.ShipPlanError):
        return _PLAN_REASONS.get(exc.reason, "plan"), False
    if isinstance(exc, wx.InvalidWaybillError):
        return "invalid_waybill", False
    if isinstance(exc, wx.InvalidCourierError):
        return "invalid_courier", False
    if isinstance(exc, wx.ShipItemsError):
        return "items", False
    if isinstance(exc, wx.EditBudgetExhaustedError):
        return "budget", False
    if isinstance(exc, wx.ModifyNotAllowedError):
        return "modify_not_allowed", False
    if isinstance(exc, wx.OrderStateError | wx.OrderNotFoundError):
        return "order_state", True  # the next tick reads the order again and decides afresh
    if isinstance(exc, wx.TokenError | wx.IpNotAllowedError | wx.ApiUnauthorizedError):
        return "access", True
    if exc.retryable:  # the adapter's own word: busy, rate-limited, 5xx, transport, concurrent update
        return "temporary", True
    return "platform", True


# Our courier code -> the delivery_id the shop lists it under (shop_couriers.py), None when the shop
# does not list it; may raise the shop's WeChatError when the list cannot be read.
CourierIds = Callable[[str], str | None]


def table_ids(code: str) -> str | None:
    """The platform table's id for our courier (no shop list: tests and tools that have none)."""
    return by_code(code).wechat_delivery_id


def _packages(push: Push, order: ShopOrder | None, delivery_id: str) -> list[OutgoingPackage]:
    """The push's waybills as packages, by the shop's SKU rule (``shared.wechat.delivery.packages_for``)."""
    lines = [(line.product_id, line.sku_id) for line in order.lines] if order is not None else []
    return packages_for(delivery_id, push.waybills, lines)


def _previous(push: Push, order: ShopOrder | None, fallback: str) -> tuple[tuple[str, str], ...]:
    """The (courier, waybill) packages a correction replaces, as the shop records them."""
    recorded = {p.waybill_id: p.delivery_id for p in order.packages} if order is not None else {}
    return tuple((recorded.get(w, fallback), w) for w in push.previous)


def _not_pushed(push: Push, couriers: CourierIds) -> tuple[str | None, PushResult | None]:
    """The delivery_id to push, or why nothing is sent: the shop does not list the courier (shown on
    the row, retried each tick without a call: once the shop lists it, it goes out), or the list
    could not be read (the shop's error, retried)."""
    try:
        delivery_id = couriers(push.courier)
    except WeChatError as exc:
        reason, retry = classify(exc)
        code = str(exc.errcode) if exc.errcode is not None else "local"
        failed = PushResult(
            push.order_id, push.kind, False, code, exc.errmsg[:200], reason=reason, retry=retry
        )
        return None, replace(failed, retry=True, courier=push.courier)
    if delivery_id is None:
        return None, PushResult(
            push.order_id,
            push.kind,
            False,
            "local",
            "courier not on the shop's courier list",
            reason="courier_not_listed",
            retry=True,
            courier=push.courier,
        )
    return delivery_id, None


def execute(
    pushes: Sequence[Push],
    client: WeChatShopClient,
    journal: Journal,
    facts: FactsDoc,
    orders: dict[str, ShopOrder],
    clock: Callable[[], datetime],
    actor: str = "system",
    fence: Callable[[], bool] | None = None,
    couriers: CourierIds = table_ids,
) -> list[PushResult]:
    """``fence``: asked right before each push; False stops the pushing (the sync tick lost its
    lease, shared/app/tick_lease.py: the tick that took it over pushes from here).
    ``couriers``: the delivery_id of each of our couriers as the shop lists it (shop_couriers.py); a
    push whose courier the shop does not list is not sent (no intent, no call) and says so."""
    budget = EditBudget(used=facts.corrections)
    results = []
    for push in pushes:
        if fence is not None and not fence():
            break
        delivery_id, held = _not_pushed(push, couriers)
        if delivery_id is None:
            assert held is not None
            results.append(held)
            continue
        order = orders.get(push.order_id)
        intent = PushIntent(
            push.order_id,
            push.kind,
            tuple((delivery_id, w) for w in push.waybills),
            clock(),
            previous=_previous(push, order, delivery_id),
            actor=actor,
            attempt=new_attempt(),
            reason=_reason(push),
        )
        journal.record_intent(intent)
        try:
            if push.kind == "ship":
                client.ship(push.order_id, _packages(push, order, delivery_id))
            else:
                if len(push.previous) != len(push.waybills):
                    raise ValueError("a correction replaces each package's number: give as many new as old")
                changes = [
                    WaybillChange(old_d, old_w, delivery_id, new_w)
                    for (old_d, old_w), new_w in zip(intent.previous, push.waybills, strict=True)
                ]
                client.update_delivery(push.order_id, changes, budget=budget)
                facts.record_correction(push.order_id)
            agreed = push.waybills if push.kind == "correct" else (*_known(order), *push.waybills)
            facts.agree(push.order_id, tuple(dict.fromkeys(agreed)))
            outcome = PushOutcome(intent.key, "ok", clock())
            result = PushResult(push.order_id, push.kind, True)
        except WeChatError as exc:
            if unknown(exc):
                # No outcome: the intent stays unresolved and a later tick reads the order back.
                unsure = PushResult(push.order_id, push.kind, False, reason="unconfirmed", unknown=True)
                results.append(unsure)
                continue
            reason, retry = classify(exc)
            if push.kind == "correct" and isinstance(exc, wx.EditBudgetExhaustedError):
                facts.exhaust(push.order_id, budget.limit)
            elif not retry:
                facts.refuse(push.order_id, push.kind, push.courier, push.waybills, reason)
            code = str(exc.errcode) if exc.errcode is not None else "local"
            outcome = PushOutcome(
                intent.key, "failed", clock(), code=code, message=exc.errmsg[:200], request_id=exc.rid
            )
            result = PushResult(
                push.order_id, push.kind, False, code, exc.errmsg[:200], reason=reason, retry=retry
            )
        except ValueError as exc:
            facts.refuse(push.order_id, push.kind, push.courier, push.waybills, "count_changed")
            outcome = PushOutcome(intent.key, "failed", clock(), code="local", message=str(exc))
            result = PushResult(
                push.order_id, push.kind, False, "local", str(exc), reason="count_changed", retry=False
            )
        results.append(replace(result, entry=settle(journal, intent, outcome), courier=push.courier))
    return results


def unknown(exc: BaseException) -> bool:
    """The push's result is unknown: the request was sent and its answer lost (a timeout, a dropped
    connection), here or in the client's read-back that followed it (an error raised while handling
    another keeps it as its context)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, wx.TransportError) and seen.request_sent:
            return True
        seen = seen.__context__
    return False


def push_entry(intent: PushIntent, outcome: PushOutcome) -> AuditEntry:
    """The audit entry of a settled push, from its intent (who, what, old -> new, why) and its outcome
    (the result). Its time is the intent's: when the push was made, whoever settled it."""
    if outcome.result == "ok":
        result = "ok"
    elif outcome.result == "skipped":
        result = "skipped"
    else:
        result = f"failed {outcome.code or 'local'}: {outcome.message}"
    return AuditEntry(
        intent.at,
        intent.actor,
        intent.kind,
        intent.order_id,
        "tracking_numbers",
        "\n".join(w for _, w in intent.previous),
        "\n".join(intent.waybills),
        "sync",
        intent.reason or READ_BACK_REASON,
        result,
    )


def settle(journal: Journal, intent: PushIntent, outcome: PushOutcome) -> AuditEntry | None:
    """Record the outcome, then the push's one audit entry. An outcome already there (another path
    settled the same attempt first) stands, and the entry says what it says. Returns the entry when
    this call created it (so it is shown in 日志 once), None when it existed."""
    if not journal.record_outcome(outcome):
        outcome = journal.outcome(intent.key) or outcome
    entry = push_entry(intent, outcome)
    return entry if journal.record_push_entry(intent, entry) else None


def repair_entries(journal: Journal, now: datetime) -> list[AuditEntry]:
    """Write the audit entry of every recent push settled without one (a crash between the two
    writes); the entries written."""
    written = []
    for intent, outcome in journal.settled_without_entry(now):
        entry = push_entry(intent, outcome)
        if journal.record_push_entry(intent, entry):
            written.append(entry)
    return written


def _reason(push: Push) -> str:
    """Why, plus the draft message for the buyer after a correction: the 日志 row is where the
    operator finds it to copy and send."""
    if push.buyer_message_zh:
        return f"{push.reason}；给买家的消息：{push.buyer_message_zh}"
    return push.reason


def _known(order: ShopOrder | None) -> tuple[str, ...]:
    return order.waybills if order is not None else ()


@dataclass(frozen=True, slots=True)
class ReadBack:
    """``pending``: orders whose push is still unsettled (order not read, or not found on it within
    the grace delay): no new push for them, their row says the result is being checked.
    ``entries``: the audit entries this read-back wrote (to show in 日志)."""

    pending: frozenset[str]
    entries: tuple[AuditEntry, ...] = ()


def resolve_unresolved(
    journal: Journal,
    orders: dict[str, ShopOrder],
    facts: FactsDoc,
    clock: Callable[[], datetime],
    grace: timedelta = READ_BACK_GRACE,
) -> ReadBack:
    """Settle intents left without an outcome (a crash mid-push, or an answer that never came) from
    the orders just read back: found on the order, ok; not found once ``grace`` has passed since the
    intent, not applied (a later tick may push it again, as a new attempt)."""
    pending: set[str] = set()
    entries = []
    now = clock()
    for intent in journal.unresolved_intents(now):
        order = orders.get(intent.order_id)
        if order is None:
            pending.add(intent.order_id)
            continue
        landed = set(intent.waybills) <= set(order.waybills)
        if not landed and now - intent.at < grace:
            pending.add(intent.order_id)  # the platform may still carry it out
            continue
        if landed:
            facts.agree(intent.order_id, order.waybills)
            if intent.kind == "correct":
                facts.record_correction(intent.order_id)
        outcome = PushOutcome(
            intent.key,
            "ok" if landed else "failed",
            now,
            code=None if landed else "not_applied",
            message="read back from the order" if landed else "read back: not on the order",
        )
        entry = settle(journal, intent, outcome)
        if entry is not None:
            entries.append(entry)
    return ReadBack(frozenset(pending), tuple(entries))
