"""The WeChat Shop adapter's exception family.

Every failure that leaves :mod:`shared.wechat` is a :class:`WeChatError`. It carries the platform's
``errcode`` (``None`` when the failure never reached the platform's JSON envelope: transport errors,
bare HTTP statuses, garbage bodies, bad pushed events), the ``errmsg`` text and the request id
(``rid``) parsed from the errmsg suffix `` rid: xxxxxxxx-xxxxxxxx-xxxxxxxx``.

Callers branch on the class (or on ``errcode``), never on ``errmsg`` text
(docs/platforms/wechat-shop.md#transport-and-envelope).
Messages never contain the AppSecret or an access token: the client builds them from the platform's
errmsg and the API path only.

Whether a failure is retried is read in one place, :func:`shared.wechat.retry_rules.classify`, from
the ``retryable`` class attribute (and ``request_sent`` for transport errors); the waiting itself is
the project's one retry loop (:mod:`shared.retry`).
"""

from __future__ import annotations

import re
from typing import ClassVar

_RID = re.compile(r"rid:\s*([0-9A-Za-z]+(?:-[0-9A-Za-z]+)+)")


def parse_rid(errmsg: str) -> str | None:
    """Return the request id at the end of a platform errmsg, or None."""
    match = _RID.search(errmsg)
    return match.group(1) if match else None


class WeChatError(Exception):
    """Root of every error raised by the WeChat Shop client.

    ``retryable`` says whether the client may try the same call again (shared/wechat/retry_rules.py).
    ``retry_after`` (seconds) is set from an HTTP ``Retry-After`` header when the platform sent one.
    """

    retryable: ClassVar[bool] = False

    def __init__(
        self,
        errcode: int | None,
        errmsg: str,
        rid: str | None = None,
        *,
        path: str | None = None,
        http_status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.errcode = errcode
        self.errmsg = errmsg
        self.rid = rid if rid is not None else parse_rid(errmsg)
        self.path = path
        self.http_status = http_status
        self.retry_after = retry_after
        where = f" ({path})" if path else ""
        code = f"[{errcode}] " if errcode is not None else ""
        super().__init__(f"{code}{errmsg}{where}")


# --- transport and protocol -----------------------------------------------------------------------


class TransportError(WeChatError):
    """The HTTP exchange failed (connection refused/reset, timeout, TLS ...). Wraps any httpx error.

    Retried by the policy when the request certainly never reached the server (``request_sent`` is
    False) or the call is idempotent; a write whose response was lost is NOT replayed blindly: the
    caller re-reads the order (design: "resolved by reading the order back").
    """

    retryable = True

    def __init__(self, errmsg: str, *, path: str | None = None, request_sent: bool = True) -> None:
        super().__init__(None, errmsg, None, path=path)
        self.request_sent = request_sent


class RequestTimeoutError(TransportError):
    """The call exceeded its timeout (every call has one)."""


class HttpStatusError(WeChatError):
    """A non-200 HTTP answer without a usable errcode envelope."""


class ServerError(HttpStatusError):
    """HTTP 5xx or 429 from the gateway: retried with backoff, honouring ``Retry-After``."""

    retryable = True


class IpNotAllowedError(WeChatError):
    """Caller IP not on the shop's allowlist: ``45035``/``61004`` JSON or a bare HTTP 403 (sources
    conflict, both handled). Not retried: an operator must fix the allowlist."""


class ProtocolError(WeChatError):
    """The answer was not what docs/platforms/wechat-shop.md documents (not JSON, wrong types, cursor
    loops). Not retried."""


# --- tokens ---------------------------------------------------------------------------------------


class TokenError(WeChatError):
    """Access-token problems."""


class TokenInvalidError(TokenError):
    """``40001`` invalid/superseded, ``40014`` malformed, ``42001`` expired. The client drops the cached
    token, fetches a new one and replays the call ONCE; if the replay fails the same way this error is
    raised to the caller."""


class TokenMissingError(TokenError):
    """``41001`` access_token missing: a bug on our side, never retried."""


class CredentialError(TokenError):
    """The token endpoint refused the credentials: ``40013`` bad AppID, ``40002`` bad grant_type,
    ``40125``/``40001`` bad AppSecret, ``41002`` appid missing. Never retried; the message never
    includes the secret."""


# --- quotas and load ------------------------------------------------------------------------------


class RateLimitedError(WeChatError):
    """A quota was hit."""


class MinuteQuotaError(RateLimitedError):
    """``45011``: per-minute quota. Retried after the next minute boundary (or ``Retry-After``) if that
    fits in the policy's delay cap, else raised."""

    retryable = True


class DailyQuotaError(RateLimitedError):
    """``45009``: daily quota exhausted. Never retried today; surfaced to the operator."""


class QuotaClearLimitError(RateLimitedError):
    """``48006``: the daily quota-clear budget (50/day) is used up."""


class BusyError(WeChatError):
    """``-1`` system busy: retried with exponential backoff and jitter (WxJava retries it too)."""

    retryable = True


class ConcurrentUpdateError(WeChatError):
    """``100003``: the order was being updated by another call; the update did not happen. Retried."""

    retryable = True


# --- permissions ----------------------------------------------------------------------------------


class ApiUnauthorizedError(WeChatError):
    """``48001`` no permission / not an operating shop, ``48004`` API banned, ``50001``/``50002`` user
    unauthorized/limited, ``10080000``/``10080001`` account deregistering/deregistered. Not retried."""


# --- requests we built wrongly --------------------------------------------------------------------


class InvalidRequestError(WeChatError):
    """``40097`` invalid args (errmsg names the field), ``47001`` bad JSON, ``44002`` empty body,
    ``43001``/``43002`` wrong method, ``40066`` unknown path, ``45002`` body too large, ``6060456``
    illegal characters, ``-2`` bad parameter. A bug on our side: never retried."""


# --- orders ---------------------------------------------------------------------------------------


class OrderNotFoundError(WeChatError):
    """``100002``: unknown order id, or the token belongs to another shop. Not retried."""


class OrderStateError(WeChatError):
    """The order's state forbids the operation. Not retried; the caller re-reads the order."""


class StatusNotAllowedError(OrderStateError):
    """``101100``: status does not allow it (unpaid, cancelled, completed; for a modify: not shipped
    yet)."""


class AlreadyShippedError(OrderStateError):
    """``109001``: the order is already fully shipped. ``ship`` re-reads the order first, so it sees
    this only in a race; the caller compares waybills before reporting."""


class AftersaleBlockError(OrderStateError):
    """``108009``: the order has an unfinished after-sale; shipping is blocked until it ends."""


class EwaybillExistsError(OrderStateError):
    """``109205``: the order has an online e-waybill; self-shipping is not allowed."""


class ThirdPartyLockedError(OrderStateError):
    """``606034``: a third-party provider / platform dropship must ship or modify this order."""


class NoReturnAddressError(OrderStateError):
    """``606003``: the shop has no default return address; an operator must set one."""


class ListRangeError(WeChatError):
    """Order-list problems."""


class TooManyOrdersError(ListRangeError):
    """``31042``: the time range holds too many orders; the caller must use a shorter window."""


class CursorMismatchError(ListRangeError):
    """``606006``: a parameter other than next_key changed between pages (a client bug)."""


# --- shipping items -------------------------------------------------------------------------------


class ShipItemsError(WeChatError):
    """The items of a shipment or modification are wrong. Not retried."""


class ItemQuantityError(ShipItemsError):
    """``109000``: item already shipped, refunded, not deliverable, or wrong quantity."""


class NoItemsError(ShipItemsError):
    """``109002``: product_infos missing."""


class SplitSkuError(ShipItemsError):
    """``606030``: all units of one SKU must go in one package."""


class ItemNotInOrderError(ShipItemsError):
    """``606031``: product_id/sku_id not in the order."""


class DeliverTypeError(ShipItemsError):
    """``606008``: deliver_type does not fit the order (physical vs virtual)."""


class ModifyItemsError(ShipItemsError):
    """``606042``: the modification's product info (or its ``old`` package) does not match."""


class InvalidCourierError(WeChatError):
    """``606004``: delivery_id is not a valid courier code. Not retried: fix the courier."""


class InvalidWaybillError(WeChatError):
    """``606005``: waybill_id rejected. Not retried: fix the tracking number."""


# --- modifications --------------------------------------------------------------------------------


class ModifyNotAllowedError(WeChatError):
    """The order's tracking info cannot be modified any more. Not retried."""


class SplitOrderModifyError(ModifyNotAllowedError):
    """``606040``: split-package order cannot be modified this way (old rules, or delivery_list form)."""


class EditBudgetExhaustedError(ModifyNotAllowedError):
    """``606041``: the modification limit is reached, whatever our local count said. Also raised
    locally (``errcode`` 606041, ``local`` True) when our own count already reached the assumed limit."""

    def __init__(
        self,
        errcode: int | None,
        errmsg: str,
        rid: str | None = None,
        *,
        path: str | None = None,
        http_status: int | None = None,
        retry_after: float | None = None,
        local: bool = False,
    ) -> None:
        super().__init__(errcode, errmsg, rid, path=path, http_status=http_status, retry_after=retry_after)
        self.local = local


# --- our own refusals -----------------------------------------------------------------------------


class ShipPlanError(WeChatError):
    """We refused to build or send a shipment/correction: nothing reached the platform. ``reason`` is a
    stable short code (``status``, ``aftersale``, ``split_sku``, ``not_in_order`` ...)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(None, message)
        self.reason = reason


# --- pushed events --------------------------------------------------------------------------------


class EventError(WeChatError):
    """A pushed event (or URL verification) could not be accepted. Answer 4xx, change nothing."""


class EventSignatureError(EventError):
    """``signature`` or ``msg_signature`` does not match."""


class EventDecryptError(EventError):
    """The ``Encrypt`` payload does not decrypt with any configured EncodingAESKey, or its framing is
    wrong."""


class EventFormatError(EventError):
    """The body or the decrypted event is not the documented JSON shape."""


class EventBodyTooLarge(EventFormatError):
    """The pushed body is larger than any event the platform sends; not parsed."""


_BY_CODE: dict[int, type[WeChatError]] = {
    -1: BusyError,
    -2: InvalidRequestError,
    40001: TokenInvalidError,
    40014: TokenInvalidError,
    42001: TokenInvalidError,
    41001: TokenMissingError,
    40002: CredentialError,
    40013: CredentialError,
    40125: CredentialError,
    41002: CredentialError,
    40003: InvalidRequestError,
    40066: InvalidRequestError,
    40097: InvalidRequestError,
    43001: InvalidRequestError,
    43002: InvalidRequestError,
    43003: InvalidRequestError,
    44002: InvalidRequestError,
    45002: InvalidRequestError,
    47001: InvalidRequestError,
    6060456: InvalidRequestError,
    45009: DailyQuotaError,
    45011: MinuteQuotaError,
    48006: QuotaClearLimitError,
    45035: IpNotAllowedError,
    61004: IpNotAllowedError,
    48001: ApiUnauthorizedError,
    48004: ApiUnauthorizedError,
    50001: ApiUnauthorizedError,
    50002: ApiUnauthorizedError,
    10080000: ApiUnauthorizedError,
    10080001: ApiUnauthorizedError,
    100002: OrderNotFoundError,
    100003: ConcurrentUpdateError,
    101100: StatusNotAllowedError,
    108009: AftersaleBlockError,
    109000: ItemQuantityError,
    109001: AlreadyShippedError,
    109002: NoItemsError,
    109205: EwaybillExistsError,
    606003: NoReturnAddressError,
    606004: InvalidCourierError,
    606005: InvalidWaybillError,
    606006: CursorMismatchError,
    606008: DeliverTypeError,
    606030: SplitSkuError,
    606031: ItemNotInOrderError,
    606034: ThirdPartyLockedError,
    606040: SplitOrderModifyError,
    606041: EditBudgetExhaustedError,
    606042: ModifyItemsError,
    31042: TooManyOrdersError,
}


def error_for(
    errcode: int,
    errmsg: str,
    *,
    path: str | None = None,
    http_status: int | None = None,
    retry_after: float | None = None,
    token_call: bool = False,
) -> WeChatError:
    """Build the error for a platform errcode. Unknown codes give a plain :class:`WeChatError`.

    On the token endpoint ``40001`` means "AppSecret wrong", not "token stale"
    (docs/platforms/wechat-shop.md#access-tokens), so ``token_call`` turns it into a :class:`CredentialError`
    (never refreshed, never retried).
    """
    cls = _BY_CODE.get(errcode, WeChatError)
    if token_call and errcode == 40001:
        cls = CredentialError
    return cls(errcode, errmsg, path=path, http_status=http_status, retry_after=retry_after)
