"""Why a number was wrong: the fixed list of causes, and what the journal alone can tell (pure).

Every correction and every refused number carries one ``Cause``. Where the journal shows it the cause
is inferred (``correction_cause``, ``refusal_cause``); where it cannot be, the cause is ``None`` and
the person is asked (``ASK``). The stable codes are what the journal and the scorecard keep; the
labels are what a person reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from shared.domain.states import RowState
from shared.domain.text import Bilingual


class Cause(Enum):
    OPERATOR_TYPING = "operator_typing"
    SUPPLIER_WRONG = "supplier_wrong"
    SUPPLIER_CHANGED = "supplier_changed"
    COURIER_SYSTEM = "courier_system_change"
    WRONG_COURIER = "wrong_courier"
    REUSED_NUMBER = "reused_number"
    OTHER = "other"

    @property
    def label(self) -> Bilingual:
        return CAUSE_LABELS[self]

    @classmethod
    def of_text(cls, text: str) -> Cause | None:
        """The cause a cell or a journal field names: its code or either label (English in any case);
        None for anything else, the empty text included."""
        text = text.strip()
        for cause in cls:
            if text in (cause.value, cause.label.zh) or text.casefold() == cause.label.en.casefold():
                return cause
        return None


CAUSE_LABELS: dict[Cause, Bilingual] = {
    Cause.OPERATOR_TYPING: Bilingual("录入错误", "Operator typing"),
    Cause.SUPPLIER_WRONG: Bilingual("供应商给错单号", "Supplier sent a wrong number"),
    Cause.SUPPLIER_CHANGED: Bilingual("供应商改了单号", "Supplier changed the number"),
    Cause.COURIER_SYSTEM: Bilingual("快递系统变更", "Courier system change"),
    Cause.WRONG_COURIER: Bilingual("快递公司不对", "Wrong courier"),
    Cause.REUSED_NUMBER: Bilingual("单号重复使用", "Reused number"),
    Cause.OTHER: Bilingual("其他", "Other"),
}

#: The operator's dropdown (the 日志 and 异常 tabs' 原因分类 column), in the list's order.
CAUSES: tuple[Bilingual, ...] = tuple(CAUSE_LABELS[c] for c in Cause)

#: What a correction's 日志 row says when its cause cannot be inferred (the 原因分类 cell is empty).
ASK = Bilingual(
    "原因未知：请在本行「原因分类」列选择出错原因",
    "Cause unknown: pick the cause in this row's Cause (原因分类) column",
)


def not_a_cause(text: str) -> Bilingual:
    """What the 日志 says of a 原因分类 cell typed with something outside the list (nothing changes)."""
    return Bilingual(
        f"「{text}」不是出错原因之一，未作改动；请从下拉列表选择：" + "、".join(c.zh for c in CAUSES),
        f"'{text}' is not one of the causes; nothing was changed. Pick one from the dropdown: "
        + ", ".join(c.en for c in CAUSES),
    )


def no_cause_here() -> Bilingual:
    """What the 日志 says of a cause chosen on a row that is not a correction or a refused number."""
    return Bilingual(
        "这一行不是改号或被拒的单号，原因分类不适用，未作改动",
        "This row is not a correction or a refused number: a cause does not apply; nothing was changed",
    )


@dataclass(frozen=True, slots=True)
class NumberSource:
    """Who put a number on the row before it was corrected or refused: ``"operator"`` (typed in the
    sheet), ``"supplier"`` (a supplier's API, sheet, file or the inbox paste), ``"shop"`` (the shop
    backend), or ``""`` (not known)."""

    who: str


def correction_cause(reason: str, first: NumberSource, second: NumberSource) -> Cause | None:
    """The cause of a correction pushed for ``reason`` (the intent's reason), when the replaced number
    came from ``first`` and the new one from ``second``; None when the journal cannot tell.

    * tracking named another courier than the shop's → the courier was wrong;
    * a supplier sent a new number for an order it had already given one → the supplier changed it;
    * a person replaced a supplier's number → the supplier's number was wrong;
    * a person replaced a number a person typed → a typing slip.
    """
    if reason == "the courier was corrected":
        return Cause.WRONG_COURIER
    if first.who == "supplier" and second.who == "supplier":
        return Cause.SUPPLIER_CHANGED
    if first.who == "supplier" and second.who == "operator":
        return Cause.SUPPLIER_WRONG
    if first.who == "operator" and second.who == "operator":
        return Cause.OPERATOR_TYPING
    return None


def refusal_cause(state: RowState, flags: Sequence[str], source: NumberSource) -> Cause | None:
    """The cause of a refused number: a row in ``state`` whose number came from ``source``;
    ``flags``: the validation's problem codes (``courier_mismatch`` …). None when it cannot be told."""
    if state is RowState.NUMBER_REUSED:
        return Cause.REUSED_NUMBER
    if "courier_mismatch" in flags or "wrong_courier" in flags:
        return Cause.WRONG_COURIER
    if source.who == "supplier":
        return Cause.SUPPLIER_WRONG
    if source.who == "operator":
        return Cause.OPERATOR_TYPING
    return None
