"""The demo's logistics act: the clocks jump ``DEMO_HOURS`` (81 h) so the tick's watch shows every
exception kind the shop was seeded with (demo/parcels.py).

Kuaidi100 knows only the parcels registered at it. Before the jump, every other parcel the sheet
shows as shipped is registered as on its way (a normal journey, picked up 8 h and last scanned 2 h
before the new now): without that, each would read "no pickup after 81 h" and drown the five
seeded parcels in alerts. So after the jump those rows keep their states (shipped, corrected).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from demo.operator import SheetOperator
from demo.parcels import DEMO_HOURS
from demo.stage import Stage
from shared.couriers import find
from shared.domain.text import Bilingual
from sheet_templates.workspace import state_by_label

ON_THE_WAY_HOURS = 10.0  # the other parcels' journeys start this long before the new now
_WATCHED = frozenset({"ready", "shipped", "corrected"})


def other_parcels(operator: SheetOperator, seeded_numbers: set[str]) -> dict[str, str]:
    """number -> Kuaidi100 company code of every row the watch follows, the seeded parcels aside."""
    found: dict[str, str] = {}
    for record in operator.table("订单").records():
        state = state_by_label(record.get("状态", ""))
        number = record.get("快递单号", "").strip()
        courier = find(record.get("快递公司", "").strip() or "-")
        if state is None or state.state not in _WATCHED or not number or number in seeded_numbers:
            continue
        if courier is not None and courier.kuaidi100_code:
            found[number] = courier.kuaidi100_code
    return found


def jump(stage: Stage, operator: SheetOperator, seeded_numbers: set[str]) -> list[str]:
    """Register the other parcels as on their way, then move every clock ``DEMO_HOURS`` ahead.
    Returns the lines for the log."""
    return jump_shops(stage, [(operator, seeded_numbers)])


def jump_shops(stage: Stage, shops: Sequence[tuple[SheetOperator, set[str]]]) -> list[str]:
    """``jump`` for several shops (DEMO_SHOPS) sharing the clocks: every shop's other parcels are
    registered (its operator's sheet, its seeded numbers aside), then the clocks move once."""
    target = stage.clock.now() + timedelta(hours=DEMO_HOURS)
    start = target - timedelta(hours=ON_THE_WAY_HOURS)
    registered = 0
    for operator, seeded_numbers in shops:
        parcels = other_parcels(operator, seeded_numbers)
        for number, com in parcels.items():
            stage.kuaidi100_control.add_parcel(number, com, "normal", start=start)
        registered += len(parcels)
    now: datetime = stage.move_clocks(DEMO_HOURS)
    return [
        Bilingual(
            f"快递100 登记了其余 {registered} 个在途包裹", "the shop's other parcels are on their way"
        ).joined(),
        Bilingual(
            f"时钟前进 {DEMO_HOURS:g} 小时（物流演示），现在是 {now:%m-%d %H:%M} UTC",
            f"the clock moved {DEMO_HOURS:g} h for the logistics demo",
        ).joined(),
    ]
