"""Property tests: detection never raises, normalisation is idempotent, formulas never pass."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from shared.couriers import detect, matches_any, normalize, validate
from shared.couriers.normalize import FORMULA_TRIGGERS, MAX_INPUT_CHARS

INVISIBLE = st.sampled_from(
    ["", " ", "\t", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u3000", "\u00a0"]
)
TRIGGER = st.sampled_from(sorted(FORMULA_TRIGGERS))
PIECES = st.sampled_from(
    [
        "SF",
        "YT",
        "JT",
        "JD",
        "DPK",
        "顺丰",
        "中通",
        "运单号",
        "：",
        ":",
        " ",
        "-",
        "、",
        "\n",
        "\u200b",
        "Ѕ",
        "ＳＦ",
        "1",
        "7",
        "0",
        "CN",
        "BR",
        "=",
        "+",
        "@",
        "（",
        "）",
        "【",
        "】",
        "。",
    ]
)
TEXTY = st.one_of(
    st.text(),
    st.lists(st.one_of(PIECES, st.text(alphabet="0123456789", min_size=1, max_size=14)), max_size=8).map(
        "".join
    ),
)


@settings(max_examples=400, deadline=None)
@given(TEXTY)
def test_detect_never_raises_and_keeps_its_contract(raw: str) -> None:
    found = detect(raw)
    if found.problem is not None:
        assert found.codes == ()
        assert found.problem.message.zh and found.problem.message.en
    else:
        assert found.codes
        assert found.normalized.isascii() and found.normalized.isalnum()
        assert 0.0 < found.confidence <= 0.99
        assert len(set(found.codes)) == len(found.codes)
    validate("中通", raw)


@settings(max_examples=400, deadline=None)
@given(TEXTY)
def test_normalisation_is_idempotent(raw: str) -> None:
    once = normalize(raw, matches_any).text
    assert normalize(once, matches_any).text == once


@settings(max_examples=300, deadline=None)
@given(st.lists(INVISIBLE, max_size=4).map("".join), TRIGGER, st.text())
def test_formula_triggers_are_always_rejected(prefix: str, trigger: str, rest: str) -> None:
    found = detect(prefix + trigger + rest)
    # Past the length cap the input is refused before any pattern runs (input_too_long): still refused.
    fits = len(prefix + trigger + rest) <= MAX_INPUT_CHARS
    expected = "formula_trigger" if fits else "input_too_long"
    assert found.problem is not None and found.problem.code == expected
    assert found.codes == ()
    assert not validate("其他", prefix + trigger + rest).ok


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789", min_size=6, max_size=20))
def test_digit_runs_never_name_a_defunct_courier_when_an_active_one_fits(digits: str) -> None:
    found = detect(digits)
    active = [c for c in found.candidates if c.courier.active]
    if active:
        assert all(c.courier.active for c in found.candidates)
