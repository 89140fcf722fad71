"""Dispatcher for ``python -m shared.cli``."""

from __future__ import annotations

import importlib
import sys

from shared.cli import COMMANDS


def _usage() -> str:
    lines = [
        "用法 / usage: python -m shared.cli <命令 command> [参数 args]",
        "",
        "单号中继的命令行。每个命令加 --help 查看它的用法。",
        "Waybill Relay's command line. Add --help to any command for its usage.",
        "",
        "命令 / commands:",
    ]
    for name, summary in COMMANDS.items():
        lines += [f"  {name:<17} {summary.zh}", f"  {'':<17} {summary.en}"]
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
