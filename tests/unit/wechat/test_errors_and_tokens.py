"""Error mapping, request ids, exact ids, and the token provider (fake clock, fake fetch)."""

from __future__ import annotations

import pytest

from shared.wechat import errors as e
from shared.wechat.jsonexact import as_id, loads
from shared.wechat.tokens import MemoryTokenCache, TokenProvider


@pytest.mark.parametrize(
    ("code", "cls"),
    [
        (-1, e.BusyError),
        (40001, e.TokenInvalidError),
        (40014, e.TokenInvalidError),
        (42001, e.TokenInvalidError),
        (41001, e.TokenMissingError),
        (40013, e.CredentialError),
        (45011, e.MinuteQuotaError),
        (45009, e.DailyQuotaError),
        (61004, e.IpNotAllowedError),
        (45035, e.IpNotAllowedError),
        (48001, e.ApiUnauthorizedError),
        (40097, e.InvalidRequestError),
        (47001, e.InvalidRequestError),
        (44002, e.InvalidRequestError),
        (43002, e.InvalidRequestError),
        (40066, e.InvalidRequestError),
        (100002, e.OrderNotFoundError),
        (100003, e.ConcurrentUpdateError),
        (101100, e.StatusNotAllowedError),
        (109001, e.AlreadyShippedError),
        (108009, e.AftersaleBlockError),
        (109000, e.ItemQuantityError),
        (109002, e.NoItemsError),
        (109205, e.EwaybillExistsError),
        (606003, e.NoReturnAddressError),
        (606004, e.InvalidCourierError),
        (606005, e.InvalidWaybillError),
        (606006, e.CursorMismatchError),
        (606008, e.DeliverTypeError),
        (606030, e.SplitSkuError),
        (606031, e.ItemNotInOrderError),
        (606034, e.ThirdPartyLockedError),
        (606040, e.SplitOrderModifyError),
        (606041, e.EditBudgetExhaustedError),
        (606042, e.ModifyItemsError),
        (31042, e.TooManyOrdersError),
        (123456, e.WeChatError),
    ],
)
def test_every_reference_code_has_its_class(code: int, cls: type[e.WeChatError]) -> None:
    error = e.error_for(code, ", something rid: 665546c8-07bffba5-784ea640", path="/x")
    assert type(error) is cls
    assert error.errcode == code
    assert error.rid == "665546c8-07bffba5-784ea640"
    assert "/x" in str(error)


def test_order_state_family() -> None:
    for code in (101100, 109001, 108009):
        assert isinstance(e.error_for(code, ""), e.OrderStateError)


def test_40001_on_the_token_call_means_bad_secret() -> None:
    assert type(e.error_for(40001, "invalid credential", token_call=True)) is e.CredentialError


def test_rid_absent() -> None:
    assert e.error_for(-1, "system error").rid is None


def test_ids_stay_exact() -> None:
    data = loads(b'{"order_id": 3705115058471208928, "x": 1.5, "y": 3.705115058471208928e18}')
    assert as_id(data["order_id"]) == "3705115058471208928"
    assert as_id(data["y"]) == "3705115058471208928"
    assert as_id(data["x"]) is None
    assert as_id(True) is None and as_id("12a") is None and as_id(-3) is None
    assert as_id(" 42 ") == "42"


class FakeFetch:
    def __init__(self, *answers: tuple[str, int]) -> None:
        self.answers = list(answers)
        self.calls: list[bool] = []

    def __call__(self, force: bool) -> tuple[str, int]:
        self.calls.append(force)
        return self.answers.pop(0)


def test_token_cached_for_expires_in_minus_margin() -> None:
    now = [1000.0]
    fetch = FakeFetch(("t1", 7200), ("t2", 345))
    provider = TokenProvider(fetch, MemoryTokenCache(), "k", clock=lambda: now[0])
    assert provider.get() == "t1"
    now[0] += 7200 - 61
    assert provider.get() == "t1"
    now[0] += 2
    assert provider.get() == "t2"  # 60 s margin passed
    now[0] += 345 - 61
    assert provider.get() == "t2"  # the platform's short expires_in is used, not 7200
    now[0] += 2
    with pytest.raises(IndexError):  # expired: it would fetch again
        provider.get()
    assert fetch.calls == [False, False, False]


def test_refresh_uses_normal_mode_and_forces_only_when_the_same_token_comes_back() -> None:
    fetch = FakeFetch(("t1", 7200), ("t2", 7200), ("t2", 7200), ("t3", 7200))
    provider = TokenProvider(fetch, MemoryTokenCache(), "k", clock=lambda: 0.0)
    assert provider.get() == "t1"
    assert provider.refresh("t1") == "t2"
    assert provider.refresh("t1") == "t2"  # someone already replaced t1: no fetch
    assert provider.refresh("t2") == "t3"  # normal mode gave t2 again -> one forced refresh
    assert fetch.calls == [False, False, False, True]


def test_token_value_not_in_repr() -> None:
    cache = MemoryTokenCache()
    provider = TokenProvider(FakeFetch(("SECRET-TOKEN", 7200)), cache, "k", clock=lambda: 0.0)
    provider.get()
    assert "SECRET-TOKEN" not in repr(cache.get("k"))
