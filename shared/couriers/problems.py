"""The catalogue of problems found in tracking-number input, with messages in Chinese and English.

Codes are stable: the sheet, the journal, tests and the ``detect`` CLI contract use them. Every
message says what is wrong and what to do.
"""

from __future__ import annotations

from shared.couriers.model import Courier, Problem
from shared.domain.text import Bilingual

FORMULA_TRIGGER = "formula_trigger"
EMPTY = "empty"
MULTIPLE_NUMBERS = "multiple_numbers"
BAD_CHARACTERS = "bad_characters"
NON_ASCII_LETTERS = "non_ascii_letters"
TOO_SHORT = "too_short"
TOO_LONG = "too_long"
CHECK_DIGIT = "check_digit"
LOOKALIKE = "lookalike"
FOREIGN_POSTAL = "foreign_postal"
UNKNOWN_FORMAT = "unknown_format"
COURIER_MISMATCH = "courier_mismatch"
FORMAT_MISMATCH = "format_mismatch"
CONFLICTING_COURIERS = "conflicting_couriers"
UNKNOWN_COURIER = "unknown_courier"
MISSING_COURIER = "missing_courier"
INACTIVE_COURIER = "inactive_courier"
UNCHECKED_FORMAT = "unchecked_format"
OTHER_LOOKS_KNOWN = "other_looks_known"
DUPLICATE_IN_CELL = "duplicate_in_cell"
INPUT_TOO_LONG = "input_too_long"
CELL_TOO_LONG = "cell_too_long"

MIN_LENGTH = 6  # Kuaidi100 accepts 6..32 characters (docs/platforms/couriers-and-tracking.md#number-formats)
MAX_LENGTH = 32
# What a message quotes of a text it refuses: enough to recognise it, never a whole pasted page
# (a Sheets cell holds at most 50,000 characters, and the message goes into a cell).
MAX_QUOTED = 40


def quoted(text: str) -> str:
    """``text`` as a message shows it: cut to ``MAX_QUOTED`` characters with an ellipsis."""
    return text if len(text) <= MAX_QUOTED else text[:MAX_QUOTED] + "…"


def formula_trigger(char: str) -> Problem:
    if char == "=":
        return Problem(
            FORMULA_TRIGGER,
            Bilingual(
                "这个单元格里是公式，不是单号（公式显示的内容不一定是真实单号）。请删掉公式，直接输入单号。",
                "This cell holds a formula, not a tracking number (what a formula shows may not be the real "
                "number). Delete the formula and type the number itself.",
            ),
        )
    return Problem(
        FORMULA_TRIGGER,
        Bilingual(
            f"单号不能以「{char}」开头（表格会把它当成公式）。请删掉开头的符号，只保留单号。",
            f"A tracking number cannot start with '{char}' (the sheet would treat it as a formula). "
            "Remove the leading symbol and keep only the number.",
        ),
    )


def empty() -> Problem:
    return Problem(EMPTY, Bilingual("没有填写单号。", "No tracking number was entered."))


def multiple_numbers(first: str, second: str) -> Problem:
    return Problem(
        MULTIPLE_NUMBERS,
        Bilingual(
            f"同一行里有两个单号（{first}、{second}）。一个包裹一行：请把它们分成两行（单元格内换行）。",
            f"Two tracking numbers on one line ({first}, {second}). One parcel per line: put them on "
            "separate lines in the cell.",
        ),
    )


def bad_characters(chars: str) -> Problem:
    return Problem(
        BAD_CHARACTERS,
        Bilingual(
            f"单号里有不该出现的字符「{chars}」。单号只含英文字母和数字，请删掉多余的文字或符号。",
            f"The tracking number contains unexpected characters '{chars}'. Tracking numbers hold only "
            "letters and digits: remove the extra text or symbols.",
        ),
    )


def non_ascii_letters(chars: str) -> Problem:
    return Problem(
        NON_ASCII_LETTERS,
        Bilingual(
            f"单号里有看起来像英文字母、其实不是的字符「{chars}」（例如西里尔字母）。请用英文输入法重新输入单号。",
            f"The tracking number contains look-alike letters '{chars}' that are not Latin (for example "
            "Cyrillic). Retype the number with a Latin keyboard.",
        ),
    )


def too_short(length: int) -> Problem:
    return Problem(
        TOO_SHORT,
        Bilingual(
            f"单号只有 {length} 位，太短了（至少 {MIN_LENGTH} 位）。请核对是否漏抄。",
            f"The tracking number has only {length} characters; at least {MIN_LENGTH} are needed. "
            "Check whether part of it is missing.",
        ),
    )


def too_long(length: int) -> Problem:
    return Problem(
        TOO_LONG,
        Bilingual(
            f"单号有 {length} 位，太长了（最多 {MAX_LENGTH} 位）。"
            "可能把两个单号或其他文字连在了一起，请核对。",
            f"The tracking number has {length} characters; at most {MAX_LENGTH} are allowed. Two numbers "
            "or other text may have been joined: check it.",
        ),
    )


def input_too_long(length: int, limit: int) -> Problem:
    return Problem(
        INPUT_TOO_LONG,
        Bilingual(
            f"这一行有 {length} 个字符，不像一个单号（一行最多 {limit} 个字符），没有采用。"
            "请只填写快递单号，可以带快递公司名，一个包裹一行。",
            f"This line has {length} characters, which is not a tracking number (at most {limit} per line), "
            "so it was not used. Write only the tracking number, optionally with the courier name, one "
            "parcel per line.",
        ),
    )


def cell_too_long(length: int, max_chars: int) -> Problem:
    return Problem(
        CELL_TOO_LONG,
        Bilingual(
            f"单号单元格里有 {length} 个字符，太多了（最多 {max_chars} 个），没有采用其中任何单号。"
            "请只填写这个订单的快递单号，一个包裹一行。",
            f"The tracking-number cell holds {length} characters, more than allowed (at most {max_chars}), "
            "so none of it was used. Write only this order's tracking numbers, one parcel per line.",
        ),
    )


def cell_too_many_lines(lines: int, max_lines: int) -> Problem:
    return Problem(
        CELL_TOO_LONG,
        Bilingual(
            f"单号单元格里有 {lines} 行，太多了（一个订单最多 {max_lines} 个包裹），没有采用其中任何单号。"
            "请只填写这个订单的快递单号，一个包裹一行。",
            f"The tracking-number cell holds {lines} lines, more than one order ships in (at most "
            f"{max_lines} parcels), so none of it was used. Write only this order's tracking numbers, one "
            "parcel per line.",
        ),
    )


def check_digit(number: str) -> Problem:
    return Problem(
        CHECK_DIGIT,
        Bilingual(
            f"单号 {number} 的校验位不对，很可能抄错了一位。请对照面单重新核对。",
            f"The check digit of {number} is wrong: most likely one character was mistyped. Check it "
            "against the label.",
        ),
    )


def lookalike(name: Bilingual, instead: Bilingual) -> Problem:
    return Problem(
        LOOKALIKE,
        Bilingual(
            f"这是{name.zh}的单号格式，不是{instead.zh}。请向供应商确认快递公司和单号。",
            f"This is a {name.en} number, not {instead.en}. "
            "Confirm the courier and the number with the supplier.",
        ),
    )


def foreign_postal(country: str) -> Problem:
    return Problem(
        FOREIGN_POSTAL,
        Bilingual(
            f"这是国外邮政（国家代码 {country}）的国际单号，不是国内快递单号。请向供应商确认正确的单号。",
            f"This is an international postal number from another country (country code {country}), not a "
            "domestic courier number. Ask the supplier for the right number.",
        ),
    )


def unknown_format() -> Problem:
    return Problem(
        UNKNOWN_FORMAT,
        Bilingual(
            "认不出这是哪家快递的单号：没有哪家的单号是这个格式。请核对单号；如果快递公司不在列表里，"
            "请在「快递公司」列选择「其他」。",
            "No courier uses this number format. Check the number; if the courier is not in the list, "
            "choose 'Other' in the courier column.",
        ),
    )


def courier_mismatch(chosen: Courier, looks_like: Courier, label: Bilingual) -> Problem:
    return Problem(
        COURIER_MISMATCH,
        Bilingual(
            f"快递公司是{chosen.name.zh}，但这个单号是{looks_like.name.zh}的格式（{label.zh}）。"
            f"请把快递公司改为{looks_like.name.zh}，或核对单号。",
            f"The courier is {chosen.name.en}, but the number has the {looks_like.name.en} format "
            f"({label.en}). Change the courier to {looks_like.name.en}, or check the number.",
        ),
    )


def format_mismatch(chosen: Courier) -> Problem:
    return Problem(
        FORMAT_MISMATCH,
        Bilingual(
            f"这个单号不符合{chosen.name.zh}的单号格式（{chosen.format_summary().zh}）。"
            "请核对是否多抄或漏抄了一位，或确认快递公司。",
            f"The number does not match the {chosen.name.en} format ({chosen.format_summary().en}). "
            "Check for a missing or extra character, or confirm the courier.",
        ),
    )


def conflicting_couriers(first: Courier, second: Courier) -> Problem:
    return Problem(
        CONFLICTING_COURIERS,
        Bilingual(
            f"同时写了两家快递（{first.name.zh}、{second.name.zh}）。请只保留正确的一家。",
            f"Two couriers are named ({first.name.en}, {second.name.en}). Keep only the right one.",
        ),
    )


def unknown_courier(name: str) -> Problem:
    name = quoted(name)
    return Problem(
        UNKNOWN_COURIER,
        Bilingual(
            f"不认识快递公司「{name}」。请从下拉列表里选择；列表里没有的请选「其他」。",
            f"Unknown courier '{name}'. Pick one from the dropdown; choose 'Other' if it is not listed.",
        ),
    )


def missing_courier(suggestion: Courier | None, candidates: tuple[Courier, ...] = ()) -> Problem:
    """``candidates``: the couriers an ambiguous number fits (named, so the choice is quick)."""
    if suggestion is None and len(candidates) > 1:
        zh = "、".join(c.name.zh for c in candidates)
        en = ", ".join(c.name.en for c in candidates)
        return Problem(
            MISSING_COURIER,
            Bilingual(
                f"没有选择快递公司，这个单号可能是{zh}的。请在「快递公司」列选择"
                "（或在「供应商」页填写该供应商的默认快递）。",
                f"No courier is chosen and the number fits several: {en}. Choose one in the courier column "
                "(or set the supplier's default courier on the suppliers tab).",
            ),
        )
    if suggestion is None and len(candidates) == 1:
        only = candidates[0]
        return Problem(
            MISSING_COURIER,
            Bilingual(
                f"没有选择快递公司，单号只是勉强符合{only.name.zh}的格式（可能多输或少输了数字），不能确定，"
                "所以没有推送。请核对单号，并在「快递公司」列选择。",
                f"No courier is chosen and the number only loosely fits {only.name.en} "
                "(a digit may be missing or extra), so it is not pushed. "
                "Check the number and choose the courier in the courier column.",
            ),
        )
    if suggestion is None:
        return Problem(
            MISSING_COURIER,
            Bilingual(
                "没有选择快递公司，单号本身也看不出是哪家。请在「快递公司」列选择。",
                "No courier is chosen and the number alone does not tell which. "
                "Choose one in the courier column.",
            ),
        )
    return Problem(
        MISSING_COURIER,
        Bilingual(
            f"没有选择快递公司。按单号格式看是{suggestion.name.zh}，请确认后在「快递公司」列选择。",
            f"No courier is chosen. By its format the number is {suggestion.name.en}: confirm and choose it "
            "in the courier column.",
        ),
    )


def inactive_courier(courier: Courier) -> Problem:
    return Problem(
        INACTIVE_COURIER,
        Bilingual(
            f"{courier.name.zh}已停止独立运营，新单号一般不会是它的。请向供应商确认快递公司（百世、丰网的业务已并入极兔）。",
            f"{courier.name.en} no longer operates on its own; new numbers are unlikely to be its. "
            "Confirm the courier with the supplier (Best and Fengwang were merged into J&T).",
        ),
        severity="warning",
    )


def unchecked_format(courier: Courier) -> Problem:
    return Problem(
        UNCHECKED_FORMAT,
        Bilingual(
            f"{courier.name.zh}的单号格式未知，本系统只检查了字符和长度。推送前请再核对一次。",
            f"The {courier.name.en} number format is unknown; only characters and length were checked. "
            "Double-check it before pushing.",
        ),
        severity="warning",
    )


def other_looks_known(looks_like: Courier) -> Problem:
    return Problem(
        OTHER_LOOKS_KNOWN,
        Bilingual(
            f"快递公司选的是「其他」，但这个单号是{looks_like.name.zh}的格式。建议改为{looks_like.name.zh}，"
            "否则小店和物流查询认不出快递公司。",
            f"The courier is 'Other', but the number has the {looks_like.name.en} format. Choose "
            f"{looks_like.name.en}; otherwise the shop and the tracking service cannot tell the courier.",
        ),
        severity="warning",
    )


def duplicate_in_cell(number: str, first_line: int, line: int) -> Problem:
    return Problem(
        DUPLICATE_IN_CELL,
        Bilingual(
            f"第 {line} 行的单号 {number} 和第 {first_line} 行重复。请删掉重复的一行。",
            f"Line {line} repeats tracking number {number} from line {first_line}. Delete the repeated line.",
        ),
    )
