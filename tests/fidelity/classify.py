"""Turning the plugin's per-test records into the fidelity table (pure: no I/O)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Summary:
    passed: list[str] = field(default_factory=list)
    #: passed without a single request to the emulator (gspread's pure unit tests)
    offline: list[str] = field(default_factory=list)
    failed: dict[str, list[str]] = field(default_factory=dict)
    out_of_scope: dict[str, list[str]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return (
            len(self.passed) + sum(map(len, self.failed.values())) + sum(map(len, self.out_of_scope.values()))
        )


def failure_group(crash: str) -> str:
    """The cause a failure is grouped under: its first line, with the request index blanked out so
    that the same emulator answer to different requests groups together."""
    line = next((ln.strip() for ln in crash.splitlines() if ln.strip()), "failed (no message)")
    line = line.replace("gspread.exceptions.", "")
    line = re.sub(r"^(\w+): \1: ", r"\1: ", line)  # "APIError: APIError: [400]: ..." (gspread's str)
    line = re.sub(r"requests\[\d+\]", "requests[i]", line)
    line = re.sub(r"\s+", " ", line)
    return line if len(line) <= 160 else line[:157] + "..."


def classify(records: list[dict[str, Any]]) -> Summary:
    """Out of scope: the test asked Drive for something the stub does not serve (whatever its outcome
    then, it says nothing about Sheets), or gspread's suite skipped it. Otherwise passed or failed."""
    summary = Summary()
    failed: dict[str, list[str]] = defaultdict(list)
    out: dict[str, list[str]] = defaultdict(list)
    for rec in records:
        nodeid = rec["nodeid"]
        if rec.get("drive"):
            out["needs Drive: " + ", ".join(sorted(rec["drive"]))].append(nodeid)
        elif rec["outcome"] == "skipped":
            out["skipped by gspread's suite: " + failure_group(rec.get("crash", ""))].append(nodeid)
        elif rec["outcome"] == "passed":
            summary.passed.append(nodeid)
            if not rec.get("sheets_requests"):
                summary.offline.append(nodeid)
        else:
            failed[failure_group(rec.get("crash", ""))].append(nodeid)
    by_size = lambda groups: dict(sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])))  # noqa: E731
    summary.failed = by_size(failed)
    summary.out_of_scope = by_size(out)
    return summary


def render(summary: Summary, title: str) -> str:
    failed = sum(map(len, summary.failed.values()))
    out = sum(map(len, summary.out_of_scope.values()))
    lines = [
        title,
        "",
        "| result | tests |",
        "|---|---:|",
        f"| passed | {len(summary.passed)} |",
        f"| ↳ of which made no request (pure unit tests) | {len(summary.offline)} |",
        f"| failed | {failed} |",
        f"| out of scope | {out} |",
        f"| total | {summary.total} |",
    ]
    for heading, groups in (
        ("Failed, by cause", summary.failed),
        ("Out of scope, by reason", summary.out_of_scope),
    ):
        if not groups:
            continue
        lines += ["", f"{heading}:"]
        for cause, nodeids in groups.items():
            lines.append(f"  [{len(nodeids)}] {cause}")
            lines += [f"        {nodeid}" for nodeid in nodeids]
    return "\n".join(lines)
