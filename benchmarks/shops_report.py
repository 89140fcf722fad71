"""The many-shops benchmark's figures: one run's per-shop results, and the tables printed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from statistics import mean
from typing import Any

TICKED = ("ok", "partial")  # a tick that did its work ("partial": a shop error, docs/shops.md)


@dataclass
class Run:
    label: str
    mode: str  # "fan-out" or "sequential"
    concurrency: int
    quota: int  # Sheets reads (= writes) per minute
    wall_s: float = 0.0
    sheets: dict[str, int] = field(default_factory=dict)  # shop key -> Sheets API calls
    sheets_429: dict[str, int] = field(default_factory=dict)
    wechat: dict[str, int] = field(default_factory=dict)  # shop key -> WeChat API calls
    outcomes: dict[str, list[str]] = field(default_factory=dict)  # shop key -> tick outcomes, in order
    tick_s: dict[str, float] = field(default_factory=dict)  # shop key -> its first tick's duration
    peak_mb: list[float] = field(default_factory=list)  # per process running ticks
    rounds: int = 1
    first_round: dict[str, str] = field(default_factory=dict)  # shop key -> outcome of the first schedule
    errors: list[str] = field(default_factory=list)
    cpu: dict[str, float] = field(default_factory=dict)  # process group -> CPU seconds during the run
    methods: dict[str, int] = field(default_factory=dict)  # Sheets API method -> calls, every shop's
    spans: list[tuple[float, float]] = field(default_factory=list)  # each tick's (start, end), unix s
    dispatch_s: float | None = None  # the dispatch's own duration (fan-out)

    def take_lines(self, lines: list[dict[str, Any]], keys: list[str]) -> None:
        for key in keys:
            self.outcomes.setdefault(key, [])
        for line in lines:
            key = str(line.get("shop", ""))
            if line.get("function") == "sync" and line.get("event") == "tick" and key in self.outcomes:
                took = float(line.get("duration_ms", 0)) / 1000
                if not self.outcomes[key]:
                    self.tick_s[key] = took
                self.outcomes[key].append(str(line.get("outcome", "")))
                end = datetime.fromisoformat(str(line["time"])).timestamp()
                self.spans.append((end - took, end))
            elif line.get("event") == "dispatch" and "duration_ms" in line:
                self.dispatch_s = float(line["duration_ms"]) / 1000
            elif line.get("severity") in ("ERROR", "CRITICAL"):
                self.errors.append(str(line.get("message", ""))[:200])

    def timeline(self) -> dict[str, float]:
        """From the first tick's start to the last one's end, and how many ran at once on average."""
        if not self.spans:
            return {}
        span = max(e for _, e in self.spans) - min(s for s, _ in self.spans)
        busy = sum(e - s for s, e in self.spans)
        return {"ticks_span_s": round(span, 3), "mean_in_flight": round(busy / span, 2) if span else 0.0}

    def first(self, key: str) -> str:
        done = self.outcomes.get(key) or []
        return done[0] if done else "none"

    def count(self, outcome: str) -> int:
        return sum(1 for key in self.outcomes if (self.first_round.get(key) or self.first(key)) == outcome)

    def ticked_once(self) -> bool:
        return all(o == ["ok"] for o in self.outcomes.values())

    def per_shop(self) -> dict[str, dict[str, Any]]:
        return {
            key: {
                "sheets": self.sheets.get(key, 0),
                "sheets_429": self.sheets_429.get(key, 0),
                "wechat": self.wechat.get(key, 0),
                "outcomes": outcomes,
                "tick_s": round(self.tick_s.get(key, 0.0), 3),
            }
            for key, outcomes in self.outcomes.items()
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "wall_s": round(self.wall_s, 3),
            "sheets_calls_per_shop": spread(self.sheets),
            "wechat_calls_per_shop": spread(self.wechat),
            "sheets_429": sum(self.sheets_429.values()),
            "outcomes": {o: self.count(o) for o in ("ok", "deferred", "failed", "partial", "none")},
            "sum_tick_s": round(sum(self.tick_s.values()), 3),
            "peak_rss_mb": round(max(self.peak_mb, default=0.0), 1),
            "rounds": self.rounds,
            "cpu_s": self.cpu,
            "sheets_methods": self.methods,
            **self.timeline(),
            **({"dispatch_s": round(self.dispatch_s, 3)} if self.dispatch_s is not None else {}),
        }


def spread(per_shop: dict[str, int]) -> dict[str, float]:
    values = list(per_shop.values()) or [0]
    return {"mean": round(mean(values), 2), "max": max(values), "total": sum(values)}


def _grid(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in rows]


def per_shop_table(fan: Run, seq: Run) -> list[str]:
    head: tuple[str, ...] = ("shop", "fan Sheets", "fan WeChat", "fan tick s", "fan outcome")
    head += ("seq Sheets", "seq WeChat", "seq tick s", "seq outcome", "same work")
    rows: list[tuple[str, ...]] = [head]
    for key in fan.outcomes:
        same = (fan.sheets.get(key), fan.wechat.get(key)) == (seq.sheets.get(key), seq.wechat.get(key))
        rows.append(
            (
                key,
                str(fan.sheets.get(key, 0)),
                str(fan.wechat.get(key, 0)),
                f"{fan.tick_s.get(key, 0.0):.2f}",
                ",".join(fan.outcomes[key]) or "none",
                str(seq.sheets.get(key, 0)),
                str(seq.wechat.get(key, 0)),
                f"{seq.tick_s.get(key, 0.0):.2f}",
                ",".join(seq.outcomes.get(key, [])) or "none",
                "yes" if same else "NO",
            )
        )
    return _grid(rows)


def runs_table(runs: list[Run]) -> list[str]:
    head: tuple[str, ...] = ("run", "wall s", "sum of ticks s", "Sheets/shop mean", "max")
    head += (
        "WeChat/shop mean",
        "max",
        "ok",
        "deferred",
        "failed",
        "429s",
        "peak RSS MB/process",
        "schedules",
        "CPU s",
    )
    rows: list[tuple[str, ...]] = [head]
    for run in runs:
        d = run.as_dict()
        s, w = d["sheets_calls_per_shop"], d["wechat_calls_per_shop"]
        rows.append(
            (
                run.label,
                f"{run.wall_s:.2f}",
                f"{d['sum_tick_s']:.2f}",
                f"{s['mean']:.1f}",
                str(s["max"]),
                f"{w['mean']:.1f}",
                str(w["max"]),
                str(d["outcomes"]["ok"] + d["outcomes"]["partial"]),
                str(d["outcomes"]["deferred"]),
                str(d["outcomes"]["failed"] + d["outcomes"]["none"]),
                str(d["sheets_429"]),
                f"{d['peak_rss_mb']:.0f}",
                str(run.rounds),
                f"{sum(run.cpu.values()):.1f}",
            )
        )
    return _grid(rows)


def cpu_lines(runs: list[Run], cores: int) -> list[str]:
    """Where each run's CPU went, and the shortest wall time that CPU allows on ``cores`` cores."""
    lines = []
    for run in runs:
        parts = ", ".join(f"{name} {seconds:.1f}" for name, seconds in run.cpu.items())
        floor = sum(run.cpu.values()) / max(1, cores)
        shape = run.timeline()
        overlap = f"; {shape['mean_in_flight']:.1f} ticks in flight on average" if shape else ""
        lines.append(f"{run.label}: CPU s {parts}; on {cores} cores at least {floor:.1f} s of wall{overlap}")
    return lines
