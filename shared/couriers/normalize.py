"""Normalisation of pasted tracking-number text
(docs/platforms/couriers-and-tracking.md#normalising-pasted-text).

Pipeline: refuse a line longer than ``MAX_INPUT_CHARS`` (before any pattern runs) -> reject a
formula trigger as the first visible character -> NFKC (full-width to half-width) -> drop format
characters (zero-width, BOM) -> upper case -> take a leading courier name or label (顺丰 SF...,
运单号：...) as a hint and strip it -> refuse two numbers on one line -> remove inner spaces and
hyphens -> require 6..32 ASCII letters and digits.

Never auto-correct (O->0, l->1): a guess that looks right is worse than a clear error.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from shared.couriers import problems
from shared.couriers.model import Problem
from shared.couriers.registry import ALIASES_LONGEST_FIRST, COURIERS

# ASCII triggers, and their full-width forms (NFKC would turn them into the ASCII ones later).
FORMULA_TRIGGERS = frozenset("=+-@＝＋－＠")

_LABELS_CJK = (
    "快递单号",
    "物流单号",
    "运单编号",
    "运单号码",
    "快递号码",
    "运单号",
    "快递号",
    "物流号",
    "单号",
    "运单",
    "快递",
    "物流",
)
_LABELS_ASCII = ("TRACKING NUMBER", "TRACKING NO", "TRACKING", "WAYBILL NO", "WAYBILL", "AWB", "NO")

_OPEN = "[(【「《<〔"
_CLOSE = "])】」》>〕"
# Separators that may follow a label or courier name: spaces, colon, hash, dot, comma, dash.
_SEP = r"[\s:#.,;\-_~|/]*"
_HARD_SEPARATORS = re.compile(r"[,;/|、]")
_TOKEN_SPLIT = re.compile(r"[\s,;/|、]+")
_DASHES_AND_SPACES = re.compile(r"[\s\-‐‑‒–—―−_]+")
_TRAILING_JUNK_CHARS = frozenset("。.,;!?！？~")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\u0085\v\f]+")


def _is_cjk_name(name: str) -> bool:
    return not name.isascii()


def _alternation(names: list[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


_CJK_ALIASES = [a for a, _ in ALIASES_LONGEST_FIRST if _is_cjk_name(a)]
_COURIER_BY_ALIAS = {alias: courier.code for alias, courier in ALIASES_LONGEST_FIRST}

# ASCII names are matched with optional spaces between words ("SF Express", "sf  express").
_ASCII_NAMES = sorted(
    {n.upper() for c in COURIERS for n in (c.code, c.name.en, *c.aliases) if n.isascii()}
    | set(_LABELS_ASCII),
    key=len,
    reverse=True,
)
_ASCII_ALIAS_RE = "|".join(r"\s*".join(re.escape(word) for word in n.split()) for n in _ASCII_NAMES)

_LEADING_CJK = re.compile(
    rf"^[{re.escape(_OPEN)}]?(?P<name>{_alternation(_CJK_ALIASES + list(_LABELS_CJK))})"
    rf"[{re.escape(_CLOSE)}]?(?:是|为|號)?{_SEP}"
)
_LEADING_ASCII = re.compile(
    rf"^[{re.escape(_OPEN)}]?(?P<name>{_ASCII_ALIAS_RE})"
    rf"(?P<sep>[{re.escape(_CLOSE)}]?(?:[\s:#.]+|$))"
)
# A courier name at the end ("73123456789012 中通", "SF1234567890123【顺丰】"), after a run of spaces
# or opening brackets or right after a letter or digit. Searching for the run with a regex
# (``[\s(]+name$``) is quadratic on a long run that no name follows (a 12,000-character cell took
# 11 s), so the name is matched in the last few characters only and the run is walked back by hand.
_TRAILING_NAME_CORE = re.compile(rf"(?P<name>{_alternation(_CJK_ALIASES)})(?:快递)?[{re.escape(_CLOSE)}]?$")
# The longest a trailing name can be: name, 快递, a closing bracket, and the newline ``$`` allows.
_TRAILING_NAME_SPAN = max(map(len, _CJK_ALIASES)) + len("快递") + 2
_RUN_CHAR = re.compile(rf"[\s{re.escape(_OPEN)}]")
_NAME_AFTER = re.compile(r"[0-9A-Z]")

# Longer than any line a person writes for one package (courier name, label, number with spaces);
# anything longer is refused whole before a pattern looks at it, so one pasted page cannot stall a
# sync. Not a truncation: a number is never cut out of a longer text.
MAX_INPUT_CHARS = 100


@dataclass(frozen=True, slots=True)
class Normalized:
    """The result of normalising one raw input (one line).

    ``text`` is the normalised number, or the best-effort cleaned text when ``problem`` is set
    (empty for a formula trigger, which is rejected before anything else). ``hints`` are our courier
    codes named in the input, in order of appearance.
    """

    raw: str
    text: str
    hints: tuple[str, ...]
    problem: Problem | None


NumberMatcher = Callable[[str], bool]


def first_visible(raw: str) -> str | None:
    """The first character that is neither whitespace nor invisible (format/control/separator)."""
    for ch in raw:
        if ch.isspace():
            continue
        if unicodedata.category(ch) in {"Cf", "Cc", "Zs", "Zl", "Zp", "Cn", "Co", "Cs", "Mn", "Me"}:
            continue
        return ch
    return None


def _drop_format_chars(text: str) -> str:
    # Format characters (Cf: zero-width space/joiners, BOM ...) are never printable, so the common
    # printable case skips the per-character scan.
    if text.isprintable():
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def fold(raw: str, *, upper: bool = True) -> str:
    """NFKC (full-width to half-width), format characters dropped, and upper case unless
    ``upper=False``; stable under repetition."""
    text = raw
    for _ in range(4):
        folded = _drop_format_chars(unicodedata.normalize("NFKC", text))
        if upper:
            folded = folded.upper()
        if folded == text:
            break
        text = folded
    return text


def _strip_names(text: str, hints: list[str], matcher: NumberMatcher | None) -> str:
    """Strip leading/trailing courier names and labels, collecting courier hints, until stable."""
    while True:
        before = text
        text = _strip_trailing_junk(text).strip()
        m = _LEADING_CJK.match(text)
        if m:
            _add_hint(m.group("name"), hints)
            text = text[m.end() :]
        else:
            m = _LEADING_ASCII.match(text)
            if m and m.end() < len(text):
                name = re.sub(r"\s+", "", m.group("name"))
                rest = text[m.end() :]
                glued = name + _DASHES_AND_SPACES.sub("", rest)
                # "SF 1234567890123" is one SF number with a space; "EMS 1136281381675" is a label.
                if matcher is not None and name in _COURIER_BY_ALIAS and matcher(glued):
                    _add_hint(name, hints)
                    text = glued
                else:
                    _add_hint(name, hints)
                    text = rest
        found = _trailing_name(text)
        if found is not None and found[0] > 0:
            _add_hint(found[1], hints)
            text = text[: found[0]]
        if text == before:
            return text


def _strip_trailing_junk(text: str) -> str:
    """``text`` without trailing whitespace and sentence punctuation (linear, unlike ``[...]+$``)."""
    end = len(text)
    while end and (text[end - 1].isspace() or text[end - 1] in _TRAILING_JUNK_CHARS):
        end -= 1
    return text[:end]


def _trailing_name(text: str) -> tuple[int, str] | None:
    """Where a trailing courier name's match starts (with the run of spaces or brackets before it)
    and the name, or None. The leftmost name position that fits wins, as a regex search would."""
    for start in range(max(0, len(text) - _TRAILING_NAME_SPAN), len(text)):
        m = _TRAILING_NAME_CORE.match(text, start)
        if m is None or start == 0:
            continue
        if _RUN_CHAR.match(text, start - 1):
            run = start - 1
            while run > 0 and _RUN_CHAR.match(text, run - 1):
                run -= 1
            return run, m.group("name")
        if _NAME_AFTER.match(text, start - 1):
            return start, m.group("name")
    return None


def _add_hint(name: str, hints: list[str]) -> None:
    code = _COURIER_BY_ALIAS.get(name)
    if code is not None and code not in hints:
        hints.append(code)


def _two_numbers(body: str, matcher: NumberMatcher | None) -> tuple[str, str] | None:
    """Two numbers on one line, or None. Spaces alone split only when each part is a number by itself
    and the parts joined are not (``SF 1234 5678 9012 3`` is one number typed with spaces)."""
    tokens = [t for t in _TOKEN_SPLIT.split(body) if t]
    long_tokens = [_DASHES_AND_SPACES.sub("", t) for t in tokens if len(t) >= problems.MIN_LENGTH]
    if len(long_tokens) < 2:
        return None
    if _HARD_SEPARATORS.search(body):
        return long_tokens[0], long_tokens[1]
    if matcher is None:
        return None
    numbers = [t for t in long_tokens if matcher(t)]
    if len(numbers) >= 2 and not matcher(_DASHES_AND_SPACES.sub("", body)):
        return numbers[0], numbers[1]
    return None


def _compact(text: str) -> str:
    return _DASHES_AND_SPACES.sub("", text)


def _char_problem(text: str) -> Problem | None:
    bad = [ch for ch in text if not (ch.isascii() and ch.isalnum())]
    if not bad:
        return None
    unique = "".join(dict.fromkeys(bad))[:8]
    if any(ch.isalpha() and not ch.isascii() and not _is_cjk_char(ch) for ch in bad):
        return problems.non_ascii_letters(unique)
    return problems.bad_characters(unique)


def _is_cjk_char(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL"))


def normalize(raw: str, matcher: NumberMatcher | None = None) -> Normalized:
    """Normalise one line of operator or supplier input into a tracking number.

    ``matcher`` says whether a compact text is a known tracking-number format; with it, normalisation
    tells "SF 1234567890123" (one number) from "EMS 1136281381675" (a label and a number) and finds
    two numbers typed on one line. It never raises.
    """
    if len(raw) > MAX_INPUT_CHARS:
        return Normalized(raw, "", (), problems.input_too_long(len(raw), MAX_INPUT_CHARS))
    # Fast path: an already clean number (the common case on a sheet) needs none of the steps below
    # (and cannot start with a formula trigger).
    if raw.isascii() and raw.isalnum():
        length = len(raw)
        problem = None if problems.MIN_LENGTH <= length <= problems.MAX_LENGTH else _length_problem(raw)
        return Normalized(raw, raw.upper(), (), problem)

    visible = first_visible(raw)
    if visible is not None and visible in FORMULA_TRIGGERS:
        return Normalized(raw, "", (), problems.formula_trigger(visible))

    lines = [line for line in _LINE_BREAKS.split(fold(raw)) if line.strip()]
    if len(lines) > 1:
        # Only cells hold several packages (one per line, see cells.py); one input is one number.
        joined = _one_line(raw, " ".join(lines), matcher)
        first, second = (_compact(line)[:MAX_SHOWN] for line in lines[:2])
        return Normalized(raw, joined.text, joined.hints, problems.multiple_numbers(first, second))
    return _one_line(raw, lines[0] if lines else "", matcher)


MAX_SHOWN = 32


def _one_line(raw: str, text: str, matcher: NumberMatcher | None) -> Normalized:
    hints: list[str] = []
    body = _strip_names(text, hints, matcher)
    trigger = first_visible(body)
    if trigger is not None and trigger in FORMULA_TRIGGERS:
        return Normalized(raw, "", tuple(hints), problems.formula_trigger(trigger))

    pair = _two_numbers(body, matcher)
    compact = _compact(body)
    # Stripping again on the compact text makes normalisation idempotent ("单 号123" -> "单号123").
    # Folding again matters too: removing a space can let NFKC compose a letter with a mark.
    # (A compact ASCII letters-and-digits text is already a fixed point: skip the loop.)
    settled = compact.isascii() and compact.isalnum()
    for _ in range(0 if settled else len(compact) + 1):
        again = _compact(fold(_strip_names(compact, hints, matcher)))
        if again == compact:
            break
        compact = again
    if compact and compact[0] in FORMULA_TRIGGERS:
        return Normalized(raw, "", tuple(hints), problems.formula_trigger(compact[0]))
    if pair is not None:
        return Normalized(raw, compact, tuple(hints), problems.multiple_numbers(*pair))
    problem = _char_problem(compact) or _length_problem(compact)
    return Normalized(raw, compact, tuple(hints), problem)


def _length_problem(text: str) -> Problem | None:
    if not text:
        return problems.empty()
    if len(text) < problems.MIN_LENGTH:
        return problems.too_short(len(text))
    if len(text) > problems.MAX_LENGTH:
        return problems.too_long(len(text))
    return None
