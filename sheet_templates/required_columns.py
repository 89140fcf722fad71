"""Which headers each tab cannot do without (issue 12: a broken layout stops the writer, not the data).

Columns are found by their header text (``shared.sheets.layout``), so a renamed, moved-away or deleted
header makes its column vanish from the product's view: the cells read as empty. For some columns that
is harmless (nothing is decided from them); for others an empty read would be taken for real: a row
without its 快递单号 looks like one still waiting for a number, a row without its 状态 or 物流 looks
like one the product never saw. Those are *required* here, and a tab missing one (or holding it
twice, which leaves it unclear which one is meant) is broken:

* a broken tab is never written (no cell, no note, no appended row);
* a broken tab the decisions read (``DECISION_TABS``) stops the whole pass: no row is decided, nothing
  is pushed, the journal's state is not touched, and queued shop events stay queued;
* either way one alert says so on 异常 (or in 日志 when 异常 itself is broken), and it is resolved by
  the first pass that finds the header back.

A missing *optional* column is reported the same way, but the pass goes on: that column is simply
not written (see sheet_templates/README.md for the list and the reasons).
"""

from __future__ import annotations

from collections.abc import Mapping

REQUIRED: Mapping[str, frozenset[str]] = {
    # The operator's inputs, what the product remembers in the sheet (状态, 说明, 物流), the deadline
    # read for rows the shop is not asked about, and the recipient the tracking query needs (SF).
    # Optional: 付款时间, 商品, 数量 (shown only) and 同步时间 (a stamp).
    "orders": frozenset(
        {
            "order_id",
            "ship_by",
            "recipient",
            "supplier",
            "supplier_order_no",
            "courier",
            "tracking_numbers",
            "status",
            "message",
            "logistics",
        }
    ),
    # What makes a supplier a source and gives its default courier. Optional: 联系人, 联系方式, 备注
    # (for people), 状态 (written only).
    "suppliers": frozenset({"name", "channel", "default_courier", "settings"}),
    # The paste, whose supplier it is, and the result that marks it done. Optional: 处理时间.
    "inbox": frozenset({"supplier", "text", "result"}),
    # What an alert is (order, kind), what it says, and whether it is open. Optional: 发现时间,
    # 建议操作, 处理人.
    "exceptions": frozenset({"order_id", "kind", "message", "resolved"}),
    # Every column: a log row without its reason or result is a worse log (the journal keeps every
    # entry, and ``rebuild-log`` refills the tab).
    "log": frozenset({"at", "order_id", "actor", "action", "old", "new", "source", "reason", "result"}),
    # Which setting, and its value. Optional: 设置项, 说明 (written by init-sheet).
    "settings": frozenset({"key", "value"}),
}

# Tabs whose rows the decisions read: one of these broken, nothing is decided anywhere.
DECISION_TABS: frozenset[str] = frozenset({"orders", "settings", "suppliers"})


def required(tab_key: str) -> frozenset[str]:
    return REQUIRED.get(tab_key, frozenset())
