"""Validation of a (courier, tracking number) pair as an operator or supplier gave it."""

from __future__ import annotations

from dataclasses import dataclass

from shared.couriers import problems
from shared.couriers.detect import Detection, detect
from shared.couriers.model import Courier, Problem
from shared.couriers.registry import find

_DISTINCTIVE = 0.9  # a format this specific names its courier on its own (SF+13, YT+13, JD...)
# A number with no courier chosen is given one from its format only when the format is current and
# this specific (ZTO 7x+12 digits, STO 773..., SF+13 ...) and no other courier fits. Below it (legacy
# formats, catch-alls like China Post's "any 13 digits") a typo still fits: the operator chooses.
CERTAIN_FORMAT_WEIGHT = 0.8


@dataclass(frozen=True, slots=True)
class Validation:
    """The verdict on one (courier, number) pair.

    ``ok`` is True when the pair may be pushed; ``problem`` may then still carry a warning.
    ``courier`` is our code for the courier (resolved from any alias), ``number`` the normalised
    number, ``suggestion`` a courier code the number looks like when it is not the chosen one.
    """

    ok: bool
    courier: str | None
    number: str
    problem: Problem | None
    suggestion: str | None
    detection: Detection


def validate(courier_name: str | None, raw_number: str) -> Validation:
    """Check that ``raw_number`` is a well-formed number of the courier named ``courier_name``.

    The courier may be our code, a Chinese or English name or an alias (中通, 中通快递, ZTO, zto).
    """
    name = (courier_name or "").strip()
    if not name:
        found = detect(raw_number)
        if found.problem is not None:
            return Validation(False, None, found.normalized, found.problem, None, found)
        suggestion = certain_courier(found)
        return Validation(
            False,
            None,
            found.normalized,
            problems.missing_courier(suggestion, tuple(c.courier for c in found.candidates)),
            suggestion.code if suggestion else None,
            found,
        )
    courier = find(name)
    if courier is None:
        found = detect(raw_number)
        return Validation(False, None, found.normalized, problems.unknown_courier(name), None, found)

    checked = detect(raw_number, chosen=courier.code)
    if checked.problem is not None:
        return Validation(
            False, courier.code, checked.normalized, checked.problem, _suggestion(checked), checked
        )
    return Validation(True, courier.code, checked.normalized, _warning(courier, checked), None, checked)


def certain_courier(found: Detection) -> Courier | None:
    """The courier a number names on its own, or None when a person must choose.

    Certain: a courier named in the text itself (a pasted "中通 7812…"), or exactly one active courier
    whose matching format weighs at least ``CERTAIN_FORMAT_WEIGHT``. Never a catch-all or a legacy
    format, where a number with a digit dropped or added still fits: a wrong number on the shop
    costs the merchant a penalty, a number that waits costs a click.
    """
    best = found.best
    if best is None or found.ambiguous:
        return None
    if found.hint is not None and best.code == found.hint:
        return best.courier
    if not best.courier.active or best.format.legacy or best.format.weight < CERTAIN_FORMAT_WEIGHT:
        return None
    return best.courier


def _suggestion(checked: Detection) -> str | None:
    if checked.problem is None or checked.problem.code != problems.COURIER_MISMATCH:
        return None
    free = detect(checked.normalized)
    return free.best.code if free.best else None


def _warning(courier: Courier, checked: Detection) -> Problem | None:
    if not courier.active:
        return problems.inactive_courier(courier)
    if courier.formats:
        return None
    free = detect(checked.normalized)
    distinctive = free.best is not None and not free.ambiguous and free.best.format.weight >= _DISTINCTIVE
    if distinctive and free.best is not None and courier.code == "OTHER":
        return problems.other_looks_known(free.best.courier)
    return problems.unchecked_format(courier)
