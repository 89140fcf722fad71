"""Dispatcher for ``python -m shared.cli``."""

from __future__ import annotations

import importlib
import sys

from shared.cli import COMMANDS


def _usage() -> str:
    lines = ["usage: python -m shared.cli <command> [args]", "", "commands / 命令:"]
    lines += [f"  {name:<14} {summary}" for name, summary in COMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(_usage())
        return 0
    command, rest = argv[0], argv[1:]
    if command not in COMMANDS:
        print(f"未知命令 / unknown command: {command}\n\n{_usage()}", file=sys.stderr)
        return 2
    module = importlib.import_module(f"shared.cli.{command.replace('-', '_')}")
    result: int = module.main(rest)
    return result


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
