"""A stopped sync is never silent: a banner row on the 异常 tab while no tick has succeeded lately.

"Last good tick" is the journal's listing watermark (the one ``doctor``'s timer check reads): a tick
moves it only when it listed the shop's changed orders, so it stops moving both when no tick runs at
all (a paused scheduler, a function that dies) and when every tick fails at the shop.

Who writes the banner: a dead tick cannot, so every targeted pass checks it: the sheet-edit function
(on each operator edit) and shop events (each drain); the sync tick does too, as the one that
finally runs again but still cannot list. It lives on 异常 beside the broken-header alerts
(layout_guard.py), keyed by one marker in the 订单号 column, so it is appended once and marked
handled (已处理 = 是) by the first pass that finds the watermark fresh: a good tick (which moves the
watermark) clears it. The 设置 row ``stale_sync_minutes`` (default 30; 0: off) sets the age.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from shared.domain.text import Bilingual
from shared.reconcile.deadline import to_sheet_time
from shared.reconcile.plan import Alert
from sheet_templates.workspace import Lang

KIND = "sync_stale"


def marker(lang: Lang) -> str:
    """What the banner's 订单号 cell holds (one open banner at a time)."""
    return "自动同步" if lang == "zh" else "Auto sync"


@dataclass(frozen=True, slots=True)
class StaleSync:
    alerts: tuple[Alert, ...]  # the banner, when the sync is stale
    markers: frozenset[str]  # looked at: an open banner not in ``alerts`` is resolved


def _minutes(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def message(last_good: datetime, limit: float) -> Bilingual:
    since, over = to_sheet_time(last_good), _minutes(limit)
    zh = (
        f"自动同步从 {since} 起没有成功运行（超过 {over} 分钟），新订单、单号和状态都不会更新，"
        "请检查 Cloud Scheduler 定时任务和 sync 函数的日志，或在菜单点「立即同步」。"
    )
    en = (
        f"Automatic sync has not succeeded since {since} (over {over} minutes), so new orders, numbers "
        "and statuses are not updated; check the Cloud Scheduler job and the sync function's logs, "
        "or use 立即同步 (Sync now) in the menu."
    )
    return Bilingual(zh, en)


def action(lang: Lang) -> str:
    return "检查定时同步或点「立即同步」" if lang == "zh" else "Check the scheduled sync, or use Sync now"


def check(last_good: datetime | None, now: datetime, limit_minutes: float, lang: Lang) -> StaleSync:
    """The banner when the last good tick is older than ``limit_minutes``. No watermark yet (a new
    workspace before its first tick) or a limit of 0 shows none (``doctor`` reports a timer that
    never ran)."""
    looked = frozenset({marker(lang)})
    if last_good is None or limit_minutes <= 0 or now - last_good <= timedelta(minutes=limit_minutes):
        return StaleSync((), looked)
    todo = Bilingual(action("zh"), action("en"))
    return StaleSync((Alert(marker(lang), KIND, message(last_good, limit_minutes), todo),), looked)
