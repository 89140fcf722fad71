"""The logistics watch inside the sync tick (issue 7; docs/platforms/couriers-and-tracking.md).

For every row that is shipped, corrected or in logistics exception, each tracking number gets an
entry in the tracking state document (``tracking_state``). Each tick then:

1. plans which numbers to ask about (``shared.logistics.plan_tick``: never a number more often
   than the provider allows, at most ``budget_per_tick`` provider calls), and subscribes or queries
   them through the ``TrackingProvider`` (subscriptions only when a callback URL is configured;
   pushes arrive at the tracking_events function and land in the same document);
2. assesses every parcel with the 设置 tab's thresholds (``shared.logistics.assess``) at ``now``;
3. hands reconcile one ``LogisticsView`` per order (reconcile makes the row delivered or
   logistics_exception and lists the alert ``logistics_<code>`` on 异常), and the 物流 cell text.

``pushed_at`` is when the watch first saw the number on a shipped row (at most one tick after the
push; rows already shipped when tracking is switched on start their clock then, so switching on
never raises a flood of stale no-pickup alerts). Without a provider (``refresh``: sheet edits and
shop events) the stored state is used as is and no provider call is made.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from shared.app.tracking_state import (
    iso,
    load_doc,
    merge_into,
    snapshot_from,
    snapshot_json,
    update_doc,
    when,
)
from shared.couriers import by_code, cell_numbers, check_cell, find
from shared.domain.rows import SheetRow
from shared.domain.states import TRACKED, RowState
from shared.domain.text import Bilingual
from shared.journal.journal import Journal
from shared.logistics import (
    Assessment,
    LogisticsAlert,
    ParcelWatch,
    PollPolicy,
    TrackedNumber,
    TrackingSnapshot,
    TrackingState,
    WatchSettings,
    assess,
    logistics_cell,
    may_query,
    plan_tick,
)
from shared.logistics.planner import DEFAULT_POLICY
from shared.reconcile.inputs import LogisticsView
from shared.sheets.layout import Table
from shared.sheets.workspace_settings import parse_settings
from shared.tracking import (
    PHONE_REQUIRED,
    PROVIDER_FAILURES,
    NoResultYet,
    PhoneRequired,
    QueryTooSoon,
    SubscriptionDuplicate,
    TrackingBadRequest,
    TrackingError,
    TrackingProvider,
)

#: Which exception the row shows when several hold: the cause before its symptoms (a wrong courier
#: also shows as "no pickup"; a returned parcel also stops moving).
PRIORITY = ("courier_mismatch", "returned", "rejected", "problem", "no_pickup", "stalled", "overdue")

#: Warnings (below the exception thresholds) show in the 物流 cell only: the row stays 已发货.
WARNING_LABELS = {
    "no_pickup": Bilingual("提醒：尚未揽收", "warning: not picked up yet"),
    "stalled": Bilingual("提醒：物流停滞", "warning: no new event"),
    "overdue": Bilingual("提醒：在途较久", "warning: long in transit"),
}


@dataclass
class TrackingConfig:
    """How the tick watches parcels. ``callback_url`` empty: poll only (no subscriptions)."""

    provider: TrackingProvider
    policy: PollPolicy = DEFAULT_POLICY
    callback_url: str = ""
    salt: str = ""


@dataclass
class WatchOutcome:
    """What the tick takes from the watch."""

    views: dict[str, LogisticsView] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # order id -> 物流 cell
    calls: int = 0  # provider calls (HTTP requests, retries included) made this tick
    deferred: int = 0  # numbers due but left for the next tick (budget)
    recheck: set[str] = field(default_factory=set)  # orders to read from the shop (a courier to correct)


def watch_settings(table: Table | None) -> WatchSettings:
    """Thresholds from the 设置 tab: the hour rows, and the day rows (未揽收(天), 物流停滞(天)) as the
    exception thresholds. A value out of its range keeps its default (``parse_settings``, whose
    ranges are the watch's own, so the result is always coherent; the row says so, tidy's notes)."""
    if table is None:
        return WatchSettings()
    chosen = parse_settings(table)
    hard = {"no_pickup_hours": chosen.pickup_days * 24, "stall_hours": chosen.stall_days * 24}
    # Lowering only the exception threshold (e.g. 未揽收(天) = 1) lowers its warning with it.
    thresholds = WatchSettings(
        no_pickup_warn_hours=min(chosen.no_pickup_warn_hours, hard["no_pickup_hours"]),
        no_pickup_hours=hard["no_pickup_hours"],
        stall_warn_hours=min(chosen.stall_warn_hours, hard["stall_hours"]),
        stall_hours=hard["stall_hours"],
        last_mile_stall_hours=chosen.last_mile_stall_hours,
        overdue_warn_hours=min(chosen.overdue_warn_hours, chosen.overdue_hours),
        overdue_hours=chosen.overdue_hours,
    )
    return thresholds.validated()


def _courier_of(row: SheetRow) -> str | None:
    found = find(row.courier) if row.courier.strip() else None
    if found is not None:
        return found.code
    suggestions = {line.validation.suggestion for line in check_cell(None, row.tracking_cell).lines}
    only = suggestions.pop() if len(suggestions) == 1 else None
    return only if isinstance(only, str) else None


def _numbers(row: SheetRow) -> tuple[str, ...]:
    return cell_numbers(row.courier or None, row.tracking_cell)


class TrackingWatch:
    """One tick's work on the tracking state. ``run`` then ``save``."""

    def __init__(self, journal: Journal, config: TrackingConfig | None, *, english: bool = False) -> None:
        self.journal = journal
        self.config = config
        self.english = english
        self.doc, _ = load_doc(journal)
        self._original = json.dumps(self.doc, sort_keys=True)
        self._loaded_updates = {n: e.get("last_update_at") for n, e in self.doc["numbers"].items()}
        self._removed: set[str] = set()

    @property
    def numbers(self) -> dict[str, dict[str, Any]]:
        numbers: dict[str, dict[str, Any]] = self.doc["numbers"]
        return numbers

    # -- the tick ------------------------------------------------------------------------------

    def run(
        self,
        rows: Sequence[SheetRow],
        settings: WatchSettings,
        now: datetime,
        *,
        full: bool = True,
        phone_of: Callable[[str], str] | None = None,
    ) -> WatchOutcome:
        """Track the watched rows (``full``: ``rows`` is the whole sheet, so entries of numbers no
        longer on any row are dropped). Provider calls only when a provider is configured.

        ``phone_of(order_id)``: the recipient's real last 4 phone digits, asked only for a number
        about to be sent to the provider whose courier checks them (SF, ZTO: ``PHONE_REQUIRED``). The
        sheet's recipient cell is masked and may hide a virtual number's extension, so it is only
        the fallback. The digits go to the provider and nowhere else (not the document, not a log).
        """
        watched = [r for r in rows if r.state in TRACKED and r.has_tracking and r.order_id]
        cells = self._register(watched, now, full)
        phones: Mapping[str, str] = cells if phone_of is None else _PhoneBook(cells, self.numbers, phone_of)
        outcome = WatchOutcome()
        if self.config is not None:
            self._ask(phones, now, outcome)
        failing = self.doc.get("provider_failing_since") is not None
        for row in watched:
            view = self._view(row, settings, now, failing)
            if view is not None:
                outcome.views[row.order_id] = view
                outcome.texts[row.order_id] = view.text
                if view.courier is not None and self._take_recheck(row):
                    outcome.recheck.add(row.order_id)
        return outcome

    def save(self) -> None:
        """Write the document back if anything changed (compare-and-swap, merging concurrent pushes)."""
        if json.dumps(self.doc, sort_keys=True) == self._original:
            return
        mine = copy.deepcopy(self.doc)
        update_doc(self.journal, lambda fresh: merge_into(fresh, mine, self._loaded_updates, self._removed))
        self._original = json.dumps(self.doc, sort_keys=True)

    # -- entries -------------------------------------------------------------------------------

    def _register(self, rows: Iterable[SheetRow], now: datetime, full: bool) -> dict[str, str]:
        """Make sure every watched number has an entry; returns number -> recipient text (phone)."""
        phones: dict[str, str] = {}
        for row in rows:
            courier = _courier_of(row)
            if courier is None:
                continue
            for number in _numbers(row):
                phones[number] = row.recipient
                entry = self.numbers.get(number)
                if entry is None or entry.get("courier") != courier:
                    # A new number, or the courier was corrected: everything known so far was asked
                    # under the wrong code, so start over (a push for it may already be stored).
                    stored = entry or {}
                    entry = {
                        # The courier changed after shipping: once the provider confirms the new one,
                        # the tick reads the order so reconcile can correct the shop's courier.
                        "recheck": bool(stored.get("courier")),
                        "order_id": row.order_id,
                        "courier": courier,
                        "pushed_at": stored.get("pushed_at") or iso(now),
                        "last_query_at": None,
                        # Kuaidi100 locks a number, whatever the courier: keep the interval across a reset.
                        "asked_at": stored.get("last_query_at") or stored.get("asked_at"),
                        "last_update_at": stored.get("last_update_at") if not stored.get("courier") else None,
                        "subscribed": bool(stored.get("subscribed")) and not stored.get("courier"),
                        "snapshot": stored.get("snapshot") if not stored.get("courier") else None,
                    }
                    self.numbers[number] = entry
                entry["order_id"] = row.order_id
                if row.state is RowState.DELIVERED:
                    entry["row_delivered"] = True
                else:
                    entry.pop("row_delivered", None)
        if full:
            for number in [n for n in self.numbers if n not in phones]:
                del self.numbers[number]
                self._removed.add(number)
        return phones

    def _take_recheck(self, row: SheetRow) -> bool:
        entries = [self.numbers[n] for n in _numbers(row) if n in self.numbers]
        flagged = any(e.get("recheck") for e in entries)
        for entry in entries:
            entry.pop("recheck", None)
        return flagged

    def _tracked(self, number: str, entry: dict[str, Any]) -> TrackedNumber:
        snapshot = snapshot_from(entry.get("snapshot"))
        # Until the first push, a subscription is as fresh as its creation (the planner then waits
        # ``subscribed_refresh`` before querying it as a lost-push fallback).
        updates = [t for t in (when(entry.get("last_update_at")), when(entry.get("subscribed_at"))) if t]
        return TrackedNumber(
            number,
            str(entry.get("courier", "")),
            last_query_at=when(entry.get("last_query_at")),
            last_update_at=max(updates) if updates else None,
            state=TrackingState.DELIVERED
            if entry.get("row_delivered")
            else (snapshot.state if snapshot else None),
            subscribed=bool(entry.get("subscribed")),
            last_failed=bool(entry.get("failed")),
        )

    # -- provider calls ------------------------------------------------------------------------

    def _ask(self, phones: Mapping[str, str], now: datetime, outcome: WatchOutcome) -> None:
        assert self.config is not None
        config, provider = self.config, self.config.provider
        calls_before = _calls(provider)
        policy = replace(
            config.policy, use_subscriptions=bool(config.callback_url) and config.policy.use_subscriptions
        )
        live = {
            n: e
            for n, e in self.numbers.items()
            if n in phones and may_query(when(e.get("asked_at")), now, policy.min_query_interval)
        }
        normal = [self._tracked(n, e) for n, e in live.items() if not e.get("poll_only")]
        plan = plan_tick(normal, now, policy)
        polled = [self._tracked(n, e) for n, e in live.items() if e.get("poll_only")]
        left = max(0, policy.budget_per_tick - plan.calls)
        extra = plan_tick(polled, now, replace(policy, use_subscriptions=False, budget_per_tick=left))
        outcome.deferred = plan.deferred + extra.deferred
        sent = 0  # calls counted by us when the provider keeps no counter
        failing = False
        work = [
            *(("subscribe", i) for i in plan.subscribe),
            *(("query", i) for i in plan.query),
            *(("query", i) for i in extra.query),
        ]
        for kind, item in work:
            after = _calls(provider)
            spent = after - calls_before if after is not None and calls_before is not None else sent
            if spent >= policy.budget_per_tick:
                outcome.deferred += 1  # recognitions after a 400 ate into the budget
                continue
            entry = self.numbers[item.number]
            try:
                if kind == "subscribe":
                    self._subscribe(item, entry, phones[item.number], now)
                else:
                    self._query(item, entry, phones[item.number], now)
            except QueryTooSoon:
                continue  # refused locally, nothing was sent
            except PROVIDER_FAILURES as exc:
                sent += 1
                entry["error"] = str(exc)[:200]
                if kind == "query":
                    entry["last_query_at"] = iso(now)  # it may have reached the provider: keep the interval
                    entry["failed"] = True  # ... but ask again once the interval allows (planner)
                failing = True
                break  # the provider (or our account) is failing: stop asking this tick
            sent += 1
            self.doc["provider_failing_since"] = None
        if failing and self.doc.get("provider_failing_since") is None:
            self.doc["provider_failing_since"] = iso(now)
        after = _calls(provider)
        outcome.calls = after - calls_before if after is not None and calls_before is not None else sent

    def _subscribe(self, item: TrackedNumber, entry: dict[str, Any], recipient: str, now: datetime) -> None:
        assert self.config is not None
        courier = by_code(item.courier_code)
        try:
            self.config.provider.subscribe(
                item.number,
                courier,
                callback_url=self.config.callback_url,
                salt=self.config.salt,
                phone=recipient or None,
            )
        except SubscriptionDuplicate:
            pass  # already being tracked for us: the pushes will come
        except TrackingBadRequest as exc:
            # Refused (unknown courier code, bad data): watch this number by polling instead.
            entry["poll_only"] = True
            entry["error"] = str(exc)[:200]
            return
        entry["subscribed"] = True
        entry["subscribed_at"] = iso(now)

    def _query(self, item: TrackedNumber, entry: dict[str, Any], recipient: str, now: datetime) -> None:
        assert self.config is not None
        provider = self.config.provider
        entry.pop("failed", None)  # set again by the caller if the provider fails once more
        try:
            snapshot = provider.query(item.number, by_code(item.courier_code), phone=recipient or None)
        except PhoneRequired as exc:
            entry["last_query_at"] = iso(now)  # not sent; wait the interval before trying again
            entry["error"] = str(exc)[:200]
            return
        except NoResultYet as exc:
            entry["last_query_at"] = iso(now)
            entry["error"] = str(exc)[:200]
            return
        except TrackingBadRequest as exc:
            entry["last_query_at"] = iso(now)
            entry["error"] = str(exc)[:200]
            if not entry.get("recognised"):
                # Kuaidi100 answers 400 for a number asked under the wrong courier: ask it whose it is.
                entry["recognised"] = True
                found = provider.recognise(item.number)
                if found:
                    entry["reported_company"] = found[0].provider_company
            return
        except TrackingError as exc:
            if isinstance(exc, (QueryTooSoon, *PROVIDER_FAILURES)):
                raise
            entry["last_query_at"] = iso(now)
            entry["error"] = str(exc)[:200]
            return
        before = snapshot_from(entry.get("snapshot"))
        if before is not None and before.state is TrackingState.EXPIRED and snapshot.events:
            # Kuaidi100 gave up on this number (abort) and will push no more: it came to life after
            # all, so poll it like an unsubscribed number (4 h), not the 24 h lost-push fallback.
            entry["poll_only"] = True
            entry["subscribed"] = False
        entry["last_query_at"] = iso(now)
        entry["last_update_at"] = iso(now)
        entry["snapshot"] = snapshot_json(snapshot)
        entry["reported_company"] = ""  # the query under our courier worked: it is the right one
        entry.pop("error", None)

    # -- assessment ----------------------------------------------------------------------------

    def _assess(self, number: str, entry: dict[str, Any], settings: WatchSettings, now: datetime,
                failing: bool) -> tuple[TrackingSnapshot | None, list[str] | None]:  # fmt: skip
        snapshot = snapshot_from(entry.get("snapshot"))
        pushed_at = when(entry.get("pushed_at")) or now
        watch = ParcelWatch(
            number,
            str(entry.get("courier", "")),
            pushed_at,
            snapshot,
            reported_company=str(entry.get("reported_company", "")),
            provider_failing=failing,
        )
        found = assess(watch, settings, now)
        if not found.held:
            entry["codes"] = sorted(found.codes)
            top = _top(found)
            entry["alert"] = [top.code, top.message.zh, top.message.en] if top else None
            warnings = [a.code for a in found.alerts if a.level == "warning"]
            entry["warning"] = warnings[0] if warnings else None
        alert = entry.get("alert")
        return snapshot, alert if isinstance(alert, list) and len(alert) == 3 else None

    def _view(
        self, row: SheetRow, settings: WatchSettings, now: datetime, failing: bool
    ) -> LogisticsView | None:
        numbers = [n for n in _numbers(row) if n in self.numbers]
        if not numbers:
            return None
        if row.state is RowState.DELIVERED:
            snaps = [snapshot_from(self.numbers[n].get("snapshot")) for n in numbers]
            if not all(s is not None and s.state is TrackingState.DELIVERED for s in snaps):
                return None  # delivered by other means: nothing of ours to say
            return LogisticsView(self._text(numbers, snaps), delivered=True)
        snaps, exception = [], None
        for number in numbers:
            snapshot, alert = self._assess(number, self.numbers[number], settings, now, failing)
            snaps.append(snapshot)
            if alert is not None and exception is None:
                prefix = f"{number}：" if len(numbers) > 1 else ""
                prefix_en = f"{number}: " if len(numbers) > 1 else ""
                exception = (alert[0], Bilingual(prefix + alert[1], prefix_en + alert[2]))
        text = self._text(numbers, snaps)
        confirmed = self._confirmed_courier(numbers, snaps)
        warning = next(
            (self.numbers[n].get("warning") for n in numbers if self.numbers[n].get("warning")), None
        )
        if exception is None and warning in WARNING_LABELS:
            label = WARNING_LABELS[str(warning)]
            text = f"{text} · {label.en if self.english else label.zh}"
        if exception is not None:
            return LogisticsView(text, exception_code=exception[0], message=exception[1], courier=confirmed)
        delivered = all(s is not None and s.state is TrackingState.DELIVERED for s in snaps)
        return LogisticsView(text, delivered=delivered, courier=confirmed)

    def _confirmed_courier(
        self, numbers: Sequence[str], snaps: Sequence[TrackingSnapshot | None]
    ) -> str | None:
        """Our courier, when the provider answered with data under it for every number of the row."""
        couriers = {str(self.numbers[n].get("courier", "")) for n in numbers}
        if len(couriers) != 1:
            return None
        code = couriers.pop()
        try:
            expected = (by_code(code).kuaidi100_code or "").lower()
        except KeyError:
            return None
        for number, snap in zip(numbers, snaps, strict=True):
            if snap is None or not snap.events or self.numbers[number].get("reported_company"):
                return None
            if snap.provider_company.lower() != expected:
                return None
        return code

    def _text(self, numbers: Sequence[str], snaps: Sequence[TrackingSnapshot | None]) -> str:
        cells = [logistics_cell(s, english=self.english) for s in snaps]
        if len(numbers) == 1:
            return cells[0]
        return "\n".join(f"{n} {c}" for n, c in zip(numbers, cells, strict=True))


def _top(found: Assessment) -> LogisticsAlert | None:
    exceptions = [a for a in found.alerts if a.level == "exception"]
    exceptions.sort(key=lambda a: PRIORITY.index(a.code) if a.code in PRIORITY else len(PRIORITY))
    return exceptions[0] if exceptions else None


def _calls(provider: TrackingProvider) -> int | None:
    """The provider's own request counter (Kuaidi100Client.calls: retries included), if it has one."""
    calls = getattr(provider, "calls", None)
    return calls if isinstance(calls, int) else None


class _PhoneBook(Mapping[str, str]):
    """number -> what to send as the phone: the shop's real last 4 digits for couriers that check
    them (asked once per order, only when a query or subscription is about to be sent), else the
    sheet's recipient text (masked, its last 4 digits are the phone's)."""

    def __init__(
        self,
        cells: dict[str, str],
        entries: dict[str, dict[str, Any]],
        phone_of: Callable[[str], str],
    ) -> None:
        self._cells = cells
        self._entries = entries
        self._phone_of = phone_of
        self._asked: dict[str, str] = {}

    def __getitem__(self, number: str) -> str:
        cell = self._cells[number]
        entry = self._entries.get(number, {})
        code = str(entry.get("courier", ""))
        order_id = str(entry.get("order_id") or "")
        try:
            com = by_code(code).kuaidi100_code
        except KeyError:
            return cell
        if not order_id or com not in PHONE_REQUIRED:
            return cell
        if order_id not in self._asked:
            self._asked[order_id] = self._phone_of(order_id)
        return self._asked[order_id] or cell

    def __iter__(self) -> Iterator[str]:
        return iter(self._cells)

    def __len__(self) -> int:
        return len(self._cells)
