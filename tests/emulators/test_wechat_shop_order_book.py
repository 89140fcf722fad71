"""order/list/get through the order book's time index gives what a walk over every order gives.

Random orders (create times spread over weeks), random changes of their update time (set directly,
as any handler may), deletions and a save/load round trip; then every page of random windows is
compared with a plain model: the orders whose times are in the window, ordered by (time, id).
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from emulators.wechat_shop.lifecycle import create_order
from emulators.wechat_shop.orders import MAX_RANGE, list_orders
from emulators.wechat_shop.state import State

T0 = 1_780_000_000
WEEKS = 10 * 86400  # windows of up to 7 days cover much of it

op_st = st.one_of(
    st.tuples(st.just("create"), st.integers(0, WEEKS)),
    st.tuples(st.just("update"), st.integers(0, 10_000), st.integers(0, WEEKS)),
    st.tuples(st.just("delete"), st.integers(0, 10_000)),
    st.tuples(st.just("reload")),
)
# A window: its field, the order whose time it starts near, how far before that time it starts, its
# span, the page size. Windows near the orders' times find a stale index; random ones seldom do.
window_st = st.tuples(
    st.sampled_from(["create_time_range", "update_time_range", "both"]),
    st.integers(0, 10_000),
    st.integers(0, 86400),
    st.integers(0, MAX_RANGE),
    st.integers(1, 7),
)


def _apply(state: State, op: tuple[Any, ...]) -> None:
    ids = sorted(state.orders)
    if op[0] == "create":
        create_order(state, {"create_time": T0 + op[1], "status": 10})
    elif op[0] == "update" and ids:
        state.orders[ids[op[1] % len(ids)]].update_time = T0 + op[2]
    elif op[0] == "delete" and ids:
        del state.orders[ids[op[1] % len(ids)]]
    elif op[0] == "reload":
        state.load_json(state.to_json())


def _model(state: State, field: str, start: int, end: int) -> list[str]:
    fields = ("create_time", "update_time") if field == "both" else (field.removesuffix("_range"),)
    chosen = [o for o in state.orders.values() if all(start <= getattr(o, f) <= end for f in fields)]
    key = "create_time" if field != "update_time_range" else "update_time"
    return [o.order_id for o in sorted(chosen, key=lambda o: (getattr(o, key), int(o.order_id)))]


def _listed(state: State, field: str, start: int, end: int, page_size: int) -> list[str]:
    window = {"start_time": start, "end_time": end}
    body: dict[str, Any] = {"page_size": page_size}
    for key in ("create_time_range", "update_time_range"):
        if field in (key, "both"):
            body[key] = window
    out: list[str] = []
    while True:
        page = list_orders(state, body)
        out += page["order_id_list"]
        if not page["has_more"]:
            return out
        body = {**body, "next_key": page["next_key"]}


@settings(max_examples=100, deadline=None)
@given(
    ops=st.lists(op_st, min_size=1, max_size=60),
    windows=st.lists(window_st, min_size=1, max_size=4),
)
def test_listing_by_the_index_matches_a_walk_over_every_order(
    ops: list[tuple[Any, ...]], windows: list[tuple[str, int, int, int, int]]
) -> None:
    state = State(seed=7)
    for op in ops:
        _apply(state, op)
    orders = sorted(state.orders.values(), key=lambda o: o.order_id)
    for field, pick, back, span, page_size in windows:
        near = orders[pick % len(orders)] if orders else None
        at = T0 if near is None else near.create_time if field == "create_time_range" else near.update_time
        start = at - back
        assert _listed(state, field, start, start + span, page_size) == _model(
            state, field, start, start + span
        )


def test_an_order_whose_update_time_moves_is_found_only_in_its_new_window() -> None:
    state = State(seed=1)
    order = create_order(state, {"create_time": T0, "status": 10})
    order.update_time = T0 + 3 * 86400
    assert _listed(state, "update_time_range", T0, T0 + 3600, 100) == []
    assert _listed(state, "update_time_range", T0 + 3 * 86400, T0 + 4 * 86400, 100) == [order.order_id]
    del state.orders[order.order_id]
    assert _listed(state, "update_time_range", T0, T0 + MAX_RANGE, 100) == []
