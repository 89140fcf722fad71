"""``python -m shared.cli import-shipments FILE... --supplier NAME``: read a supplier's exported shipment
lists (发货单, CSV in UTF-8 or GBK, or XLSX), show what each holds row by row, and with ``--apply`` run a
sync tick with it so the numbers land on their orders (matched by supplier order no., then shop
order id; never guessed) and are validated and pushed like any other supplier's.

Columns are found by their headers (common Chinese and English names), or mapped explicitly:
``--map tracking_numbers=面单号 --map supplier_order_no=单号ID``.
A file that cannot be read (too large, too many rows, damaged) is reported by name and skipped; the
other files go on, and the exit status is 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from shared.app.supplier_feed import SupplierFeed
from shared.app.tick import run_tick
from shared.app.wiring import tick_deps
from shared.cli import bilingual, shop_choice
from shared.domain.text import Bilingual
from shared.suppliers.errors import SupplierDataError
from shared.suppliers.model import SupplierBatch
from shared.suppliers.shipment_file import FIELDS, ColumnMapping, parse_shipment_rows
from shared.suppliers.shipment_file_reader import read_file
from shared.suppliers.shipment_file_source import ShipmentFileSource


def _mapping(pairs: list[str]) -> ColumnMapping:
    headers: dict[str, str] = {}
    for pair in pairs:
        field, sep, header = pair.partition("=")
        if not sep or not header.strip():
            raise ValueError(
                Bilingual("--map 需要 字段=表头", f"--map needs field=header: {pair!r}").joined()
            )
        headers[field.strip()] = header.strip()
    return ColumnMapping(headers)


def parser() -> argparse.ArgumentParser:
    p = bilingual.parser(
        "import-shipments",
        "读取供应商导出的发货单（CSV，UTF-8 或 GBK；或 XLSX），逐行显示内容；加 --apply 用它同步一次，"
        "单号按供应商单号或订单号对到订单上（从不猜），校验后推送。按表头找列，也可用 --map 指定。",
        "Read a supplier's exported shipment list (CSV in UTF-8 or GBK, or XLSX) and show it row by row; "
        "with --apply, run a sync tick with it: numbers land on their orders (by supplier order no. or "
        "order id, never guessed) and are validated and pushed. Columns are found by header, or --map.",
    )
    p.add_argument(
        "files",
        type=Path,
        nargs="+",
        metavar="FILE",
        help="导出的发货单（.csv 或 .xlsx），可以多个 / the exported shipment lists (.csv or .xlsx)",
    )
    p.add_argument(
        "--supplier",
        required=True,
        help="供应商名称，与「供应商」列一致 / the supplier's name, as in the 供应商 column",
    )
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=HEADER",
        help="把字段对应到文件的表头，字段可以是 / map one of these to the file's header: "
        + ", ".join(FIELDS),
    )
    p.add_argument(
        "--apply", action="store_true", help="用这些发货信息同步一次 / run a sync tick with these shipments"
    )
    shop_choice.add_option(p)
    return p


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    try:
        mapping = _mapping(args.map)
    except ValueError as exc:
        print(Bilingual("无法读取", f"cannot read: {exc}").joined(), file=sys.stderr)
        return 2
    config = None
    if args.apply:  # which shop's orders: known before any file is read
        try:
            config = shop_choice.config_for(os.environ, args.shop)
        except shop_choice.ShopChoiceError as exc:
            print(exc.text.joined(), file=sys.stderr)
            return exc.exit_code
    batches: list[SupplierBatch] = []
    unreadable = 0
    for path in args.files:
        try:
            batch = parse_shipment_rows(read_file(path), args.supplier, mapping, source=path.name)
        except (ValueError, SupplierDataError) as exc:
            print(Bilingual("无法读取", f"cannot read: {exc}").joined(), file=sys.stderr)
            unreadable += 1
            continue
        _show(path, batch)
        batches.append(batch)
    if not batches:
        return 2
    merged = SupplierBatch(
        tuple(u for b in batches for u in b.updates), tuple(p for b in batches for p in b.problems)
    )
    if config is None:
        return 2 if unreadable else 0 if not merged.problems else 1
    deps = tick_deps(config, feed=SupplierFeed([(args.supplier, ShipmentFileSource(merged))]))
    report = run_tick(deps)
    print(json.dumps(report.as_dict(), ensure_ascii=False))
    return 2 if unreadable else 0 if not report.supplier_problems else 1


def _show(path: Path, batch: SupplierBatch) -> None:
    print(
        f"{path.name}: "
        + Bilingual(
            f"可用 {len(batch.updates)} 条，有问题 {len(batch.problems)} 条",
            f"{len(batch.updates)} usable, {len(batch.problems)} with problems",
        ).joined()
    )
    for update in batch.updates:
        ref = update.supplier_order_no or update.shop_order_id
        print(
            f"  ✓ {update.source_ref}: {ref} {update.courier or '?'} {' '.join(update.tracking_numbers)}"
            f" ({update.status})"
        )
    for problem in batch.problems:
        print(f"  ✗ {problem.source_ref}: {problem.message.joined()}")
