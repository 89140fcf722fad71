"""The 统计 (Scorecard) tab: written whole by the product, values only (no formulas, no operator column).

Its columns, in order; the cause and kind columns follow the fixed lists of
``shared/reconcile/causes.py`` and ``shared/reconcile/scorecard.py``. docs/workspace.md describes it.
"""

from __future__ import annotations

from shared.domain.text import Bilingual

T = Bilingual

TITLE = T("统计", "Scorecard")
OVERALL_NAME = T("全部供应商", "All suppliers")

# (field, header) before the per-cause and per-kind columns
LEADING: tuple[tuple[str, Bilingual], ...] = (
    ("rank", T("排名", "Rank")),
    ("supplier", T("供应商", "Supplier")),
    ("days", T("天数", "Days")),
    ("orders", T("订单数", "Orders")),
    ("numbered", T("已有单号", "With a number")),
    ("median_hours", T("付款到单号·中位数(小时)", "Paid to number, median (h)")),
    ("p90_hours", T("付款到单号·90%(小时)", "Paid to number, 90th pct (h)")),
    ("on_time", T("按时发货率(%)", "Shipped on time (%)")),
    ("wrong_per_100", T("错号/改号每百单", "Wrong or changed per 100 orders")),
)
WRONG_PREFIX = T("错号·", "Wrong: ")
EXCEPTION_PREFIX = T("物流异常每百件·", "Exceptions per 100 parcels: ")
UNKNOWN_CAUSE = T("原因未知", "Cause unknown")
TRAILING: tuple[tuple[str, Bilingual], ...] = (
    ("parcels", T("包裹数", "Parcels")),
    ("cancelled_after_shipped", T("发货后取消", "Cancelled after shipping")),
    ("at", T("更新时间", "Updated at")),
)
NOTE = T(
    "本页每小时最多更新一次，由系统写入数值（不用公式）；排名按近 30 天按时发货率、再按错号率。",
    "Refreshed at most hourly with values written by the product (no formulas); ranked by the "
    "30-day on-time rate, then the wrong-number rate.",
)

# The data blocks under the table, which the two charts draw (values too: readable without charts).
WEEK = T("周（起）", "Week of")
KIND = T("物流异常（每百件）", "Exceptions (per 100 parcels)")
ON_TIME_CHART = T("各供应商每周按时发货率(%)", "On-time rate per supplier by week (%)")
EXCEPTIONS_CHART = T(
    "近 30 天物流异常（每百件，按类型）", "Logistics exceptions, last 30 days (per 100 parcels, by kind)"
)
ON_TIME_AXIS = T("按时发货率(%)", "On time (%)")
EXCEPTIONS_AXIS = T("每百件", "Per 100 parcels")
KIND_AXIS = T("类型", "Kind")
