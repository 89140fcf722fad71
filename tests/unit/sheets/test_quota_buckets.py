"""The Sheets quota buckets' arithmetic (shared/sheets/quota.py): times are passed in, no clock."""

from __future__ import annotations

from shared.sheets.quota import Priority, QuotaLimits, QuotaState, kind_of

SMALL = QuotaLimits(reads=10, writes=6, window=60.0, margin=0, event_reserve=3, tick_reserve=5, pace=0)
PACED = QuotaLimits(reads=60, writes=60, window=60.0, margin=0, pace=6, shares=(4, 2, 2), edit_burst=0)
BURST = QuotaLimits(reads=60, writes=60, window=60.0, margin=0, pace=6, shares=(4, 2, 2), edit_burst=12)


def _spent(
    state: QuotaState, kind: str, times: list[float], priority: Priority = Priority.EDIT
) -> QuotaState:
    for t in times:
        after = state.take(kind, t, SMALL, priority)  # type: ignore[arg-type]
        assert after is not None, t
        state = after
    return state


def test_reads_and_writes_are_separate_buckets_and_every_method_is_one_or_the_other() -> None:
    assert kind_of("values.batchGet") == kind_of("spreadsheets.get") == "read"
    assert kind_of("values.batchUpdate") == kind_of("spreadsheets.batchUpdate") == "write"
    assert kind_of("other") == "write"  # unknown: counted where it hurts less to be wrong
    state = _spent(QuotaState(), "write", [0.0] * 6)
    assert state.left("write", 1.0, SMALL) == 0
    assert state.left("read", 1.0, SMALL) == 10
    assert state.headroom(1.0, SMALL) == {"reads": 10, "writes": 0}


def test_an_empty_bucket_refuses_until_the_first_spend_leaves_the_window() -> None:
    state = _spent(QuotaState(), "write", [0.0, 1.0, 2.0, 3.0, 4.0, 5.0])
    assert state.take("write", 30.0, SMALL, Priority.EDIT) is None
    assert state.free_at("write", 30.0, SMALL, Priority.EDIT) == 60.0
    assert state.take("write", 59.9, SMALL, Priority.EDIT) is None
    after = state.take("write", 60.0, SMALL, Priority.EDIT)
    assert after is not None
    assert [t for t, _ in after.writes] == [1.0, 2.0, 3.0, 4.0, 5.0, 60.0]  # the one that left is gone


def test_no_window_anywhere_holds_more_than_the_limit() -> None:
    """Greedy spending every half second for three minutes: any 60 s span holds at most the limit."""
    state, spent = QuotaState(), []
    for step in range(360):
        now = step * 0.5
        after = state.take("read", now, SMALL, Priority.EDIT)
        if after is not None:
            state, spent = after, [*spent, now]
    assert len(spent) >= 30  # it did spend, about a bucket a window
    for start in spent:
        assert sum(1 for t in spent if start <= t < start + 60.0) <= SMALL.reads


def test_lower_priorities_leave_their_reserve_to_those_before_them() -> None:
    state = _spent(QuotaState(), "read", [0.0] * 5)  # 5 of 10 left
    assert state.take("read", 1.0, SMALL, Priority.TICK) is None  # the tick leaves 5
    assert state.free_at("read", 1.0, SMALL, Priority.TICK) == 60.0
    state = _spent(state, "read", [1.0, 1.0], Priority.EVENT)  # events may go down to 3
    assert state.take("read", 2.0, SMALL, Priority.EVENT) is None
    state = _spent(state, "read", [2.0, 2.0, 2.0])  # an operator's edit takes the last ones
    assert state.left("read", 3.0, SMALL) == 0
    assert state.free_at("read", 3.0, SMALL, Priority.EDIT) == 60.0
    # The tick needs 6 spends gone (0 left, keeps 5): the sixth oldest is at 1.0.
    assert state.free_at("read", 3.0, SMALL, Priority.TICK) == 61.0


def test_spending_is_paced_so_a_burst_cannot_empty_the_bucket_at_once() -> None:
    assert PACED.pace_span("read") == 6.0  # six tokens per six seconds: the bucket's own rate
    state = _take(QuotaState(), "read", [0.0] * 4, Priority.EDIT)
    assert state.take("read", 1.0, PACED, Priority.EDIT) is None  # the edits' share of the span
    assert state.left("read", 1.0, PACED) == 56  # not for want of tokens
    assert state.free_at("read", 1.0, PACED, Priority.EDIT) == 6.0
    assert state.take("read", 6.0, PACED, Priority.EDIT) is not None


def test_each_priority_has_its_share_of_a_pace_span() -> None:
    state = _take(QuotaState(), "write", [0.0, 0.5, 1.0, 1.5], Priority.EDIT)
    state = _take(state, "write", [2.0, 2.0], Priority.EVENT)  # busy edits leave the events theirs
    assert state.take("write", 2.5, PACED, Priority.EVENT) is None  # their share is spent
    assert state.take("write", 2.5, PACED, Priority.TICK) is None  # six in the span: all wait
    assert state.free_at("write", 2.5, PACED, Priority.TICK) == 6.0
    assert state.free_at("write", 2.5, PACED, Priority.EVENT) == 8.0  # its own first spend leaves
    assert state.take("write", 6.0, PACED, Priority.TICK) is not None


def test_a_few_quick_edits_on_a_quiet_sheet_are_not_paced() -> None:
    state = QuotaState()
    for t in [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]:  # 11 edits' tokens at once
        after = state.take("read", t, BURST, Priority.EDIT)
        assert after is not None, t
        state = after
    # The twelfth would fill the burst: from here an edit is paced again (the span's share).
    assert state.take("read", 1.1, BURST, Priority.EDIT) is not None
    state = state.take("read", 1.1, BURST, Priority.EDIT)  # type: ignore[assignment]
    assert state is not None
    assert state.take("read", 1.2, BURST, Priority.EDIT) is None
    assert (
        state.free_at("read", 1.2, BURST, Priority.EDIT) == 6.8
    )  # 3 of the edits' 12 spends left in the span: the 9th oldest (0.8) must go
    # Shop events and the tick are paced even on a quiet sheet (their share of a span).
    quiet = _take_with(QuotaState(), "read", [0.0, 0.0], Priority.EVENT, BURST)
    assert quiet.take("read", 0.5, BURST, Priority.EVENT) is None


def _take_with(
    state: QuotaState, kind: str, times: list[float], priority: Priority, limits: QuotaLimits
) -> QuotaState:
    for t in times:
        after = state.take(kind, t, limits, priority)  # type: ignore[arg-type]
        assert after is not None, t
        state = after
    return state


def _take(state: QuotaState, kind: str, times: list[float], priority: Priority) -> QuotaState:
    for t in times:
        after = state.take(kind, t, PACED, priority)  # type: ignore[arg-type]
        assert after is not None, t
        state = after
    return state


def test_waiting_for_several_tokens_at_once() -> None:
    state = _spent(QuotaState(), "write", [0.0, 10.0, 20.0, 30.0, 40.0, 50.0])
    assert state.allows("write", 55.0, SMALL, Priority.EDIT, count=2) is False
    assert state.free_at("write", 55.0, SMALL, Priority.EDIT, count=2) == 70.0
    assert state.free_at("write", 55.0, SMALL, Priority.EDIT, count=7) == float("inf")  # never fits


def test_a_reserve_never_shuts_a_priority_out_of_a_small_bucket() -> None:
    tiny = QuotaLimits(reads=2, writes=2, window=60.0, margin=0, event_reserve=8, tick_reserve=16, pace=0)
    assert QuotaState().take("read", 0.0, tiny, Priority.TICK) is not None


def test_a_spend_stamped_ahead_of_this_clock_still_counts() -> None:
    state = _spent(QuotaState(), "read", [100.0] * 10)  # another instance's clock is ahead
    assert state.left("read", 95.0, SMALL) == 0


def test_the_margin_is_never_spent() -> None:
    limits = QuotaLimits(reads=60, writes=60, margin=2)
    assert QuotaState().left("read", 0.0, limits) == 58
    assert QuotaLimits().window > 60.0  # and a second more than Google's minute


def test_the_document_round_trips_and_an_unreadable_one_is_a_full_bucket() -> None:
    state = _spent(QuotaState(), "read", [1.5, 2.5])
    assert QuotaState.from_json(state.to_json()) == state
    assert QuotaState.from_json(b"not json") == QuotaState()
    assert QuotaState.from_json(None) == QuotaState()
    assert state.reads == ((1.5, 0), (2.5, 0))  # each spend says who spent it (an edit)
