"""The quota benchmark's figures from its raw observations, and the table (pure: no I/O, no clock).

``summarise`` turns one run's observations (benchmarks/quota_load.py) into the figures; ``table``
sets several runs side by side with the targets of issue 17 and whether each run meets them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

# The targets (issue 17): no 429 reaches an operator, every edit is coloured, the edit-to-colour p95
# stays under 10 s during the flash sale, and the hook answers in under 200 ms (median).
TARGET_SURFACED = 0
TARGET_BURST_P95_S = 10.0
TARGET_HOOK_P50_MS = 200.0

# What tells a person the Sheets quota was hit: Google's status and reason, the client's error class,
# the code on its own (not inside a longer number, such as an order id, nor a cell's A1 address such
# as 订单!J429 in a 日志 row), and the words a message in the sheet would use.
_QUOTA = re.compile(
    r"RESOURCE_EXHAUSTED|RATE_LIMIT|RateLimited|[Qq]uota|配额|限额|(?<![0-9A-Za-z])429(?![0-9])"
)
_LOG_FIELDS = ("message", "error_class", "error", "code", "status", "reason")
_SERIOUS = ("WARNING", "ERROR", "CRITICAL")


def mentions_quota(text: str) -> bool:
    return bool(_QUOTA.search(text))


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (``p`` in 0..100) of ``values``; ``inf`` values (never happened) sort
    last, so a percentile that falls on one is ``inf``. NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def surfaced_log_lines(lines: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """Log lines at WARNING or above that name the quota (what an alert or a log reader sees), by
    kind: ``"<function>: <message> (<error class>)"`` -> lines."""
    kinds: dict[str, int] = {}
    for line in lines:
        if str(line.get("severity", "")) not in _SERIOUS:
            continue
        if any(mentions_quota(str(line.get(name, ""))) for name in _LOG_FIELDS):
            kind = f"{line.get('function', '-')}: {line.get('message', '')} ({line.get('error_class', '-')})"
            kinds[kind] = kinds.get(kind, 0) + 1
    return kinds


def summarise(raw: Mapping[str, Any]) -> dict[str, Any]:
    """One run's figures. Edit-to-colour counts an edit never coloured as ``inf``."""
    edits = list(raw["edits"])
    waits = [_wait(e) for e in edits]
    start, end = raw["sale"]["window"]
    in_sale = [_wait(e) for e in edits if start <= e["typed_at"] <= end]
    answered = [h for h in raw["hooks"] if h.get("answered") is not None and h.get("sent") is not None]
    hook_ms = [(h["answered"] - h["sent"]) * 1000 for h in answered]
    failed_hooks = sum(1 for h in raw["hooks"] if not _ok(h.get("status")))
    statuses = {str(k): int(v) for k, v in raw["service_account"].items()}
    refused = statuses.get("429", 0)
    served = sum(v for k, v in statuses.items() if k != "429")
    kinds = surfaced_log_lines(raw["log_lines"])
    log_lines = sum(kinds.values())
    cells = sum(int(v) for v in raw["surfaced_cells"].values())
    return {
        "edits": len(edits),
        "coloured": sum(1 for w in waits if math.isfinite(w)),
        "calls_per_edit": served / len(edits) if edits else math.nan,
        "service_account_calls": served,
        "client_429": refused,
        "emulator_rejected": int(raw["rejected"]),
        "surfaced_429": log_lines + cells,
        "surfaced_log_lines": log_lines,
        "surfaced_cells": cells,
        "surfaced_kinds": dict(sorted(kinds.items(), key=lambda kv: -kv[1])),
        "warning_lines": sum(1 for line in raw["log_lines"] if line.get("severity") in _SERIOUS),
        "colour_p50_s": percentile(waits, 50),
        "colour_p95_s": percentile(waits, 95),
        "burst_edits": len(in_sale),
        "burst_p95_s": percentile(in_sale, 95),
        "hook_p50_ms": percentile(hook_ms, 50),
        "hook_p95_ms": percentile(hook_ms, 95),
        "hook_total_s": sum(hook_ms) / 1000,
        "hooks": len(raw["hooks"]),
        "hooks_failed": failed_hooks,
        "sale_orders": int(raw["sale"]["orders"]),
        "sale_on_sheet": int(raw["sale_on_sheet"]),
        "ticks": len(raw["ticks"]),
        "drain_s": raw["drained"] - raw["ended"],
    }


def _ok(status: Any) -> bool:
    return isinstance(status, int) and 200 <= status < 300


def _wait(edit: Mapping[str, Any]) -> float:
    if edit.get("coloured_at") is None:
        return math.inf
    return float(edit["coloured_at"]) - float(edit["typed_at"])


def meets(summary: Mapping[str, Any]) -> dict[str, bool]:
    """Each target of issue 17, met or not, for one run."""
    return {
        "surfaced_429": summary["surfaced_429"] <= TARGET_SURFACED,
        "coloured": summary["coloured"] == summary["edits"] and summary["edits"] > 0,
        "burst_p95_s": summary["burst_p95_s"] < TARGET_BURST_P95_S,
        "hook_p50_ms": summary["hook_p50_ms"] < TARGET_HOOK_P50_MS,
    }


# (key, label, target text, format)
ROWS: tuple[tuple[str, str, str, str], ...] = (
    ("calls_per_edit", "Sheets calls per edit (service account, served)", "", "{:.2f}"),
    ("client_429", "429s seen by the client (service account)", "", "{:d}"),
    ("surfaced_429", "429s surfaced to the operator (log lines + cells)", "0", "{:d}"),
    ("coloured", "edits coloured", "all", "coloured"),
    ("colour_p50_s", "edit -> colour p50 (s)", "", "{:.1f}"),
    ("colour_p95_s", "edit -> colour p95 (s)", "", "{:.1f}"),
    ("burst_p95_s", "edit -> colour p95 during the flash sale (s)", f"< {TARGET_BURST_P95_S:g}", "{:.1f}"),
    ("hook_p50_ms", "hook answer p50 (ms)", f"< {TARGET_HOOK_P50_MS:g}", "{:.0f}"),
    ("hook_p95_ms", "hook answer p95 (ms)", "", "{:.0f}"),
    ("hook_total_s", "total hook time (s)", "", "{:.1f}"),
    ("hooks_failed", "hook answers not 2xx (or none)", "", "{:d}"),
    ("warning_lines", "log lines at WARNING or above", "", "{:d}"),
    ("sale_on_sheet", "flash-sale orders on the sheet at the end", "", "sale"),
    ("ticks", "timer ticks", "", "{:d}"),
)


def cell(summary: Mapping[str, Any], key: str, fmt: str) -> str:
    if fmt == "coloured":
        return f"{summary['coloured']}/{summary['edits']}"
    if fmt == "sale":
        return f"{summary['sale_on_sheet']}/{summary['sale_orders']}"
    value = summary[key]
    if isinstance(value, float) and math.isnan(value):
        return "-"
    if isinstance(value, float) and math.isinf(value):
        return f"> {summary['drain_s']:.0f} (not all)" if key.endswith("_s") else "inf"
    return fmt.format(value)


def table(runs: Sequence[tuple[str, Mapping[str, Any]]]) -> list[str]:
    """Lines of the side-by-side table: one column per run (label, summary); a target met or missed
    is marked after the figure."""
    head = ("", "target", *(label for label, _ in runs))
    lines = [head]
    for key, label, target, fmt in ROWS:
        row = [label, target]
        for _, summary in runs:
            text = cell(summary, key, fmt)
            verdict = meets(summary).get(key)
            row.append(text if verdict is None else f"{text} {'ok' if verdict else 'MISSED'}")
        lines.append(tuple(row))
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    return ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in lines]
