"""Which 订单 rows leave for an archive tab, which archived orders come back, which rows to delete (pure).

A finished order (its row shows 已签收 or 已取消, or it shows shipped and the shop closed the order)
stays in 订单 for ``after_days`` (设置 archive_after_days, default 30) after it was first seen
finished, then moves to the archive tab of the month it finished in (Beijing time): 归档-2026-11 /
Archive-2026-11. An archived order comes back to 订单 when it comes back to life: an after-sale is
opened on it, or the shop shows it open again. Every time here is given by the caller (no clock).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from shared.domain.orders import ShopOrder, ShopStatus
from shared.domain.rows import SheetRow
from shared.domain.states import FINISHED, SHIPPED_LIKE
from shared.domain.text import Bilingual
from shared.reconcile.deadline import BEIJING

ARCHIVE_PREFIX = Bilingual("归档-", "Archive-")
_CLOSED_BY_SHOP = (ShopStatus.COMPLETED, ShopStatus.CANCELLED)


@dataclass(frozen=True, slots=True)
class Due:
    """A row due for its archive tab: ``month`` is "2026-11" (when the order finished, Beijing)."""

    order_id: str
    row: int
    month: str


def is_finished(row: SheetRow, order: ShopOrder | None) -> bool:
    """Nothing more happens to this order: its row shows it delivered or cancelled, or it shows it
    shipped and the shop has closed it (completed, or cancelled after shipping); never while the
    shop shows an after-sale open on it."""
    if order is not None and order.aftersale_open:
        return False
    if row.state in FINISHED:
        return True
    return row.state in SHIPPED_LIKE and order is not None and order.status in _CLOSED_BY_SHOP


def newly_finished(
    rows: Sequence[SheetRow], shop: Mapping[str, ShopOrder], known: Collection[str]
) -> tuple[str, ...]:
    """Order ids whose rows are finished now and whose finishing time is not recorded yet."""
    found = {r.order_id for r in rows if r.order_id not in known and is_finished(r, shop.get(r.order_id))}
    return tuple(sorted(found))


def back_to_life(
    rows: Sequence[SheetRow], shop: Mapping[str, ShopOrder], finished: Collection[str]
) -> tuple[str, ...]:
    """Order ids recorded finished whose live row is not finished by the shop's view read this pass
    (an after-sale opened on it, or it is open again): their finishing time must go, or the archive
    run would move a row that is alive again; they finish anew when seen finished again."""
    found = set()
    for r in rows:
        order = shop.get(r.order_id) if r.order_id in finished else None
        if order is not None and not is_finished(r, order):
            found.add(r.order_id)
    return tuple(sorted(found))


def month_of(at: datetime) -> str:
    return at.astimezone(BEIJING).strftime("%Y-%m")


def archive_title(month: str, lang: str) -> str:
    prefix = ARCHIVE_PREFIX.en if lang == "en" else ARCHIVE_PREFIX.zh  # any other language: Chinese
    return f"{prefix}{month}"


def is_archive_title(title: str) -> bool:
    return any(title.startswith(p) for p in (ARCHIVE_PREFIX.zh, ARCHIVE_PREFIX.en))


def due_for_archive(
    rows: Sequence[SheetRow],
    finished_at: Mapping[str, datetime],
    now: datetime,
    after_days: float,
    *,
    hold: Collection[str] = (),
) -> tuple[Due, ...]:
    """The rows to move now: finished at least ``after_days`` ago and still showing a finished state.

    Not moved: a row the pass flagged or whose push is unsettled (``hold``), an order id on more than
    one row (which row is the order's is the operator's to settle), a row that is no longer finished
    (its state moved on since), and everything when ``after_days`` is 0 (archiving is off)."""
    if after_days <= 0:
        return ()
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.order_id] = counts.get(row.order_id, 0) + 1
    keep = timedelta(days=after_days)
    due = []
    for row in rows:
        since = finished_at.get(row.order_id)
        if not row.order_id or since is None or row.order_id in hold or counts[row.order_id] > 1:
            continue
        if row.state not in FINISHED and row.state not in SHIPPED_LIKE:
            continue
        if now - since >= keep:
            due.append(Due(row.order_id, row.row, month_of(since)))
    return tuple(sorted(due, key=lambda d: d.row))


def comes_back(order: ShopOrder) -> bool:
    """An archived order that needs its row again: an after-sale is open on it, or the shop shows it
    waiting to be shipped again."""
    reopened = order.status in (ShopStatus.AWAITING_SHIPMENT, ShopStatus.PARTIALLY_SHIPPED)
    return order.aftersale_open or reopened


def to_restore(archived: Collection[str], shop: Mapping[str, ShopOrder]) -> tuple[str, ...]:
    """Of the archived orders read from the shop this pass, those that come back to 订单."""
    return tuple(sorted(oid for oid in archived if oid in shop and comes_back(shop[oid])))


def delete_spans(keys: Sequence[str], leaving: Collection[str]) -> tuple[tuple[int, int], ...]:
    """Rows to delete, as 0-based half-open spans of grid rows, last first (so deleting one span does
    not move the next). ``keys``: the key column as read just now, header first; a row is deleted
    when its key is one of ``leaving``: rows are matched by order id, never by a remembered number,
    so a sort made since the tab was read cannot make the wrong rows go."""
    spans: list[list[int]] = []
    for index, key in enumerate(keys):
        if index == 0 or key.strip() not in leaving:
            continue
        if spans and spans[-1][1] == index:
            spans[-1][1] = index + 1
        else:
            spans.append([index, index + 1])
    return tuple((a, b) for a, b in reversed(spans))


def log_trim_spans(
    times: Sequence[datetime | None], cutoff: datetime | None, keep_rows: int
) -> tuple[tuple[int, int], ...]:
    """The 日志 rows to delete, as ``delete_spans`` gives them. ``times``: the 时间 column as read,
    header first (None: not a time of ours, e.g. a note typed by someone: never deleted). Deleted: the
    rows older than ``cutoff`` (None: no limit by age), then the oldest rows beyond ``keep_rows`` (0:
    no limit by count). The journal keeps every entry; rebuild-log brings a period back."""
    dated = [(at, i) for i, at in enumerate(times) if i > 0 and at is not None]
    leaving = {i for at, i in dated if cutoff is not None and at < cutoff}
    kept = sorted((at, i) for at, i in dated if i not in leaving)
    if keep_rows > 0 and len(kept) > keep_rows:
        leaving |= {i for _, i in kept[: len(kept) - keep_rows]}
    marks = ["" if i == 0 else ("x" if i in leaving else "-") for i in range(len(times))]
    return delete_spans(marks, {"x"})
