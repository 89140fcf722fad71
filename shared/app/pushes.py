"""Execute reconcile's pushes: intent in the journal, the call, the outcome in the journal.

A crash between the call and the outcome leaves an unresolved intent; the next tick reads that
order back from the shop (``resolve_unresolved``) and records what really happened, so nothing is
pushed twice and no row stays wrong. The client itself re-reads the order before each write and
skips packages already recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from shared.app.facts import FactsDoc
from shared.couriers import by_code
from shared.domain.orders import ShopOrder
from shared.journal.journal import Journal
from shared.journal.records import AuditEntry, PushIntent, PushOutcome
from shared.reconcile.plan import Push
from shared.wechat import errors as wx
from shared.wechat.client import WeChatShopClient
from shared.wechat.delivery import EditBudget, OutgoingPackage, WaybillChange
from shared.wechat.errors import WeChatError


@dataclass(frozen=True, slots=True)
class PushResult:
    """``reason``: why it failed, as the operator can act on it (``messages.push_refused``);
    ``retry``: a later tick can succeed with the same push (else it is remembered as refused)."""

    order_id: str
    kind: str
    ok: bool
    code: str | None = None
    message: str = ""
    entry: AuditEntry | None = None
    reason: str = ""
    retry: bool = True


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
    if isinstance(
        exc,
        wx.TransportError
        | wx.HttpStatusError
        | wx.RateLimitedError
        | wx.BusyError
        | wx.ConcurrentUpdateError,
    ):
        return "temporary", True
    return "platform", True


def _packages(push: Push, order: ShopOrder | None) -> list[OutgoingPackage]:
    """One package per waybill. With several, each but the last takes one SKU line and the last takes
    the rest: the platform forbids splitting a SKU across packages in one call, and which goods are
    in which parcel is not known here. More parcels than SKU lines is refused by the client."""
    delivery_id = by_code(push.courier).wechat_delivery_id
    if len(push.waybills) == 1:
        return [OutgoingPackage(delivery_id, push.waybills[0])]
    keys = [(line.product_id, line.sku_id) for line in order.lines] if order is not None else []
    packages = [
        OutgoingPackage(delivery_id, waybill, skus=(keys[i],) if i < len(keys) else ())
        for i, waybill in enumerate(push.waybills[:-1])
    ]
    packages.append(OutgoingPackage(delivery_id, push.waybills[-1]))
    return packages


def _previous(push: Push, order: ShopOrder | None) -> tuple[tuple[str, str], ...]:
    """The (courier, waybill) packages a correction replaces, as the shop records them."""
    recorded = {p.waybill_id: p.delivery_id for p in order.packages} if order is not None else {}
    fallback = by_code(push.courier).wechat_delivery_id
    return tuple((recorded.get(w, fallback), w) for w in push.previous)


def execute(
    pushes: Sequence[Push],
    client: WeChatShopClient,
    journal: Journal,
    facts: FactsDoc,
    orders: dict[str, ShopOrder],
    clock: Callable[[], datetime],
    actor: str = "system",
    fence: Callable[[], bool] | None = None,
) -> list[PushResult]:
    """``fence``: asked right before each push; False stops the pushing (the sync tick lost its
    lease, shared/app/tick_lease.py: the tick that took it over pushes from here)."""
    budget = EditBudget(used=facts.corrections)
    results = []
    for push in pushes:
        if fence is not None and not fence():
            break
        delivery_id = by_code(push.courier).wechat_delivery_id
        order = orders.get(push.order_id)
        intent = PushIntent(
            push.order_id,
            push.kind,
            tuple((delivery_id, w) for w in push.waybills),
            clock(),
            previous=_previous(push, order),
            actor=actor,
        )
        journal.record_intent(intent)
        try:
            if push.kind == "ship":
                client.ship(push.order_id, _packages(push, order))
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
        journal.record_outcome(outcome)
        entry = AuditEntry(
            clock(),
            actor,
            push.kind,
            push.order_id,
            "tracking_numbers",
            "\n".join(push.previous),
            "\n".join(push.waybills),
            "sync",
            _reason(push),
            "ok" if result.ok else f"failed {result.code}: {result.message}",
        )
        journal.append(entry)
        results.append(replace(result, entry=entry))
    return results


def _reason(push: Push) -> str:
    """Why, plus the draft message for the buyer after a correction: the 日志 row is where the
    operator finds it to copy and send."""
    if push.buyer_message_zh:
        return f"{push.reason}；给买家的消息：{push.buyer_message_zh}"
    return push.reason


def _known(order: ShopOrder | None) -> tuple[str, ...]:
    return order.waybills if order is not None else ()


def resolve_unresolved(
    journal: Journal, orders: dict[str, ShopOrder], facts: FactsDoc, clock: Callable[[], datetime]
) -> frozenset[str]:
    """Settle intents left without an outcome (a crash mid-push) from the orders just read back.

    Returns the order ids still unresolved (their order could not be read this tick)."""
    pending: set[str] = set()
    for intent in journal.unresolved_intents(clock()):
        order = orders.get(intent.order_id)
        if order is None:
            pending.add(intent.order_id)
            continue
        wanted = {w for _, w in intent.packages}
        landed = wanted <= set(order.waybills)
        if landed:
            facts.agree(intent.order_id, order.waybills)
            if intent.kind == "correct":
                facts.record_correction(intent.order_id)
        journal.record_outcome(
            PushOutcome(
                intent.key,
                "ok" if landed else "failed",
                clock(),
                code=None if landed else "not_applied",
                message="read back after an interrupted push",
            )
        )
    return frozenset(pending)
