"""Bilingual text has one shape, ``shared.domain.text.Bilingual``: no module grows its own (zh, en)
tuple alias named ``…Text``, no object keeps its sentence as ``message_zh`` / ``message_en``
attributes set one by one (an error carries ``message: Bilingual``), no dataclass holds a text as a
``…zh: str`` field beside a ``…en: str`` one, and no module keeps a table of ("中文", "English")
tuples or {"zh": …, "en": …} dicts (a label table maps to ``Bilingual``)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PRODUCT = ("shared", "functions", "sheet_templates", "demo", "benchmarks")
HOME = ROOT / "shared" / "domain" / "text.py"

TUPLE_ALIAS = re.compile(
    r"^\s*(?:type\s+)?\w*Text\w*\s*(?::\s*TypeAlias\s*)?=\s*tuple\[\s*str\s*,\s*str\s*\]", re.M
)
MESSAGE_ATTRIBUTE = re.compile(r"\.message_(?:zh|en)\s*=(?!=)")
# A field (or any annotated name) called message_zh / message_en, with or without a default.
MESSAGE_FIELD = re.compile(r"^[ \t]+message_(?:zh|en)\s*:", re.M)
# ``name_zh: str`` on one line and ``name_en: str`` on the next (``zh: str`` / ``en: str`` too).
PAIRED_FIELDS = re.compile(r"^([ \t]+)(\w*?)zh\s*:\s*str\b[^\n]*\n\1\2en\s*:\s*str\b", re.M)
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _is_pair(node: ast.expr | None) -> bool:
    """A ("中文", "English") tuple of two string literals."""
    if not (isinstance(node, ast.Tuple) and len(node.elts) == 2):
        return False
    zh, en = node.elts
    texts = [e.value for e in (zh, en) if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return len(texts) == 2 and bool(CHINESE.search(texts[0])) and not CHINESE.search(texts[1])


def _is_language_dict(node: ast.expr | None) -> bool:
    """A {"zh": …, "en": …} dict."""
    if not isinstance(node, ast.Dict):
        return False
    keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
    return keys == {"zh", "en"}


def label_tables(source: str) -> list[str]:
    """Module-level names bound to a (zh, en) pair, a table of such pairs, or a language-keyed dict."""
    found = []
    for statement in ast.parse(source).body:
        if isinstance(statement, ast.Assign):
            targets, value = statement.targets, statement.value
        elif isinstance(statement, ast.AnnAssign):
            targets, value = [statement.target], statement.value
        else:
            continue
        values = value.values if isinstance(value, ast.Dict) else [value]
        if _is_language_dict(value) or any(_is_pair(v) for v in values):
            found += [ast.unparse(t) for t in targets]
    return found


def _files() -> list[Path]:
    return [path for folder in PRODUCT for path in sorted((ROOT / folder).rglob("*.py")) if path != HOME]


def _offences(pattern: re.Pattern[str]) -> list[str]:
    found = []
    for path in _files():
        text = path.read_text("utf-8")
        found += [f"{path.relative_to(ROOT)}: {m.group(0).strip()}" for m in pattern.finditer(text)]
    return found


def test_the_patterns_catch_what_they_are_for() -> None:
    assert TUPLE_ALIAS.search("Text = tuple[str, str]\n")
    assert TUPLE_ALIAS.search("FlagText: TypeAlias = tuple[str, str]\n")
    assert MESSAGE_ATTRIBUTE.search("        self.message_zh = message_zh\n")
    assert not MESSAGE_ATTRIBUTE.search("    if exc.message_en == other:\n")


def test_the_field_patterns_catch_what_they_are_for() -> None:
    assert MESSAGE_FIELD.search("class Problem:\n    code: str\n    message_zh: str\n")
    assert MESSAGE_FIELD.search('    message_en: str = ""\n')
    assert not MESSAGE_FIELD.search('        {"message_zh": p.message.zh}\n')
    assert PAIRED_FIELDS.search("    name_zh: str\n    name_en: str\n")
    assert PAIRED_FIELDS.search('    label_zh: str = ""\n    label_en: str = ""\n')
    assert PAIRED_FIELDS.search("    field: str\n    zh: str\n    en: str\n")
    assert not PAIRED_FIELDS.search("    name_zh: str\n    code: str\n")
    assert not PAIRED_FIELDS.search("    title: Bilingual\n    owner: str\n")


def test_the_label_table_check_catches_what_it_is_for() -> None:
    assert label_tables('LABELS: dict[str, tuple[str, str]] = {"overdue": ("超时未发货", "Overdue")}\n')
    assert label_tables('OTHER = ("其他问题", "Other problem")\n')
    assert label_tables('DONE = {"zh": "已完成。", "en": "Done."}\n')
    assert not label_tables('LABELS = {"overdue": Bilingual("超时未发货", "Overdue")}\n')
    assert not label_tables('SAMPLES = (("中通", "73123456789012"), ("韵达", "4312345678901"))\n')
    assert not label_tables('def f() -> None:\n    zh, en = ("中文", "English")\n')


def test_no_tuple_alias_for_bilingual_text() -> None:
    assert _offences(TUPLE_ALIAS) == [], "use shared.domain.text.Bilingual"


def test_no_message_zh_or_message_en_attribute_is_assigned() -> None:
    assert _offences(MESSAGE_ATTRIBUTE) == [], "carry one message: Bilingual"


def test_no_field_is_named_message_zh_or_message_en() -> None:
    assert _offences(MESSAGE_FIELD) == [], "carry one message: Bilingual"


def test_no_dataclass_holds_a_text_as_a_zh_field_beside_an_en_field() -> None:
    assert _offences(PAIRED_FIELDS) == [], "hold one Bilingual field"


def test_no_module_keeps_a_table_of_zh_en_tuples_or_language_keyed_dicts() -> None:
    found = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in _files()
        for name in label_tables(path.read_text("utf-8"))
    ]
    assert found == [], "map to Bilingual"
