"""Courier detection: which couriers could a tracking number belong to, best first.

Ranking (docs/platforms/couriers-and-tracking.md#ambiguity-and-ranking): an exact prefix-bearing format
(SF/YT/JT/JD/DPK/S10 with a valid check digit) is a single high-confidence answer; a courier named in the
input beats format-level ambiguity; defunct networks are offered only when no active courier fits; pure-digit
numbers give several ranked candidates and ``ambiguous``. Look-alikes are refused, not guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import compress
from typing import Any

from shared.couriers import problems
from shared.couriers.model import Courier, NumberFormat, Problem
from shared.couriers.normalize import normalize
from shared.couriers.registry import COURIERS, by_code
from shared.couriers.s10 import is_s10_shape, postal_digits_hint, s10_valid
from shared.domain.text import Bilingual

_POSTAL = frozenset({"EMS", "YZPY"})
_POSTAL_HINT_BOOST = 2.0  # a soft ranking signal only, never a rejection
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
    hint: str | None
    problem: Problem | None

    @property
    def ambiguous(self) -> bool:
        """More than one courier remains: the operator (or the tracking API) must decide."""
        return len(self.candidates) > 1

    @property
    def confidence(self) -> float:
        """How sure the best candidate is (0..1): its prior weighted by its share of all scores.

        A courier named in the input is trusted (0.95 or the format's own weight, whichever is
        higher); a courier with no published format gets 0.5.
        """
        if not self.candidates:
            return 0.0
        top = self.candidates[0]
        if self.hint is not None:
            if top.format is _UNCHECKED:
                return 0.5
            return max(_HINTED_CONFIDENCE, min(_MAX_CONFIDENCE, top.format.weight))
        total = sum(c.score for c in self.candidates)
        return round(min(_MAX_CONFIDENCE, min(1.0, top.score) * top.score / total), 2)

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


@dataclass(frozen=True, slots=True)
class _Slot:
    """One format at one length, with its candidates made once (plain and postal-boosted)."""

    courier: Courier
    format: NumberFormat
    plain: Candidate
    boosted: Candidate | None


def _slot(courier: Courier, fmt: NumberFormat) -> _Slot:
    score = fmt.weight * (1.0 if courier.active else _INACTIVE_FACTOR)
    boosted = Candidate(courier, fmt, score * _POSTAL_HINT_BOOST) if courier.code in _POSTAL else None
    return _Slot(courier, fmt, Candidate(courier, fmt, score), boosted)


# Formats indexed by length: detection only tries the formats that can fit. All formats of one
# length are folded into one regex of optional lookaheads, one capturing group per format, so a
# single C-level match reports every format that fits (about twice as fast as one match each).
def _index() -> dict[int, tuple[re.Pattern[str], tuple[_Slot, ...]]]:
    grouped: dict[int, list[_Slot]] = {}
    for courier in COURIERS:
        for fmt in courier.formats:
            if fmt.regex.groups:
                raise ValueError(f"format {fmt.pattern!r} must not have capturing groups")
            for length in fmt.lengths:
                grouped.setdefault(length, []).append(_slot(courier, fmt))
    return {
        length: (
            re.compile("".join(f"(?:(?=({s.format.pattern})$))?" for s in slots), re.ASCII),
            tuple(slots),
        )
        for length, slots in grouped.items()
    }


_BY_LENGTH = _index()

_ORDER = {c.code: i for i, c in enumerate(COURIERS)}
# Stands for "any well-formed number" when the named courier has no published format.
_UNCHECKED = NumberFormat(
    r"[A-Z0-9]{6,32}", tuple(range(6, 33)), 0.5, Bilingual("未校验格式", "format not checked")
)


def _refusal(number: str) -> Problem | None:
    """Look-alikes and postal check digits: shapes that are refused, never guessed."""
    if len(number) == 13 and is_s10_shape(number):
        # S10 numbers from other posts (JT…BR is Brazil's Correios, not J&T).
        if not number.endswith("CN"):
            return problems.foreign_postal(number[11:])
        if not s10_valid(number):
            return problems.check_digit(number)
    # YT + 16 digits is YunExpress (cross-border), not YTO's YT + 13
    # (docs/platforms/couriers-and-tracking.md#number-formats).
    elif len(number) == 18 and number.startswith("YT") and number[2:].isdigit():
        return problems.lookalike(
            Bilingual("云途物流（YunExpress，跨境）", "YunExpress (cross-border)"), Bilingual("圆通", "YTO")
        )
    return None


def _fitting(number: str) -> list[_Slot]:
    entry = _BY_LENGTH.get(len(number))
    if entry is None:
        return []
    combined, slots = entry
    found = combined.match(number)
    if found is None:  # cannot happen (every group is optional), kept for the type checker
        return []
    # A group is a non-empty string where its format fits, None elsewhere.
    return list(compress(slots, found.groups()))


def _matches(number: str) -> list[Candidate]:
    best: dict[str, Candidate] = {}
    postal_hint: bool | None = None  # computed only when a postal format matched
    for slot in _fitting(number):
        candidate = slot.plain
        if slot.format.checksum == "s10" and not s10_valid(number):
            continue
        if slot.boosted is not None:
            if postal_hint is None:
                postal_hint = postal_digits_hint(number)
            if postal_hint:
                candidate = slot.boosted
        current = best.get(candidate.code)
        if current is None or candidate.score > current.score:
            best[candidate.code] = candidate
    if len(best) < 2:
        return list(best.values())
    return sorted(best.values(), key=lambda c: (-c.score, _ORDER[c.code]))


def matches_any(number: str) -> bool:
    """True when ``number`` (already compact) fits some courier's format."""
    return is_s10_shape(number) or bool(_fitting(number))


def _compatible(a: Courier, b: Courier) -> bool:
    return a.code == b.code or a.wechat_delivery_id == b.wechat_delivery_id != "OTHER"


def _fail(raw: str, text: str, hint: str | None, problem: Problem) -> Detection:
    return Detection(raw, text, (), hint, problem)


def detect(raw: str, chosen: str | None = None) -> Detection:
    """Detect the courier of one raw input line. Never raises.

    ``chosen`` is a courier code the operator picked; it acts like a courier name in the text, and
    a different courier named in the text is a conflict.
    """
    norm = normalize(raw, matches_any)
    hints = [by_code(code) for code in norm.hints] if norm.hints else []
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
    refused = _refusal(number)
    if refused is not None:
        return _fail(raw, number, hint_code, refused)

    found = _matches(number)
    if hint is not None:
        return _with_hint(raw, number, hints, found)
    if not found:
        return _fail(raw, number, None, problems.unknown_format())
    if len(found) > 1:
        found = [c for c in found if c.courier.active] or found
    return Detection(raw, number, tuple(found), None, None)


def _with_hint(raw: str, number: str, hints: list[Courier], found: list[Candidate]) -> Detection:
    """A courier named in the input (or chosen by the operator) decides among the format matches."""
    hint = hints[0]
    named = {h.code for h in hints} | {c.code for c in found if any(_compatible(c.courier, h) for h in hints)}
    agreeing = [c for c in found if c.code in named]
    if agreeing:
        best = next((c for c in agreeing if c.code == hint.code), agreeing[0])
        return Detection(raw, number, (best,), hint.code, None)
    if not hint.formats:
        # Couriers whose format nobody published (Other, Yunda Freight ...): trust the operator.
        return Detection(raw, number, (Candidate(hint, _UNCHECKED, 0.5),), hint.code, None)
    # Only a format specific enough to name its courier makes this a courier mismatch; a bare digit
    # run that some other courier also uses is simply the wrong shape for the named one.
    distinctive = [c for c in found if c.format.weight >= _DISTINCTIVE_WEIGHT]
    if distinctive:
        other = distinctive[0]
        problem = problems.courier_mismatch(hint, other.courier, other.format.label)
        return _fail(raw, number, hint.code, problem)
    return _fail(raw, number, hint.code, problems.format_mismatch(hint))
