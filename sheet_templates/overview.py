"""The 总览 (Overview) tab of the overview spreadsheet: one row per shop, written whole by the product.

Row 1 says when it was refreshed; row 2 is the header; then one row per shop of the registry, in its
order. docs/shops.md#the-overview-总览 describes it; shared/app/overview.py writes it.
"""

from __future__ import annotations

from shared.domain.text import Bilingual
from sheet_templates.workspace import AMBER, GREY, RED, SYSTEM_HEADER_BG, SYSTEM_HEADER_FG, URGENT, WHITE, Rgb

T = Bilingual

TITLE = T("总览", "Overview")

# (field, header), in column order
COLUMNS: tuple[tuple[str, Bilingual], ...] = (
    ("shop", T("店铺", "Shop")),
    ("status", T("状态", "Status")),
    ("open_orders", T("未发货订单", "Open orders")),
    ("past_ship_by", T("已过发货截止", "Past ship-by")),
    ("near_ship_by", T("临近发货截止", "Near ship-by")),
    ("open_exceptions", T("未处理异常", "Open exceptions")),
    ("last_ok", T("最近成功同步", "Last good tick")),
    ("last_tick", T("最近一次同步", "Last tick")),
    ("counted_at", T("数字截至", "Counts as of")),
    ("error", T("错误", "Error")),
)

STATUS = {
    "ok": T("正常", "OK"),
    "failing": T("同步失败", "Failing"),
    "stale": T("同步停滞", "Stale"),
    "never": T("尚未同步", "Never ticked"),
}

# Row colours: a failing shop red, a stale or never-ticked one amber, one with orders past their
# ship-by deadline orange; the header dark like the workspace's system columns.
FAILING_ROW: Rgb = RED
STALE_ROW: Rgb = AMBER
NEVER_ROW: Rgb = GREY
PAST_DEADLINE_ROW: Rgb = URGENT
PLAIN_ROW: Rgb = WHITE
HEADER_BG: Rgb = SYSTEM_HEADER_BG
HEADER_FG: Rgb = SYSTEM_HEADER_FG


def refreshed(when: str) -> Bilingual:
    """Row 1: the refresh time (Beijing wall time, as every time the workspace shows)."""
    return T(
        f"店铺总览 · 更新于 {when}（北京时间）· 每个店铺同步后整页重写，请勿在此编辑",
        f"Shops overview · refreshed {when} (Beijing time) · rewritten after every shop's tick: do not edit",
    )


def failures_in_a_row(count: int) -> Bilingual:
    return T(f"连续失败 {count} 次", f"{count} failed ticks in a row")
