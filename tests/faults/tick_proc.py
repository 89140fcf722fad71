"""One sync tick in its own process, wired from the environment exactly as the deployed ``sync``
function is (shared/app/wiring.py), so the matrix can kill it with SIGKILL.

    python -m tests.faults.tick_proc --offset SECONDS [--kill before-outcome-1]

``--offset``: how far the world's clocks were moved (the tick's clock is now + offset).
``--kill``: a kill point (stores.KillPoint): the journal store SIGKILLs this process there.
Prints the tick's report as JSON on its last line when it lives to the end.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime, timedelta

from shared.app.config import AppConfig
from shared.app.tick import run_tick
from shared.app.wiring import tick_deps
from shared.journal.journal import Journal
from tests.faults.stores import KillingStore, KillPoint


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="tests.faults.tick_proc")
    parser.add_argument("--offset", type=float, default=0.0)
    parser.add_argument("--kill", default="")
    args = parser.parse_args(argv)
    offset = timedelta(seconds=args.offset)
    deps = tick_deps(AppConfig.from_env(), clock=lambda: datetime.now(UTC) + offset)
    if args.kill:
        deps.journal = Journal(KillingStore(deps.journal.store, KillPoint.parse(args.kill)))
    try:
        report = run_tick(deps)
    finally:
        deps.shop.close()
    print(json.dumps(report.as_dict(), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
