"""``python -m demo --detector``: the tracking-number core on its own, no servers.

It runs realistic pasted inputs through detection, then a
few (courier, number) pairs and a multi-package cell through validation, and prints what an operator
would see on the sheet's message column.
"""

from __future__ import annotations

import argparse
import unicodedata

from shared.cli import bilingual
from shared.couriers import by_code, check_cell, detect, validate

SAMPLE_INPUTS: tuple[tuple[str, str], ...] = (
    ("SF1234567890123", "clean SF number"),
    ("顺丰速运 运单号：SF 1234 5678 9012 3", "courier name, label and spaces"),
    ("ＳＦ１２３４５６７８９０１２３", "full-width characters"),
    ("YT1234567890123\u200b", "zero-width space from a chat app"),
    ("中通 73123456789012", "ZTO with its name"),
    ("73123456789012", "ZTO without a name"),
    ("123456789012", "12 digits: several couriers"),
    ("1136281381675", "13-digit postal number"),
    ("EA123456785CN", "EMS international, check digit ok"),
    ("EA123456784CN", "EMS international, one digit mistyped"),
    ("YT1234567890123456", "YunExpress look-alike"),
    ("JT123456785BR", "Brazilian post look-alike"),
    ("SF1234567890123 SF1234567890124", "two numbers on one line"),
    ('=HYPERLINK("http://x")', "formula injection"),
    ("ЅF1234567890123", "Cyrillic S homoglyph"),
)

SAMPLE_PAIRS: tuple[tuple[str, str], ...] = (
    ("中通", "SF1234567890123"),
    ("zto", "75123456789012"),
    ("韵达", "73123456789012"),
    ("百世", "A123456789012"),
    ("其他", "JDVA12345678901"),
    ("", "JT1234567890123"),
)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(text: str, width: int) -> str:
    out = ""
    for ch in text:
        if _width(out + ch) > width:
            return out[: max(0, len(out) - 1)] + "…" + " " * (width - _width(out[: max(0, len(out) - 1)]) - 1)
        out += ch
    return out + " " * (width - _width(out))


def _row(values: list[str], widths: list[int]) -> str:
    """Pad every column but the last, which (the message) is printed whole."""
    cells = [_cell(v, w) for v, w in zip(values[:-1], widths[:-1], strict=True)]
    return " | ".join([*cells, values[-1]]).rstrip()


def parser() -> argparse.ArgumentParser:
    p = bilingual.parser(
        "--detector",
        "单号识别演示：几组示例单号的识别和校验结果（不启动任何服务）。",
        "The tracking-number detection demo: sample inputs detected and validated (no servers).",
        module="demo",
    )
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="说明的语言 / message language")
    return p


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    zh = args.lang == "zh"

    print("单号中继 Waybill Relay — 单号识别演示 / tracking-number detection demo\n")
    widths = [34, 17, 20, 5, 10]
    print(_row(["输入 input", "规范化 normalized", "候选 candidates", "歧义?", "说明 message"], widths))
    print("-+-".join("-" * w for w in widths))
    for raw, _why in SAMPLE_INPUTS:
        found = detect(raw)
        names = ", ".join(by_code(c).name.zh if zh else c for c in found.codes) or "—"
        message = ""
        if found.problem:
            message = found.problem.message.zh if zh else found.problem.message.en
        print(
            _row([repr(raw)[1:-1], found.normalized, names, "是" if found.ambiguous else "", message], widths)
        )

    print("\n快递公司 + 单号 校验 / (courier, number) validation\n")
    widths = [8, 17, 6, 10]
    print(_row(["快递公司", "单号", "可推送", "说明"], widths))
    print("-+-".join("-" * w for w in widths))
    for courier, number in SAMPLE_PAIRS:
        verdict = validate(courier, number)
        message = ""
        if verdict.problem:
            message = verdict.problem.message.zh if zh else verdict.problem.message.en
        print(_row([courier or "(空)", number, "✓" if verdict.ok else "✗", message], widths))

    cell = "SF1234567890123\nSF1234567890124 SF1234567890125\nSF1234567890123"
    print("\n一个单元格多个包裹（每行一个）/ a multi-package cell:\n")
    for text in cell.split("\n"):
        print(f"    {text}")
    result = check_cell("顺丰", cell)
    print()
    for line in result.lines:
        text = "✓" if line.problem is None else (line.problem.message.zh if zh else line.problem.message.en)
        print(f"  第 {line.line} 行 line {line.line}: {text}")
    print("\n自己试试 / try your own:  .venv/bin/python -m shared.cli detect   (每行一个单号 / one per line)")
    return 0
