"""Run every benchmark: ``python -m benchmarks`` (or ``make bench``).

``python -m benchmarks NAME ... [--option ...]`` runs the benchmarks whose module name contains one
of the NAMEs; everything from the first argument starting with ``-`` is handed to each of them
(``python -m benchmarks quota --minutes 1``). ``--help`` alone lists them; a NAME that matches none
is refused with the list (exit 2) rather than running nothing.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import benchmarks


def _listing(names: list[str]) -> str:
    lines = ["用法 / usage: python -m benchmarks [NAME ...] [--option ...]", "基准 / benchmarks:"]
    for name in names:
        doc = (importlib.import_module(f"benchmarks.{name}").__doc__ or "").strip().splitlines()
        lines.append(f"  {name[len('bench_') :]:<18} {doc[0] if doc else ''}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    split = next((i for i, a in enumerate(argv) if a.startswith("-")), len(argv))
    wanted_names, options = argv[:split], argv[split:]
    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith("bench_"))
    if not wanted_names and options and options[0] in ("-h", "--help"):
        print(_listing(names))
        return 0
    wanted = [n for n in names if not wanted_names or any(a in n for a in wanted_names)]
    if not wanted:
        print(f"没有这个基准 / no benchmark matches {' '.join(wanted_names)!r}", file=sys.stderr)
        print(_listing(names), file=sys.stderr)
        return 2
    for name in wanted:
        print(f"== {name} ==", flush=True)
        module = importlib.import_module(f"benchmarks.{name}")
        module.main(options)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
