"""``python -m shared.cli doctor``: is this deployment's configuration complete, and does every
configured system answer? Prints one table (status, system, result, how to fix) in Chinese and
English. Exit 0 when nothing failed (OK, WARN or SKIP only), 1 otherwise, 2 on bad arguments.

Reads the same environment as the functions (shared/app/config.py), so run it with the deployed
settings: locally against the emulators, or in the cloud project (see infra/README.md). With a shop
registry (WAYBILL_SHOPS) one table per shop, on that shop's settings, secrets and journal; ``--shop
KEY`` checks one (shared/cli/shop_choice.py).
"""

from __future__ import annotations

import argparse
import os
import sys
import unicodedata
from collections.abc import Sequence

from shared.app.health import Check, Status, healthy, run_checks
from shared.cli import bilingual, shop_choice
from shared.domain.text import Bilingual

_MARK = {Status.OK: "OK  ", Status.WARN: "WARN", Status.FAIL: "FAIL", Status.SKIP: "SKIP"}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def render(checks: Sequence[Check]) -> str:
    """The report as text: one line per check, and an indented "how to fix" line under a problem."""
    first = max([_width("检查 Check")] + [_width(c.system) for c in checks])
    lines = [f"状态  {_pad('检查 Check', first)}  结果 Result", "-" * (first + 40)]
    for check in checks:
        lines.append(f"{_MARK[check.status]}  {_pad(check.system, first)}  {check.detail}")
        if check.fix and check.status in (Status.FAIL, Status.WARN):
            lines.append(f"      {_pad('', first)}  → 怎么修 / fix: {check.fix}")
    failed = sum(c.status is Status.FAIL for c in checks)
    lines.append("-" * (first + 40))
    if failed:
        lines.append(Bilingual(f"{failed} 项需要修复", f"{failed} to fix").joined())
    else:
        lines.append(Bilingual("全部正常", "all configured systems work").joined())
    return "\n".join(lines)


def parser() -> argparse.ArgumentParser:
    p = bilingual.parser(
        "doctor",
        "检查设置并连接每个已配置的系统，列出哪些正常、哪些要修复；部署服务多个店铺时逐个店铺检查。"
        "退出码：0 全部正常；1 有需要修复的；2 参数有误。",
        "Check the settings and reach each configured system; a table of what works and what to fix "
        "(one per shop when the deployment serves several). "
        "Exit code: 0 all work; 1 something to fix; 2 bad arguments.",
    )
    shop_choice.add_option(p, every_shop=True)
    return p


def main(argv: list[str]) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:
        return 0 if exc.code in (0, None) else 2
    try:
        targets = shop_choice.configs_for(dict(os.environ), args.shop)
    except shop_choice.ShopChoiceError as exc:
        print(exc.text.joined(), file=sys.stderr)
        return exc.exit_code
    ok = True
    for key, config in targets:
        checks = run_checks(config.env, config=config)
        if key:
            print(Bilingual(f"店铺 {key}", f"shop {key}").joined())
        print(render(checks))
        sys.stdout.flush()
        ok = ok and healthy(checks)
    return 0 if ok else 1
