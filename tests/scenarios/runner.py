"""Load a scenario folder and play it on a world: the shop, the supplier, the operator, the ticks.

A folder (see README.md) holds ``scenario.json`` and the other JSON files named there. Orders are
named by letters ("A", "B"); ``{A}`` anywhere in a string becomes that order's id.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from emulators.control import SupplierControl
from shared.app.sheet_plan import alert_code, is_open
from shared.couriers import by_code
from shared.journal.records import AuditEntry
from shared.wechat.delivery import OutgoingPackage, WaybillChange
from tests.e2e.world import World

PLACEHOLDER = re.compile(r"\{([A-Z])\}")


def _load(folder: Path, name: str, default: Any) -> Any:
    path = folder / name
    return json.loads(path.read_text("utf-8")) if path.exists() else default


@dataclass
class Scenario:
    name: str
    behaviour: str
    settings: dict[str, str]
    phases: list[dict[str, Any]]
    orders: dict[str, dict[str, Any]]
    shop_actions: list[list[dict[str, Any]]]
    supplier: list[dict[str, Any]]
    sheet_input: list[dict[str, dict[str, str]]]
    expected_sheet: list[dict[str, Any]]
    expected_journal: list[dict[str, str]]
    expected_shop: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> Scenario:
        spec = _load(folder, "scenario.json", {})
        phases = spec["phases"]
        n = len(phases)

        def per_phase(items: list[Any], empty: Any) -> list[Any]:
            if len(items) > n:
                raise ValueError(f"{folder.name}: {len(items)} phases of input for {n} phases")
            return [*items, *([empty] * (n - len(items)))]

        shop = _load(folder, "shop.json", {})
        return cls(
            folder.name,
            spec["behaviour"],
            spec.get("settings", {}),
            phases,
            shop.get("orders", {}),
            per_phase(shop.get("phases", []), []),
            per_phase(_load(folder, "supplier.json", {}).get("phases", []), {}),
            per_phase(_load(folder, "input_sheet.json", []), {}),
            per_phase(_load(folder, "expected_sheet.json", []), {}),
            _load(folder, "expected_journal.json", []),
            _load(folder, "expected_shop.json", {}),
        )

    @property
    def uses_supplier_api(self) -> bool:
        return any(p.get("api_orders") for p in self.supplier)


class Player:
    """Plays a scenario on a world, phase by phase, and checks what each phase expects."""

    def __init__(self, scenario: Scenario, world: World, supplier_url: str | None = None) -> None:
        self.sc = scenario
        self.w = world
        self.ids: dict[str, str] = {}
        self.offset = timedelta()
        self.supplier_url = supplier_url

    def sub(self, value: Any) -> Any:
        if isinstance(value, str):
            return PLACEHOLDER.sub(lambda m: self.ids[m.group(1)], value)
        if isinstance(value, list):
            return [self.sub(v) for v in value]
        if isinstance(value, dict):
            return {k: self.sub(v) for k, v in value.items()}
        return value

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    # --- playing -------------------------------------------------------------------------------
    def play(self) -> None:
        for key, value in self.sc.settings.items():
            self.w.set_setting(key, value)
        for letter, body in self.sc.orders.items():
            self.ids[letter] = self.w.create_order(**body)
        self.w.tick(self.now())  # the paid orders are listed: their rows exist from here on
        for index, phase in enumerate(self.sc.phases):
            self._move_clock(float(phase.get("at_hours", self.offset.total_seconds() / 3600)))
            for action in self.sc.shop_actions[index]:
                self._shop(action)
            for letter, cells in self.sc.sheet_input[index].items():
                for header, text in cells.items():
                    self.w.type_cell(self.ids[letter], header, self.sub(text))
            self._supplier(self.sc.supplier[index])
            for _ in range(int(phase.get("ticks", 1))):
                self.w.tick(self.now())
            self.check_sheet(index, self.sc.expected_sheet[index])
        self.check_journal()
        self.check_shop()

    def _move_clock(self, hours: float) -> None:
        """Scenario time moves the shop's clock too, so its changes fall inside the listing window."""
        target = timedelta(hours=hours)
        if target < self.offset:
            raise ValueError(f"{self.sc.name}: at_hours goes back in time")
        if target > self.offset:
            self.w.shop_control.advance_clock((target - self.offset).total_seconds())
            self.offset = target

    def _shop(self, action: dict[str, Any]) -> None:
        order_id = self.ids[action["order"]]
        do = action["do"]
        if do == "ship":  # in the shop backend, by hand
            lines = [(p["product_id"], p["sku_id"]) for p in self._lines(order_id)]
            packages = [
                OutgoingPackage(
                    by_code(p["courier"]).wechat_delivery_id, p["waybill"], skus=(lines[p["line"]],)
                )
                if "line" in p
                else OutgoingPackage(by_code(p["courier"]).wechat_delivery_id, p["waybill"])
                for p in action["packages"]
            ]
            self.w.shop.ship(order_id, packages)
        elif do == "edit_waybill":  # a correction made in the shop backend
            old_d = by_code(action["courier"]).wechat_delivery_id
            change = WaybillChange(old_d, action["old"], old_d, action["new"])
            self.w.shop.update_delivery(order_id, [change])
        else:  # cancel, aftersale, refund, confirm ...: the emulator's own control call
            self.w.shop_control.order_action(order_id, do, **self.sub(action.get("body", {})))

    def _lines(self, order_id: str) -> list[dict[str, Any]]:
        return self.w.shop_order(order_id)["order_detail"]["product_infos"]  # type: ignore[no-any-return]

    def _supplier(self, phase: dict[str, Any]) -> None:
        for paste in phase.get("inbox", []):
            self.w.paste_inbox(self.sub(paste["text"]), supplier=paste.get("supplier", ""))
        orders = phase.get("api_orders", [])
        if orders:
            assert self.supplier_url is not None
            SupplierControl(self.supplier_url, self.w.http).seed(*self.sub(orders))

    # --- checking ------------------------------------------------------------------------------
    def check_sheet(self, index: int, expected: dict[str, Any]) -> None:
        where = f"{self.sc.name}, phase {index}"
        for letter, cells in expected.items():
            if letter == "异常":
                continue
            row = self.w.row_of(self.ids[letter])
            for header, want in cells.items():
                got = row[header]
                if isinstance(want, list):  # substrings, all of them
                    missing = [s for s in self.sub(want) if s not in got]
                    assert not missing, f"{where}: {letter} {header} lacks {missing}: {got!r}"
                else:
                    assert got == self.sub(want), f"{where}: {letter} {header} = {got!r}, expected {want!r}"
        if "异常" in expected:
            open_alerts = {
                (r["订单号"], alert_code(r["类型"])) for r in self.w.records("异常") if is_open(r["已处理"])
            }
            wanted = {(self.ids[a["order"]], a["kind"]) for a in expected["异常"]}
            assert wanted <= open_alerts, f"{where}: alerts {wanted - open_alerts} missing from {open_alerts}"

    def check_journal(self) -> None:
        """Expected entries appear in the journal in this order (other entries may come between)."""
        entries = list(self.w.journal.entries())
        position = 0
        for want in self.sc.expected_journal:
            want = self.sub(want)
            while position < len(entries) and not _matches(entries[position], want, self.ids):
                position += 1
            assert position < len(entries), f"{self.sc.name}: journal lacks {want} (in order)"
            position += 1

    def check_shop(self) -> None:
        for letter, want in self.sc.expected_shop.get("orders", {}).items():
            assert self.w.shop_waybills(self.ids[letter]) == self.sub(want["waybills"]), letter
        for path, count in self.sc.expected_shop.get("calls", {}).items():
            assert self.w.shop_calls(f"/channels/ec/order/{path}") == count, path


def _matches(entry: AuditEntry, want: dict[str, str], ids: dict[str, str]) -> bool:
    """Exact for order/actor/action/field/old/new/source; a substring for reason and result."""
    exact = {
        "order": entry.order_id or "",
        "actor": entry.actor,
        "action": entry.action,
        "field": entry.field_name or "",
        "old": entry.old or "",
        "new": entry.new or "",
        "source": entry.source,
    }
    for key, value in want.items():
        if key == "order":
            if exact["order"] != ids[value]:
                return False
        elif key in ("reason", "result"):
            if value not in getattr(entry, key):
                return False
        elif exact[key] != value:
            return False
    return True
