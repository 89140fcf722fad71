"""Courier detection: which couriers could a tracking number belong to, best first.

Ranking (reference §3): an exact prefix-bearing format (SF/YT/JT/JD/DPK/S10 with a valid check
digit) is a single high-confidence answer; a courier named in the input beats format-level
ambiguity; defunct networks are offered only when no active courier fits; pure-digit numbers give
several ranked candidates and ``ambiguous``. Look-alikes are refused, not guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shared.couriers import problems
from shared.couriers.model import Courier, NumberFormat, Problem
from shared.couriers.normalize import normalize
from shared.couriers.registry import COURIERS, by_code
from shared.couriers.s10 import is_s10_shape, postal_digits_hint, s10_valid

_POSTAL = frozenset({"EMS", "YZPY"})
_POSTAL_HINT_BOOST = 2.0  # §2.3: soft ranking signal only, never a rejection
_INACTIVE_FACTOR = 0.25
_HINTED_CONFIDENCE = 0.95
_MAX_CONFIDENCE = 0.99
_DISTINCTIVE_WEIGHT = 0.8


@dataclass(frozen=True, slots=True)
class Candidate:
    """A courier a number may belong to, with the format that matched and its ranking score."""

    courier: Courier
    format: NumberFormat
    score: float

    @property
    def code(self) -> str:
        return self.courier.code


@dataclass(frozen=True, slots=True)
class Detection:
    """What detection found for one input. With ``problem`` set there are no candidates."""

    input: str
    normalized: str
    candidates: tuple[Candidate, ...]
    ambiguous: bool
    confidence: float
    hint: str | None
    problem: Problem | None

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.candidates)

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    def as_dict(self) -> dict[str, Any]:
        """The stable ``detect`` CLI contract (one JSON object per input line)."""
        return {
            "input": self.input,
            "normalized": self.normalized,
            "candidates": list(self.codes),
            "ambiguous": self.ambiguous,
            "error": self.problem.as_dict() if self.problem else None,
        }


# Formats indexed by length: detection only tries the few formats that can fit.
_BY_LENGTH: dict[int, tuple[tuple[Courier, NumberFormat], ...]] = {}
for _courier in COURIERS:
    for _fmt in _courier.formats:
        for _length in _fmt.lengths:
            _BY_LENGTH[_length] = (*_BY_LENGTH.get(_length, ()), (_courier, _fmt))

_ORDER = {c.code: i for i, c in enumerate(COURIERS)}
# Stands for "any well-formed number" when the named courier has no published format.
_UNCHECKED = NumberFormat(r"[A-Z0-9]{6,32}", tuple(range(6, 33)), 0.5, "未校验格式", "format not checked")


@dataclass(frozen=True, slots=True)
class _LookAlike:
    """A number shape that resembles a domestic courier's but belongs to someone else."""

    name_zh: str
    name_en: str
    not_zh: str
    not_en: str


def _lookalike(number: str) -> Problem | None:
    # YT + 16 digits is YunExpress (cross-border), not YTO's YT + 13 (reference §3).
    if len(number) == 18 and number.startswith("YT") and number[2:].isdigit():
        return problems.lookalike("云途物流（YunExpress，跨境）", "YunExpress (cross-border)", "圆通", "YTO")
    # S10 numbers from other posts (JT…BR is Brazil's Correios, not J&T).
    if is_s10_shape(number) and not number.endswith("CN"):
        return problems.foreign_postal(number[11:])
    return None


def _matches(number: str) -> list[Candidate]:
    best: dict[str, Candidate] = {}
    hint = postal_digits_hint(number)
    for courier, fmt in _BY_LENGTH.get(len(number), ()):
        if fmt.regex.fullmatch(number) is None:
            continue
        if fmt.checksum == "s10" and not s10_valid(number):
            continue
        score = fmt.weight
        if hint and courier.code in _POSTAL:
            score *= _POSTAL_HINT_BOOST
        if not courier.active:
            score *= _INACTIVE_FACTOR
        current = best.get(courier.code)
        if current is None or score > current.score:
            best[courier.code] = Candidate(courier, fmt, score)
    return sorted(best.values(), key=lambda c: (-c.score, _ORDER[c.code]))


def matches_any(number: str) -> bool:
    """True when ``number`` (already compact) fits some courier's format."""
    if is_s10_shape(number):
        return True
    return any(fmt.regex.fullmatch(number) for _, fmt in _BY_LENGTH.get(len(number), ()))


def _compatible(a: Courier, b: Courier) -> bool:
    return a.code == b.code or a.wechat_delivery_id == b.wechat_delivery_id != "OTHER"


def _fail(raw: str, text: str, hint: str | None, problem: Problem) -> Detection:
    return Detection(raw, text, (), False, 0.0, hint, problem)


def detect(raw: str, chosen: str | None = None) -> Detection:
    """Detect the courier of one raw input line. Never raises.

    ``chosen`` is a courier code the operator picked; it acts like a courier name in the text, and
    a different courier named in the text is a conflict.
    """
    norm = normalize(raw, matches_any)
    hints = [by_code(code) for code in norm.hints]
    if chosen is not None:
        picked = by_code(chosen)
        clash = next((h for h in hints if not _compatible(h, picked)), None)
        if clash is not None:
            return _fail(raw, norm.text, chosen, problems.conflicting_couriers(picked, clash))
        hints = [picked]
    elif len(hints) > 1:
        clash = next((h for h in hints[1:] if not _compatible(h, hints[0])), None)
        if clash is not None:
            return _fail(raw, norm.text, hints[0].code, problems.conflicting_couriers(hints[0], clash))
    hint = hints[0] if hints else None
    hint_code = hint.code if hint else None
    if norm.problem is not None:
        return _fail(raw, norm.text, hint_code, norm.problem)

    number = norm.text
    refused = _lookalike(number)
    if refused is not None:
        return _fail(raw, number, hint_code, refused)
    if is_s10_shape(number) and not s10_valid(number):
        return _fail(raw, number, hint_code, problems.check_digit(number))

    found = _matches(number)
    if hint is not None:
        return _with_hint(raw, number, hints, found)
    if not found:
        return _fail(raw, number, None, problems.unknown_format())
    active = [c for c in found if c.courier.active] or found
    top = active[0]
    total = sum(c.score for c in active)
    confidence = min(_MAX_CONFIDENCE, min(1.0, top.score) * top.score / total)
    return Detection(raw, number, tuple(active), len(active) > 1, round(confidence, 2), None, None)


def _with_hint(raw: str, number: str, hints: list[Courier], found: list[Candidate]) -> Detection:
    """A courier named in the input (or chosen by the operator) decides among the format matches."""
    hint = hints[0]
    named = {h.code for h in hints} | {c.code for c in found if any(_compatible(c.courier, h) for h in hints)}
    agreeing = [c for c in found if c.code in named]
    if agreeing:
        best = next((c for c in agreeing if c.code == hint.code), agreeing[0])
        confidence = max(_HINTED_CONFIDENCE, min(_MAX_CONFIDENCE, best.format.weight))
        return Detection(raw, number, (best,), False, confidence, hint.code, None)
    if not hint.formats:
        # Couriers whose format nobody published (Other, Yunda Freight ...): trust the operator.
        return Detection(raw, number, (Candidate(hint, _UNCHECKED, 0.5),), False, 0.5, hint.code, None)
    # Only a format specific enough to name its courier makes this a courier mismatch; a bare digit
    # run that some other courier also uses is simply the wrong shape for the named one.
    distinctive = [c for c in found if c.format.weight >= _DISTINCTIVE_WEIGHT]
    if distinctive:
        other = distinctive[0]
        problem = problems.courier_mismatch(hint, other.courier, other.format.label_zh, other.format.label_en)
        return _fail(raw, number, hint.code, problem)
    return _fail(raw, number, hint.code, problems.format_mismatch(hint))
