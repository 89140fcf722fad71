"""Run every benchmark: ``python -m benchmarks`` (or ``make bench``).

``python -m benchmarks NAME ... [--option ...]`` runs the benchmarks whose module name contains one
of the NAMEs; everything from the first argument starting with ``-`` is handed to each of them
(``python -m benchmarks quota --minutes 1``).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import benchmarks


def main(argv: list[str]) -> int:
    split = next((i for i, a in enumerate(argv) if a.startswith("-")), len(argv))
    wanted_names, options = argv[:split], argv[split:]
    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith("bench_"))
    wanted = [n for n in names if not wanted_names or any(a in n for a in wanted_names)]
    for name in wanted:
        print(f"== {name} ==", flush=True)
        module = importlib.import_module(f"benchmarks.{name}")
        module.main(options)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
