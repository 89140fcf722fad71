"""Bilingual text has one shape, ``shared.domain.text.Bilingual``: no module grows its own (zh, en)
tuple alias named ``…Text``, and no object keeps its sentence as ``message_zh`` / ``message_en``
attributes set one by one (an error carries ``message: Bilingual``)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PRODUCT = ("shared", "functions", "sheet_templates", "demo", "benchmarks")
HOME = ROOT / "shared" / "domain" / "text.py"

TUPLE_ALIAS = re.compile(
    r"^\s*(?:type\s+)?\w*Text\w*\s*(?::\s*TypeAlias\s*)?=\s*tuple\[\s*str\s*,\s*str\s*\]", re.M
)
MESSAGE_ATTRIBUTE = re.compile(r"\.message_(?:zh|en)\s*=(?!=)")


def _offences(pattern: re.Pattern[str]) -> list[str]:
    found = []
    for folder in PRODUCT:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == HOME:
                continue
            text = path.read_text("utf-8")
            found += [f"{path.relative_to(ROOT)}: {m.group(0).strip()}" for m in pattern.finditer(text)]
    return found


def test_the_patterns_catch_what_they_are_for() -> None:
    assert TUPLE_ALIAS.search("Text = tuple[str, str]\n")
    assert TUPLE_ALIAS.search("FlagText: TypeAlias = tuple[str, str]\n")
    assert MESSAGE_ATTRIBUTE.search("        self.message_zh = message_zh\n")
    assert not MESSAGE_ATTRIBUTE.search("    if exc.message_en == other:\n")


def test_no_tuple_alias_for_bilingual_text() -> None:
    assert _offences(TUPLE_ALIAS) == [], "use shared.domain.text.Bilingual"


def test_no_message_zh_or_message_en_attribute_is_assigned() -> None:
    assert _offences(MESSAGE_ATTRIBUTE) == [], "carry one message: Bilingual"
