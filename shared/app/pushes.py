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

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from shared.app.facts import FactsDoc
from shared.couriers import by_code
from shared.domain.orders import ShopOrder
from shared.domain.pushes import Landed, PushKind, PushOutcome, RefusalReason, Refused, Unconfirmed
from shared.journal import records
from shared.journal.journal import Journal
from shared.journal.records import AuditEntry, PushIntent, new_attempt
from shared.reconcile.plan import Push
from shared.wechat import errors as wx
from shared.wechat.client import WeChatShopClient
from shared.wechat.delivery import EditBudget, OutgoingPackage, WaybillChange, packages_for
from shared.wechat.errors import WeChatError


@dataclass(frozen=True, slots=True)
class PushResult:
    """One push as the pass reports it. ``reason``: why it did not land, as the operator can act on
    it (``messages.push_refused``); ``retry``: a later pass can succeed with the same push (else it is
    remembered as refused); ``unknown``: the answer was lost after the request was sent: nothing is
    recorded yet, a later pass reads the order back (then ``ok`` is False but it is not a failure).
    ``outcome`` is the same as the core's type (shared/domain/pushes.py)."""

    order_id: str
    kind: PushKind
    ok: bool
    code: str | None = None
    message: str = ""
    entry: AuditEntry | None = None
    reason: RefusalReason | None = None
    retry: bool = True
    unknown: bool = False
    courier: str = ""  # our courier code of the push (named by the row's message when it matters)

    @property
    def outcome(self) -> PushOutcome:
        if self.ok:
            return Landed(self.order_id, self.kind)
        if self.unknown:
            return Unconfirmed(self.order_id, self.kind)
        reason = self.reason or RefusalReason.PLATFORM
        return Refused(self.order_id, self.kind, reason, self.retry, self.code or "", self.courier)


# How long after an intent whose result is unknown the read-back may conclude "not applied": the
# platform may carry out a write after the client gave up waiting (a timeout), so a read-back that
# comes too early would call a late success a failure. A change found on the order settles at once.
READ_BACK_GRACE = timedelta(minutes=2)

# The reason of a read-back entry whose intent was written before intents kept their reason.
READ_BACK_REASON = "read back from the shop after an interrupted push"


# Our own refusals before anything is sent (ShipPlanError.reason) -> the operator's reason.
_PLAN_REASONS = {
    "empty_package": RefusalReason.TOO_MANY_NUMBERS,
    "nothing_to_ship": RefusalReason.TOO_MANY_NUMBERS,
    "split_sku": RefusalReason.TOO_MANY_NUMBERS,
    "ambiguous": RefusalReason.TOO_MANY_NUMBERS,
    "duplicate_waybill": RefusalReason.DUPLICATE_NUMBER,
    "duplicate_change": RefusalReason.DUPLICATE_NUMBER,
}

# The shop adapter's refusals a retry cannot change -> the operator's reason (checked in order).
_FINAL_REFUSALS: tuple[tuple[type[WeChatError], RefusalReason], ...] = (
    (wx.InvalidWaybillError, RefusalReason.INVALID_WAYBILL),
    (wx.InvalidCourierError, RefusalReason.INVALID_COURIER),
    (wx.ShipItemsError, RefusalReason.ITEMS),
    (wx.EditBudgetExhaustedError, RefusalReason.BUDGET),
    (wx.ModifyNotAllowedError, RefusalReason.MODIFY_NOT_ALLOWED),
)


def classify(exc: WeChatError) -> tuple[RefusalReason, bool]:
    """(reason, retry) for a failed push, by the error's class (never its code or message text)."""
    if isinstance(exc, wx.ShipPlanError):
        return _PLAN_REASONS.get(exc.reason, RefusalReason.PLAN), False
    for kind, reason in _FINAL_REFUSALS:
        if isinstance(exc, kind):
            return reason, False
    if isinstance(exc, wx.OrderStateError | wx.OrderNotFoundError):
        return RefusalReason.ORDER_STATE, True  # the next tick reads the order again and decides afresh
    if isinstance(exc, wx.TokenError | wx.IpNotAllowedError | wx.ApiUnauthorizedError):
        return RefusalReason.ACCESS, True
    if exc.retryable:  # the adapter's own word: busy, rate-limited, 5xx, transport, concurrent update
        return RefusalReason.TEMPORARY, True
    return RefusalReason.PLATFORM, True


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
        reason, _ = classify(exc)
        code = str(exc.errcode) if exc.errcode is not None else "local"
        failed = PushResult(push.order_id, push.kind, False, code, exc.errmsg[:200], reason=reason)
        return None, replace(failed, retry=True, courier=push.courier)
    if delivery_id is None:
        return None, PushResult(
            push.order_id,
            push.kind,
            False,
            "local",
            "courier not on the shop's courier list",
            reason=RefusalReason.COURIER_NOT_LISTED,
            retry=True,
            courier=push.courier,
        )
    return delivery_id, None


@dataclass(frozen=True, slots=True)
class _Pushing:
    """What every push of one pass works with."""

    client: WeChatShopClient
    journal: Journal
    facts: FactsDoc
    orders: Mapping[str, ShopOrder]
    clock: Callable[[], datetime]
    actor: str
    budget: EditBudget


def execute(
    pushes: Sequence[Push],
    client: WeChatShopClient,
    journal: Journal,
    facts: FactsDoc,
    orders: Mapping[str, ShopOrder],
    clock: Callable[[], datetime],
    actor: str = "system",
    fence: Callable[[], bool] | None = None,
    couriers: CourierIds = table_ids,
) -> list[PushResult]:
    """``fence``: asked right before each push; False stops the pushing (the sync tick lost its
    lease, shared/app/tick_lease.py: the tick that took it over pushes from here).
    ``couriers``: the delivery_id of each of our couriers as the shop lists it (shop_couriers.py); a
    push whose courier the shop does not list is not sent (no intent, no call) and says so."""
    pushing = _Pushing(client, journal, facts, orders, clock, actor, EditBudget(used=facts.corrections))
    results = []
    for push in pushes:
        if fence is not None and not fence():
            break
        delivery_id, held = _not_pushed(push, couriers)
        if delivery_id is None:
            assert held is not None
            results.append(held)
            continue
        results.append(_push(push, delivery_id, pushing))
    return results


def _push(push: Push, delivery_id: str, pushing: _Pushing) -> PushResult:
    """Intent, call, outcome and its audit entry of one push (see the module's docstring)."""
    order = pushing.orders.get(push.order_id)
    intent = PushIntent(
        push.order_id,
        push.kind,
        tuple((delivery_id, w) for w in push.waybills),
        pushing.clock(),
        previous=_previous(push, order, delivery_id),
        actor=pushing.actor,
        attempt=new_attempt(),
        reason=_reason(push),
    )
    pushing.journal.record_intent(intent)
    try:
        _call(push, order, delivery_id, intent, pushing)
        outcome = records.PushOutcome(intent.key, "ok", pushing.clock())
        result = PushResult(push.order_id, push.kind, True)
    except WeChatError as exc:
        if unknown(exc):
            # No outcome: the intent stays unresolved and a later tick reads the order back.
            return PushResult(push.order_id, push.kind, False, unknown=True)
        outcome, result = _refused(push, exc, intent, pushing)
    except ValueError as exc:
        outcome, result = _count_changed(push, exc, intent, pushing)
    return replace(result, entry=settle(pushing.journal, intent, outcome), courier=push.courier)


def _call(
    push: Push, order: ShopOrder | None, delivery_id: str, intent: PushIntent, pushing: _Pushing
) -> None:
    """The shop call; then what the shop now agrees with. Raises what the client raises."""
    if push.kind == "ship":
        pushing.client.ship(push.order_id, _packages(push, order, delivery_id))
    else:
        if len(push.previous) != len(push.waybills):
            raise ValueError("a correction replaces each package's number: give as many new as old")
        changes = [
            WaybillChange(old_d, old_w, delivery_id, new_w)
            for (old_d, old_w), new_w in zip(intent.previous, push.waybills, strict=True)
        ]
        pushing.client.update_delivery(push.order_id, changes, budget=pushing.budget)
        pushing.facts.record_correction(push.order_id)
    agreed = push.waybills if push.kind == "correct" else (*_known(order), *push.waybills)
    pushing.facts.agree(push.order_id, tuple(dict.fromkeys(agreed)))


def _refused(
    push: Push, exc: WeChatError, intent: PushIntent, pushing: _Pushing
) -> tuple[records.PushOutcome, PushResult]:
    """The shop refused: remember a refusal a retry cannot change (a correction refused for the
    budget counts the budget used up, so later passes show the budget message instead)."""
    reason, retry = classify(exc)
    if push.kind == "correct" and isinstance(exc, wx.EditBudgetExhaustedError):
        pushing.facts.exhaust(push.order_id, pushing.budget.limit)
    elif not retry:
        pushing.facts.refuse(push.order_id, push.kind, push.courier, push.waybills, reason)
    code = str(exc.errcode) if exc.errcode is not None else "local"
    message = exc.errmsg[:200]
    outcome = records.PushOutcome(
        intent.key, "failed", pushing.clock(), code=code, message=message, request_id=exc.rid
    )
    return outcome, PushResult(push.order_id, push.kind, False, code, message, reason=reason, retry=retry)


def _count_changed(
    push: Push, exc: ValueError, intent: PushIntent, pushing: _Pushing
) -> tuple[records.PushOutcome, PushResult]:
    """Our own refusal: a correction must keep the number of parcels (never sent as it is)."""
    reason = RefusalReason.COUNT_CHANGED
    pushing.facts.refuse(push.order_id, push.kind, push.courier, push.waybills, reason)
    outcome = records.PushOutcome(intent.key, "failed", pushing.clock(), code="local", message=str(exc))
    return outcome, PushResult(push.order_id, push.kind, False, "local", str(exc), reason=reason, retry=False)


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


def push_entry(intent: PushIntent, outcome: records.PushOutcome) -> AuditEntry:
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


def settle(journal: Journal, intent: PushIntent, outcome: records.PushOutcome) -> AuditEntry | None:
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
    orders: Mapping[str, ShopOrder],
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
        outcome = records.PushOutcome(
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
