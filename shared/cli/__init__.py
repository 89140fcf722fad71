"""Command line: ``python -m shared.cli <command> [args]``.

Each command is a module ``shared.cli.<command with - replaced by _>`` exposing
``main(argv: list[str]) -> int``. Adding a command means adding one module and one line in COMMANDS.
"""

from __future__ import annotations

COMMANDS: dict[str, str] = {
    "detect": "read raw tracking-number inputs (one per line) on stdin, write one JSON object per line",
    "parse-inbox": "parse pasted shipment text (the 回传 inbox) on stdin into JSON records, one per line",
    "track": "query one tracking number at Kuaidi100 (env KUAIDI100_*): state, 物流 cell, alerts",
    "import-shipments": "read a supplier's exported shipment list (CSV/XLSX); --apply runs a tick with it",
    "rebuild-log": "rewrite the 日志 tab from the journal (it survives the sheet being cleared)",
    "demo": "run the product locally with no accounts",
    "doctor": "check the settings and reach each configured system; a table of what works and what to fix",
}
