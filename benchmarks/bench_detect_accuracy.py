"""Detector accuracy on our labelled test set (tests/golden/detect_cases.json), plus noisy variants.

Each labelled case is also fed through six pasting mishaps (a label, full-width characters, a
zero-width space, spaces every 4 characters, lower case with a full stop, a chat phrase).
Reported: top-1 (the right courier ranked first), recall (the right courier among the candidates),
and refusals (inputs that must be refused, refused with the expected code).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from shared.couriers import detect

GOLDEN = Path(__file__).resolve().parents[1] / "tests" / "golden" / "detect_cases.json"

VARIANTS: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("as given", lambda s: s),
    ("label", lambda s: f"运单号：{s}"),
    ("full-width", lambda s: s.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})),
    ("zero-width", lambda s: s[:3] + "\u200b" + s[3:]),
    ("spaced", lambda s: " ".join(s[i : i + 4] for i in range(0, len(s), 4))),
    ("lower + 。", lambda s: s.lower() + "。"),
    ("chat", lambda s: f"单号是 {s} "),
)


def main(argv: list[str] | None = None) -> None:
    cases = json.loads(GOLDEN.read_text(encoding="utf-8"))["cases"]
    labelled = [c for c in cases if c.get("label")]
    refusals = [c for c in cases if c.get("error")]
    print(f"labelled cases: {len(labelled)}; must-refuse cases: {len(refusals)}")
    header = ("variant", "inputs", "top-1", "recall", "wrongly refused")
    rows = [header]
    total = [0, 0, 0, 0]
    for name, change in VARIANTS:
        n = top1 = recall = refused = 0
        for case in labelled:
            found = detect(change(case["input"]))
            n += 1
            top1 += found.codes[:1] == (case["label"],)
            recall += case["label"] in found.codes
            refused += found.problem is not None
        rows.append((name, str(n), f"{top1 / n:.1%}", f"{recall / n:.1%}", str(refused)))
        for i, v in enumerate((n, top1, recall, refused)):
            total[i] += v
    n, top1, recall, refused = total
    rows.append(("all", str(n), f"{top1 / n:.1%}", f"{recall / n:.1%}", str(refused)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
    right = sum(1 for c in refusals if (p := detect(c["input"]).problem) is not None and p.code == c["error"])
    print(f"must-refuse inputs refused with the expected code: {right} of {len(refusals)}")


if __name__ == "__main__":
    main()
