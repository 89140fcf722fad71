"""One sync tick (docs/architecture.md#a-timer-tick), and the targeted passes of sheet edits and shop events.

Every pass is one pipeline of named stages, each a function from frozen dataclasses to a frozen
dataclass: read (read.py) -> gather (gather.py) -> decide (decide.py, pure) -> act (act.py: pushes,
then the pure decision after them) -> write (write.py) -> remember (remember.py); the report is built
from their outputs (report.py). Passes differ only in their read stage (passes.py).

Sheets budget per tick, whatever the number of rows: ONE ``values:batchGet`` (every tab needed),
ONE re-read ``values:batchGet``, ONE ``values:batchUpdate``, ONE ``spreadsheets:batchUpdate``
(appended rows for 订单/异常/日志, notes), plus one metadata GET the first time a process needs sheet
ids; at most hourly the 统计 tab rides in that batchUpdate after one metadata GET (tick/scorecard.py).
A targeted pass (sheet edits, shop events) costs two: its read is its re-read, and values go
with the formats in the one ``spreadsheets:batchUpdate`` (write.py). A lease in the journal keeps
two ticks from running at once, and fences every push (tick_lease.py).
"""

from shared.app.tick.deps import FACTS_KEEP, OVERLAP, WATERMARK, Layouts, TickDeps, utc_now
from shared.app.tick.passes import check_layout, refresh, run_tick
from shared.app.tick.report import TickReport
from shared.app.tick.shop_read import orders_to_read

__all__ = [
    "FACTS_KEEP",
    "OVERLAP",
    "WATERMARK",
    "Layouts",
    "TickDeps",
    "TickReport",
    "check_layout",
    "orders_to_read",
    "refresh",
    "run_tick",
    "utc_now",
]
