"""Kuaidi100 (快递100) client: real-time query, number recognition and subscription
(docs/platforms/couriers-and-tracking.md).

Requests are form-encoded (JSON bodies get "数据不完整"). The base URLs are settings, so the
emulator (emulators/kuaidi100) is reached the same way as the real service. Credentials never appear
in reprs, logs or exception texts; transport errors are reported by class name only, because httpx
messages can contain the autonumber URL, which carries the key.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import httpx

from shared import retry
from shared.bounded_http import (
    DEFAULT_DEADLINE_SECONDS,
    DEFAULT_MAX_BYTES,
    AnswerTooLarge,
    AnswerTooSlow,
    read_bounded,
)
from shared.couriers import Courier
from shared.logistics import TrackingSnapshot, read_query_reply
from shared.logistics.kuaidi100_autonumber import read_autonumber
from shared.logistics.planner import DEFAULT_MIN_INTERVAL, next_query_at
from shared.logistics.rules import courier_for_kuaidi100
from shared.retry import RetryPolicy, parse_retry_after
from shared.tracking.errors import (
    CredentialsRejected,
    NoResultYet,
    NumberLocked,
    PhoneRequired,
    PhoneVerificationFailed,
    ProviderUnavailable,
    QueryTooSoon,
    ReplyOutOfBounds,
    SignatureRejected,
    SubscriptionDuplicate,
    SubscriptionRefused,
    TrackingBadRequest,
    TrackingError,
)
from shared.tracking.provider import RecognisedCourier, TrackingProvider
from shared.tracking.retry_rules import DEFAULT_RETRY, classify
from shared.tracking.signing import query_sign

T = TypeVar("T")

#: Couriers whose query needs phone digits: SF, SF Freight, Fengwang and, per the current doc, ZTO
#: (docs/platforms/couriers-and-tracking.md#kuaidi100-real-time-query).
PHONE_REQUIRED = frozenset({"shunfeng", "shunfengkuaiyun", "shunfenglengyun", "fengwang", "zhongtong"})

# returnCode -> error class, per endpoint: the same number means different things
# (docs/platforms/couriers-and-tracking.md).
_QUERY_ERRORS: dict[str, type[TrackingError]] = {
    "400": TrackingBadRequest,
    "408": PhoneVerificationFailed,
    "500": NoResultYet,
    "501": ProviderUnavailable,
    "502": ProviderUnavailable,
    "503": SignatureRejected,
    "601": CredentialsRejected,
}
_SUBSCRIBE_ERRORS: dict[str, type[TrackingError]] = {
    "500": ProviderUnavailable,
    "501": SubscriptionDuplicate,
    "600": CredentialsRejected,
    "601": CredentialsRejected,
    "700": TrackingBadRequest,
    "701": SubscriptionRefused,
    "702": SubscriptionRefused,
}
_AUTONUMBER_ERRORS: dict[str, type[TrackingError]] = {
    "201": TrackingBadRequest,
    "601": CredentialsRejected,
    "701": CredentialsRejected,
}


@dataclass(frozen=True)
class Kuaidi100Config:
    """Account and endpoints. ``customer`` and ``key`` are secrets: excluded from repr."""

    customer: str = field(repr=False)
    key: str = field(repr=False)
    base_url: str = "https://poll.kuaidi100.com"
    autonumber_url: str = "https://www.kuaidi100.com/autonumber/auto"
    timeout_s: float = 10.0
    # Advanced sub-states per event (docs/platforms/couriers-and-tracking.md#kuaidi100-real-time-query); the
    # state map handles both levels.
    resultv2: str = "4"
    max_reply_bytes: int = DEFAULT_MAX_BYTES  # a query reply is a few KB; a bigger one is refused
    deadline_s: float = DEFAULT_DEADLINE_SECONDS  # per request, however slowly the reply drips


def phone_digits(phone: str | None) -> str:
    """The 4 digits Kuaidi100 needs: the last 4 of the phone, or the 4 after ``-`` of a platform
    virtual number (138****5678-1234 -> 1234). SF checks only the last 4
    (docs/platforms/couriers-and-tracking.md#kuaidi100-real-time-query); empty if unusable."""
    if not phone:
        return ""
    tail = phone.rsplit("-", 1)[1] if "-" in phone else phone
    digits = "".join(ch for ch in tail if "0" <= ch <= "9")
    return digits[-4:] if len(digits) >= 4 else ""


class Kuaidi100Client:
    """Implements ``TrackingProvider`` for Kuaidi100.

    ``clock`` (UTC) drives the per-number guard: a number queried by this client less than
    ``min_query_interval`` ago is refused locally with ``QueryTooSoon`` (the provider would lock it).
    The sync tick's planner is the real guard across processes; this one catches bugs.
    """

    name = "kuaidi100"

    def __init__(
        self,
        config: Kuaidi100Config,
        *,
        http: httpx.Client | None = None,
        retry: RetryPolicy = DEFAULT_RETRY,
        sleep: Callable[[float], None] = time.sleep,
        rand: Callable[[], float] = random.random,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        min_query_interval: timedelta = DEFAULT_MIN_INTERVAL,
    ) -> None:
        self._config = config
        self._http = http or httpx.Client(timeout=config.timeout_s)
        self._retry = retry
        self._sleep = sleep
        self._rand = rand
        self._clock = clock
        self._min_interval = min_query_interval
        self._last_query: dict[str, datetime] = {}  # per number: the provider locks numbers, not pairs
        self.calls = 0  # HTTP requests sent (retries included): the provider-call budget counts these

    def __repr__(self) -> str:
        return f"Kuaidi100Client(base_url={self._config.base_url!r})"

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Kuaidi100Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- query -------------------------------------------------------------------------------

    def query(self, number: str, courier: Courier | str, *, phone: str | None = None) -> TrackingSnapshot:
        """The real-time state of ``number`` (our Courier, or a Kuaidi100 ``com`` code).

        Raises PhoneRequired (not sent) when the courier needs phone digits and none are usable,
        QueryTooSoon (not sent) inside the interval, and the query errors of the family otherwise.
        """
        com = _company(courier)
        digits = phone_digits(phone)
        if com in PHONE_REQUIRED and not digits:
            raise PhoneRequired(f"{com} needs the last 4 digits of the recipient's phone", return_code="")
        now = self._clock()
        allowed = next_query_at(self._last_query.get(number), self._min_interval)
        if allowed is not None and now < allowed:
            raise QueryTooSoon(
                f"{number} was queried less than {self._min_interval} ago", next_allowed_at=allowed
            )
        payload: dict[str, Any] = {"com": com, "num": number, "resultv2": self._config.resultv2}
        if digits:
            payload["phone"] = digits
        param = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        form = {
            "customer": self._config.customer,
            "sign": query_sign(param, self._config.key, self._config.customer),
            "param": param,
        }

        def send() -> TrackingSnapshot:
            self._last_query[number] = self._clock()
            body = self._post_form(self._config.base_url.rstrip("/") + "/poll/query.do", form)
            reply = read_query_reply(body, number=number, company=com)
            if reply.ok and reply.snapshot is not None:
                return reply.snapshot
            if not reply.return_code:
                raise ProviderUnavailable("unreadable query reply")
            error = _QUERY_ERRORS.get(reply.return_code, TrackingError)
            if error is NoResultYet and "锁" in reply.message:
                error = NumberLocked
            raise error(reply.message or "query failed", return_code=reply.return_code)

        return self._with_retry(send)

    # -- recognition ---------------------------------------------------------------------------

    def recognise(self, number: str) -> tuple[RecognisedCourier, ...]:
        """Kuaidi100's candidate couriers for ``number``, best first
        (docs/platforms/couriers-and-tracking.md#kuaidi100-number-recognition)."""
        params = {"num": number, "key": self._config.key}

        def send() -> tuple[RecognisedCourier, ...]:
            body = self._request("GET", self._config.autonumber_url, params=params)
            data = _json(body)
            if isinstance(data, dict):
                code = str(data.get("returnCode", "")).strip()
                message = str(data.get("message", "")) or "recognition failed"
                raise _AUTONUMBER_ERRORS.get(code, ProviderUnavailable)(message, return_code=code)
            candidates = read_autonumber(data)
            if candidates is None:
                raise ProviderUnavailable("unreadable recognition reply")
            found: list[RecognisedCourier] = []
            for candidate in candidates:
                ours = courier_for_kuaidi100(candidate.com)
                found.append(RecognisedCourier(candidate.com, ours.code if ours else None, candidate.name))
            return tuple(found)

        return self._with_retry(send)

    # -- subscription --------------------------------------------------------------------------

    def subscribe(
        self,
        number: str,
        courier: Courier | str,
        *,
        callback_url: str,
        salt: str,
        phone: str | None = None,
    ) -> None:
        """Subscribe ``number`` for pushes to ``callback_url``; pushes are signed with ``salt``
        (docs/platforms/couriers-and-tracking.md#kuaidi100-subscription)."""
        com = _company(courier)
        parameters: dict[str, Any] = {
            "callbackurl": callback_url,
            "salt": salt,
            "resultv2": self._config.resultv2,
        }
        digits = phone_digits(phone)
        if digits:
            parameters["phone"] = digits
        param = json.dumps(
            {"company": com, "number": number, "key": self._config.key, "parameters": parameters},
            ensure_ascii=False,
            separators=(",", ":"),
        )

        def send() -> None:
            body = self._post_form(
                self._config.base_url.rstrip("/") + "/poll", {"schema": "json", "param": param}
            )
            data = _json(body)
            if not isinstance(data, dict):
                raise ProviderUnavailable("unreadable subscribe reply")
            code = str(data.get("returnCode", "")).strip()
            if data.get("result") is True and code in ("200", ""):
                return
            message = str(data.get("message", "")) or "subscribe failed"
            raise _SUBSCRIBE_ERRORS.get(code, TrackingError)(message, return_code=code)

        self._with_retry(send)

    # -- transport -----------------------------------------------------------------------------

    def _with_retry(self, send: Callable[[], T]) -> T:
        return retry.call(send, classify, self._retry, sleep=self._sleep, rand=self._rand)

    def _post_form(self, url: str, form: dict[str, str]) -> bytes:
        return self._request("POST", url, data=form)

    def _request(self, method: str, url: str, **kwargs: Any) -> bytes:
        self.calls += 1
        try:
            response = read_bounded(
                self._http,
                method,
                url,
                max_bytes=self._config.max_reply_bytes,
                deadline_seconds=self._config.deadline_s,
                **kwargs,
            )
        except AnswerTooLarge:
            raise ReplyOutOfBounds(
                f"reply larger than {self._config.max_reply_bytes} bytes; none of it used"
            ) from None
        except AnswerTooSlow:
            raise ReplyOutOfBounds(
                f"reply not complete within {self._config.deadline_s:g} s; none of it used"
            ) from None
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            # Class name only: the message may carry the URL, and the autonumber URL carries the key.
            raise ProviderUnavailable(f"transport error ({type(exc).__name__})") from None
        if response.status_code == 429 or response.status_code >= 500:
            raise ProviderUnavailable(
                f"HTTP {response.status_code}",
                retry_after=parse_retry_after(response.headers.get("retry-after"), self._clock().timestamp()),
            )
        if response.status_code >= 400:
            raise TrackingBadRequest(f"HTTP {response.status_code}")
        return response.content


def _company(courier: Courier | str) -> str:
    if isinstance(courier, str):
        return courier.strip().lower()
    if not courier.kuaidi100_code:
        raise TrackingBadRequest(f"{courier.code} has no Kuaidi100 code")
    return courier.kuaidi100_code


def _json(body: bytes) -> object:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None


def _conforms(client: Kuaidi100Client) -> TrackingProvider:
    """Type-checked proof that the client implements the provider Protocol (mypy --strict)."""
    return client
