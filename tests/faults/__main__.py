"""The whole fault matrix: ``python -m tests.faults`` (``make faults``).

    python -m tests.faults [--seeds 1,2,3] [--stores local,s3] [--faults kill_at_push,...] [--quick]

Prints each cell as it finishes (with every violation found), then the table. Exit status 1 when any
cell broke an invariant. The seeds are printed: a run is repeated by giving the same ones.
"""

from __future__ import annotations

import argparse
import sys

from tests.faults.faults import FAULTS
from tests.faults.matrix import render, run, table
from tests.faults.stores import STORES


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.faults")
    parser.add_argument("--seeds", default="1,2,3,4,5,6", help="comma-separated seeds (default 1..6)")
    parser.add_argument("--stores", default=",".join(STORES), help="local,s3")
    parser.add_argument("--faults", default="", help="fault names (default: all)")
    parser.add_argument("--quick", action="store_true", help="only the quick slice's faults")
    args = parser.parse_args(argv)
    seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    stores = [s for s in args.stores.split(",") if s.strip()]
    wanted = {f for f in args.faults.split(",") if f.strip()}
    faults = [f for f in FAULTS if (not wanted or f.name in wanted) and (f.quick or not args.quick)]
    if wanted - {f.name for f in FAULTS}:
        parser.error(f"unknown fault(s): {sorted(wanted - {f.name for f in FAULTS})}")
    print(f"fault matrix: seeds {seeds}, stores {stores}, {len(faults)} faults", flush=True)
    cells = run(faults, stores, seeds, log=sys.stdout)
    print()
    print(render(table(cells)))
    print(f"\nseeds: {','.join(map(str, seeds))}")
    return 0 if all(c.verdict.ok for c in cells) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
