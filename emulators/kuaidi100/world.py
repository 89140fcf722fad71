"""The emulated Kuaidi100: accounts, parcels, locks, subscriptions and pushes, on the emulator clock.

An independent implementation of Kuaidi100 as docs/platforms/couriers-and-tracking.md describes it (it imports
nothing from ``shared``). Endpoint methods take already-parsed request fields and return
``(http_status, json_body)``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from emulators.kuaidi100.clock import EmulatorClock, beijing_text
from emulators.kuaidi100.journeys import JOURNEYS, STATUS_NAMES, Step, basic_state, is_final

# One query per number per ~30 min, else 锁单
# (docs/platforms/couriers-and-tracking.md#kuaidi100-real-time-query).
QUERY_INTERVAL = timedelta(minutes=30)
FIRST_CHECK = timedelta(minutes=15)  # first push 15 min–4 h after subscribing; we take the earliest
RECHECK = timedelta(hours=4)
# A failed push is retried up to 3 times ~30 min apart
# (docs/platforms/couriers-and-tracking.md#kuaidi100-push-callback).
PUSH_RETRY = timedelta(minutes=30)
PUSH_RETRIES = 3
NO_RECORD_ABORT = timedelta(days=3)
NO_CHANGE_ABORT = timedelta(days=60)
MONTHLY_SUBSCRIPTIONS = 4
PHONE_COMPANIES = {"shunfeng", "shunfengkuaiyun", "shunfenglengyun", "fengwang", "zhongtong"}
COMPANIES = {
    "shunfeng": "顺丰速运",
    "shunfengkuaiyun": "顺丰快运",
    "zhongtong": "中通快递",
    "yuantong": "圆通速递",
    "yunda": "韵达快递",
    "shentong": "申通快递",
    "jtexpress": "极兔速递",
    "jd": "京东物流",
    "ems": "EMS",
    "youzhengguonei": "邮政快递包裹",
    "debangkuaidi": "德邦快递",
    "huitongkuaidi": "百世快递",
    "fengwang": "丰网速运",
}

Sender = Callable[[str, bytes, float], tuple[int, bytes]]


def _md5_upper(text: str) -> str:
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest().upper()


def _fail(code: str, message: str) -> tuple[int, dict[str, Any]]:
    return 200, {"result": False, "returnCode": code, "message": message}


def http_sender(url: str, body: bytes, timeout: float) -> tuple[int, bytes]:
    """POST a form body; (status, body). Network failures read as status 0."""
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status), bytes(response.read())
    except urllib.error.HTTPError as exc:
        return int(exc.code), bytes(exc.read() or b"")
    except (OSError, ValueError):
        return 0, b""


@dataclass
class Parcel:
    number: str
    com: str
    journey: str
    start: datetime
    phone: str = ""

    def visible(self, now: datetime) -> list[tuple[datetime, Step]]:
        """Scans that happened by ``now``, oldest first."""
        steps = [(self.start + timedelta(hours=s.hours), s) for s in JOURNEYS[self.journey]]
        return [(at, s) for at, s in steps if at <= now]


@dataclass
class Subscription:
    number: str
    com: str
    callback: str
    salt: str | None
    resultv2: str
    created: datetime
    next_due: datetime
    active: bool = True
    pushed_events: int = -1  # events in the last successful (or given-up) push; -1 = none yet
    com_old: str = ""  # set once Kuaidi100 corrected the courier (autoCheck)
    retry_body: bytes | None = None
    retries_left: int = 0
    retry_events: int = 0
    retry_final: bool = False


@dataclass
class Fault:
    path: str
    status: int = 200
    retry_after: str | None = None
    return_code: str | None = None
    huge_bytes: int = 0  # answer 200 with valid JSON padded to this many bytes
    drip_ms: int = 0  # answer 200, 16 bytes at a time, one piece every drip_ms


@dataclass
class World:
    customer: str
    key: str
    clock: EmulatorClock
    sender: Sender = http_sender
    push_timeout: float = 5.0
    key_expired: bool = False
    parcels: dict[tuple[str, str], Parcel] = field(default_factory=dict)
    subscriptions: list[Subscription] = field(default_factory=list)
    sub_counts: dict[tuple[str, str, str], int] = field(default_factory=dict)
    last_query: dict[str, datetime] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)
    log: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.RLock = field(default_factory=threading.RLock)
    advance_lock: threading.Lock = field(default_factory=threading.Lock)

    # -- bookkeeping ---------------------------------------------------------------------------

    def record(self, kind: str, **fields_: Any) -> None:
        self.log.append({"at": self.clock.now.isoformat(), "kind": kind, **fields_})

    def take_fault(self, path: str) -> Fault | None:
        with self.lock:
            for i, fault in enumerate(self.faults):
                if fault.path == path:
                    return self.faults.pop(i)
        return None

    def add_parcel(
        self, number: str, com: str, journey: str, phone: str = "", start: datetime | None = None
    ) -> None:
        if journey not in JOURNEYS:
            raise ValueError(f"unknown journey {journey!r}; known: {sorted(JOURNEYS)}")
        if com not in COMPANIES:
            raise ValueError(f"unknown company {com!r}")
        with self.lock:
            self.parcels[(number, com)] = Parcel(number, com, journey, start or self.clock.now, phone)

    def _parcel_elsewhere(self, number: str, com: str) -> Parcel | None:
        return next((p for (n, c), p in self.parcels.items() if n == number and c != com), None)

    def _data(self, parcel: Parcel, resultv2: str) -> tuple[str, list[dict[str, Any]]]:
        seen = parcel.visible(self.clock.now)
        rows: list[dict[str, Any]] = []
        for at, step in reversed(seen):  # newest first, the default `order`
            row: dict[str, Any] = {
                "time": beijing_text(at),
                "ftime": beijing_text(at),
                "context": step.context,
                "location": step.location,
            }
            if resultv2:
                row["status"] = STATUS_NAMES.get(step.code, ("", ""))[1]
                row["statusCode"] = step.code
                row["areaName"] = step.location
            rows.append(row)
        newest = seen[-1][1].code if seen else ""
        state = newest if resultv2 in ("4", "8") else basic_state(newest)
        return state, rows

    def _result(self, parcel: Parcel, com: str, resultv2: str) -> dict[str, Any]:
        state, rows = self._data(parcel, resultv2)
        return {
            "message": "ok",
            "nu": parcel.number,
            "ischeck": "1" if basic_state(state) == "3" else "0",
            "condition": "F00",
            "com": com,
            "status": "200",
            "state": state,
            "data": rows,
        }

    # -- real-time query (docs/platforms/couriers-and-tracking.md#kuaidi100-real-time-query)

    def query(self, customer: str, sign: str, param: str) -> tuple[int, dict[str, Any]]:
        with self.lock:
            status, body = self._query(customer, sign, param)
            self.record("query", param=param, returnCode=body.get("returnCode", "200"), http=status)
            return status, body

    def _query(self, customer: str, sign: str, param: str) -> tuple[int, dict[str, Any]]:
        if not (customer and sign and param):
            return _fail("400", "数据不完整")
        if customer != self.customer or not hmac.compare_digest(
            sign.upper().encode(), _md5_upper(param + self.key + self.customer).encode()
        ):
            return _fail("503", "验证签名失败")
        if self.key_expired:
            return _fail("601", "POLL:KEY已过期")
        try:
            obj = json.loads(param)
        except ValueError:
            return _fail("400", "数据不完整")
        if not isinstance(obj, dict):
            return _fail("400", "数据不完整")
        com = str(obj.get("com", "")).strip()
        num = str(obj.get("num", "")).strip()
        if not com or not 6 <= len(num) <= 32:
            return _fail("400", "数据不完整")
        if com not in COMPANIES:
            return _fail("400", "找不到对应公司")
        now = self.clock.now
        last = self.last_query.get(num)
        self.last_query[num] = now  # every attempt counts: querying during a lock extends it
        if last is not None and now - last < QUERY_INTERVAL:
            return _fail("500", "查询过于频繁，单号已锁定，请30分钟后再查")
        parcel = self.parcels.get((num, com))
        if parcel is None:
            if self._parcel_elsewhere(num, com) is not None:
                return _fail("400", "找不到对应公司")  # wrong company for this number
            return _fail("500", "查询无结果，请隔段时间再查")
        if com in PHONE_COMPANIES and parcel.phone:
            given = "".join(ch for ch in str(obj.get("phone", "")) if ch.isdigit())
            if len(given) < 4 or given[-4:] != parcel.phone[-4:]:
                return _fail("408", "快递公司参数异常：验证码错误")
        if not parcel.visible(now):
            return _fail("500", "查询无结果，请隔段时间再查")
        return 200, self._result(parcel, com, str(obj.get("resultv2", "")))

    # -- number recognition (docs/platforms/couriers-and-tracking.md#kuaidi100-number-recognition)

    def autonumber(self, num: str, key: str) -> tuple[int, Any]:
        with self.lock:
            status, body = self._autonumber(num, key)
            code = body.get("returnCode", "200") if isinstance(body, dict) else "200"
            self.record("autonumber", num=num, returnCode=code, http=status)
            return status, body

    def _autonumber(self, num: str, key: str) -> tuple[int, Any]:
        if not key:
            return _fail("701", "key不能为空")
        if key != self.key or self.key_expired:
            return _fail("601", "key已过期或未开通")
        if not (6 <= len(num) <= 32 and num.isascii() and num.isalnum()):
            return _fail("201", "单号不正确")
        found = [c for (n, c) in self.parcels if n == num]
        for guess in _guess(num.upper()):
            if guess not in found:
                found.append(guess)
        return 200, [_candidate(c, num) for c in found]

    # -- subscription (docs/platforms/couriers-and-tracking.md#kuaidi100-subscription)

    def subscribe(self, schema: str, param: str) -> tuple[int, dict[str, Any]]:
        with self.lock:
            status, body = self._subscribe(schema, param)
            self.record("subscribe", param=_without_key(param), returnCode=body["returnCode"], http=status)
            return status, body

    def _subscribe(self, schema: str, param: str) -> tuple[int, dict[str, Any]]:
        try:
            obj = json.loads(param)
        except ValueError:
            return _fail("700", "订阅参数错误")
        if schema != "json" or not isinstance(obj, dict):
            return _fail("700", "订阅参数错误")
        if obj.get("key") != self.key:
            return _fail("600", "您不是合法的订阅者（即授权Key出错）")
        if self.key_expired:
            return _fail("601", "POLL:KEY已过期")
        params = obj.get("parameters")
        params = params if isinstance(params, dict) else {}
        number = str(obj.get("number", "")).strip()
        com = str(obj.get("company", "")).strip()
        callback = str(params.get("callbackurl", "")).strip()
        if params.get("autoCom") == "1" and not com:
            guesses = [c for (n, c) in self.parcels if n == number] or _guess(number.upper())
            if not guesses:
                return _fail("702", "POLL:识别不到该单号对应的快递公司")
            com = guesses[0]
        if (
            not (6 <= len(number) <= 32)
            or com not in COMPANIES
            or not callback.startswith(("http://", "https://"))
        ):
            return _fail("700", "订阅参数错误")
        if any(s.active and s.number == number and s.com == com for s in self.subscriptions):
            return _fail("501", "POLL:重复订阅")
        month = (number, com, self.clock.now.strftime("%Y-%m"))
        if self.sub_counts.get(month, 0) >= MONTHLY_SUBSCRIPTIONS:
            return _fail("501", "POLL:重复订阅")
        self.sub_counts[month] = self.sub_counts.get(month, 0) + 1
        salt = params.get("salt")
        self.subscriptions.append(
            Subscription(
                number=number,
                com=com,
                callback=callback,
                salt=salt if isinstance(salt, str) else None,
                resultv2=str(params.get("resultv2", "")),
                created=self.clock.now,
                next_due=self.clock.now + FIRST_CHECK,
            )
        )
        return 200, {"result": True, "returnCode": "200", "message": "提交成功"}

    # -- the clock and pushes (docs/platforms/couriers-and-tracking.md#kuaidi100-push-callback)

    def advance_to(self, target: datetime) -> int:
        """Move the clock to ``target``, running every check and push due on the way. Returns pushes sent."""
        sent = 0
        with self.advance_lock:
            while True:
                with self.lock:
                    due = [s for s in self.subscriptions if s.active and s.next_due <= target]
                    if not due:
                        self.clock.set(max(target, self.clock.now))
                        return sent
                    sub = min(due, key=lambda s: s.next_due)
                    self.clock.set(max(sub.next_due, self.clock.now))
                    outgoing = self._check(sub)
                if outgoing is None:
                    continue
                body, events, final = outgoing
                status, reply = self.sender(sub.callback, body, self.push_timeout)  # lock released
                sent += 1
                with self.lock:
                    self._after_push(sub, body, events, final, status, reply)

    def _check(self, sub: Subscription) -> tuple[bytes, int, bool] | None:
        """The push due for ``sub`` now (body, events in it, final?), or None; schedules the next check."""
        now = self.clock.now
        if sub.retry_body is not None:
            return sub.retry_body, sub.retry_events, sub.retry_final
        sub.next_due = now + RECHECK
        parcel = self.parcels.get((sub.number, sub.com))
        seen = parcel.visible(now) if parcel else []
        if not seen:
            if now - sub.created < NO_RECORD_ABORT:
                return None
            other = self._parcel_elsewhere(sub.number, sub.com)
            param: dict[str, Any] = {
                "status": "abort",
                "billstatus": "",
                "message": "3天查询无记录",
                "autoCheck": "1" if other else "0",
                "comOld": sub.com if other else "",
                "comNew": other.com if other else "",
                "lastResult": {"message": "", "nu": sub.number, "com": sub.com, "status": "200", "state": "",
                               "ischeck": "0", "data": []},
            }  # fmt: skip
            if other is not None:
                # Kuaidi100 already re-subscribed under the corrected code: keep tracking it
                # (docs/platforms/couriers-and-tracking.md#kuaidi100-push-callback).
                sub.com_old, sub.com = sub.com, other.com
                sub.created = now
            else:
                sub.active = False
            return self._sign(sub, param), 0, other is None
        if parcel is None:  # pragma: no cover - seen is empty without a parcel
            return None
        if len(seen) == sub.pushed_events:
            if now - seen[-1][0] >= NO_CHANGE_ABORT:
                sub.active = False
                param = {
                    "status": "abort",
                    "message": "60天无变化",
                    "lastResult": self._result(parcel, sub.com, sub.resultv2),
                }
                return self._sign(sub, param), len(seen), True
            return None
        final = is_final(seen[-1][1].code)
        param = {
            "status": "shutdown" if final else "polling",
            "billstatus": "check" if final else "got",
            "message": "",
            "autoCheck": "1" if sub.com_old else "0",
            "comOld": sub.com_old,
            "comNew": sub.com if sub.com_old else "",
            "lastResult": self._result(parcel, sub.com, sub.resultv2),
        }
        return self._sign(sub, param), len(seen), final

    def _sign(self, sub: Subscription, param: dict[str, Any]) -> bytes:
        text = json.dumps(param, ensure_ascii=False)
        # With an empty salt a sign is still sent
        # (docs/platforms/couriers-and-tracking.md#kuaidi100-push-callback).
        sign = _md5_upper(text + (sub.salt or ""))
        return urllib.parse.urlencode({"param": text, "sign": sign}).encode("ascii")

    def _after_push(
        self, sub: Subscription, body: bytes, events: int, final: bool, status: int, reply: bytes
    ) -> None:
        ok = status == 200 and _acknowledged(reply)
        param = urllib.parse.parse_qs(body.decode("ascii"))["param"][0]
        self.record(
            "push",
            number=sub.number,
            com=sub.com,
            callback=sub.callback,
            http=status,
            acknowledged=ok,
            param=param,
        )
        if not ok:
            if sub.retry_body is None:  # first failure of this content: up to PUSH_RETRIES more sends
                sub.retry_body, sub.retry_events, sub.retry_final = body, events, final
                sub.retries_left = PUSH_RETRIES
                sub.active = True  # a failed final push is still retried
            if sub.retries_left > 0:
                sub.retries_left -= 1
                sub.next_due = self.clock.now + PUSH_RETRY
                return
        # Delivered, or retries used up: this content is done either way.
        sub.pushed_events = events
        sub.retry_body = None
        sub.next_due = self.clock.now + RECHECK
        if final:
            sub.active = False


def _acknowledged(reply: bytes) -> bool:
    try:
        obj = json.loads(reply.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return False
    return isinstance(obj, dict) and obj.get("result") is True and str(obj.get("returnCode")) == "200"


def _without_key(param: str) -> str:
    """The subscribe param as logged: the key is a secret, even in an emulator's log."""
    try:
        obj = json.loads(param)
    except ValueError:
        return "<unreadable>"
    if isinstance(obj, dict) and "key" in obj:
        obj["key"] = "***"
    return json.dumps(obj, ensure_ascii=False)


def _candidate(com: str, num: str) -> dict[str, Any]:
    # Shape of the official SDK's bean: lengthPre is a number, noPre and noCount are strings.
    return {"comCode": com, "name": COMPANIES[com], "lengthPre": len(num), "noPre": num[:4], "noCount": "1"}


def _guess(num: str) -> list[str]:
    """A crude format guess, enough for the emulator's unregistered numbers."""
    if num.startswith("SF"):
        return ["shunfeng"]
    if num.startswith("YT"):
        return ["yuantong"]
    if num.startswith("JT"):
        return ["jtexpress"]
    if num.startswith("JD"):
        return ["jd"]
    if num.isdigit() and len(num) == 14 and num[:2] in ("73", "75", "76", "78"):
        return ["zhongtong"]
    if num.isdigit() and len(num) == 15 and num.startswith("77"):
        return ["shentong"]
    if num.isdigit() and len(num) == 15 and num[0] in "34":
        return ["yunda"]
    return []
