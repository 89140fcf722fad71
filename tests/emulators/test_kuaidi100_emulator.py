"""The Kuaidi100 emulator on its own: raw HTTP, signatures computed here, nothing from shared/."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

from emulators.control import Kuaidi100Control
from emulators.kuaidi100 import DEFAULT_CUSTOMER, DEFAULT_KEY, Kuaidi100Emulator

NUM = "78123456789012"


def md5u(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest().upper()


class Emu:
    def __init__(self, base: str) -> None:
        self.http = httpx.Client(base_url=base, timeout=30)
        self.control = Kuaidi100Control(base, self.http)

    def query(
        self, num: str = NUM, com: str = "zhongtong", phone: str = "5678", **extra: Any
    ) -> dict[str, Any]:
        param = json.dumps({"com": com, "num": num, "phone": phone, "resultv2": "4", **extra})
        form = {
            "customer": DEFAULT_CUSTOMER,
            "param": param,
            "sign": md5u(param + DEFAULT_KEY + DEFAULT_CUSTOMER),
        }
        body: dict[str, Any] = self.http.post("/poll/query.do", data=form).json()
        return body

    def subscribe(
        self, callback: str, num: str = NUM, com: str = "zhongtong", salt: str = "s"
    ) -> dict[str, Any]:
        parameters = {"callbackurl": callback, "salt": salt, "resultv2": "4"}
        param = json.dumps({"company": com, "number": num, "key": DEFAULT_KEY, "parameters": parameters})
        body: dict[str, Any] = self.http.post("/poll", data={"schema": "json", "param": param}).json()
        return body


@pytest.fixture
def emu(kuaidi100_emulator: Kuaidi100Emulator) -> Emu:
    return Emu(kuaidi100_emulator.base_url)


class Receiver:
    """A callback that answers with ``reply_ok`` and records (param, sign)."""

    def __init__(self) -> None:
        self.got: list[tuple[str, str]] = []
        self.reply_ok = True
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                fields = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
                outer.got.append((fields["param"][0], fields["sign"][0]))
                body = json.dumps(
                    {"result": outer.reply_ok, "returnCode": "200" if outer.reply_ok else "500"}
                )
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body.encode())

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/cb"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.server.shutdown()
    r.server.server_close()


@pytest.mark.parametrize(
    ("journey", "hours", "state"),
    [
        ("normal", 40, "301"),
        ("no_pickup", 40, "102"),
        ("stalled", 400, "1002"),
        ("returned", 90, "4"),
        ("rejected", 40, "14"),
    ],
)
def test_journeys_end_where_scripted(emu: Emu, journey: str, hours: float, state: str) -> None:
    parcel = {"number": NUM, "com": "zhongtong", "journey": journey}
    assert emu.http.post("/_emulator/parcels", json=parcel).status_code == 201
    emu.control.advance(hours=hours)
    body = emu.query()
    assert body["status"] == "200" and body["state"] == state
    times = [e["ftime"] for e in body["data"]]
    assert times == sorted(times, reverse=True)  # newest first


def test_basic_state_without_resultv2(emu: Emu) -> None:
    emu.control.add_parcel(NUM, "zhongtong", "rejected")
    emu.control.advance(hours=40)
    body = emu.query(resultv2="")
    assert body["state"] == "4" and "statusCode" not in body["data"][0]


def test_errors(emu: Emu) -> None:
    emu.control.add_parcel(NUM, "shunfeng", "normal", phone="13912341234")
    assert emu.http.post("/poll/query.do", json={"param": "{}"}).json()["returnCode"] == "400"
    assert emu.query(com="shunfeng", phone="1234")["returnCode"] == "500"  # nothing scanned yet
    emu.control.advance(hours=3)
    assert emu.query(com="shunfeng", phone="0000")["returnCode"] == "408"
    assert "锁" in emu.query(com="shunfeng", phone="1234")["message"]  # 2nd query within 30 min
    emu.control.advance(minutes=31)
    assert emu.query(com="shunfeng", phone="1234")["status"] == "200"
    assert emu.query(com="nosuch")["returnCode"] == "400"
    param = json.dumps({"com": "shunfeng", "num": NUM})
    bad = {"customer": DEFAULT_CUSTOMER, "param": param, "sign": md5u(param + "wrong" + DEFAULT_CUSTOMER)}
    assert emu.http.post("/poll/query.do", data=bad).json()["returnCode"] == "503"


def test_lock_is_extended_by_attempts(emu: Emu) -> None:
    emu.control.add_parcel(NUM, "zhongtong", "normal")
    emu.control.advance(hours=3)
    assert emu.query()["status"] == "200"
    emu.control.advance(minutes=20)
    assert "锁" in emu.query()["message"]
    emu.control.advance(minutes=20)  # 40 min after the first, but 20 after the last attempt
    assert emu.query()["returnCode"] == "500"
    emu.control.advance(minutes=30)
    assert emu.query()["status"] == "200"


def test_pushes_are_signed_and_follow_the_clock(emu: Emu, receiver: Receiver) -> None:
    emu.control.add_parcel(NUM, "zhongtong", "normal")
    assert emu.subscribe(receiver.url, salt="pepper")["returnCode"] == "200"
    assert emu.control.advance(hours=1) == 0
    assert emu.control.advance(hours=40) >= 2
    for param, sign in receiver.got:
        assert sign == md5u(param + "pepper")
    assert json.loads(receiver.got[-1][0])["status"] == "shutdown"


def test_failed_push_is_retried_three_times_then_dropped(emu: Emu, receiver: Receiver) -> None:
    receiver.reply_ok = False
    emu.control.add_parcel(NUM, "zhongtong", "stalled")
    emu.subscribe(receiver.url)
    emu.control.advance(hours=4, minutes=15)
    assert len(receiver.got) == 1
    emu.control.advance(minutes=95)
    assert len(receiver.got) == 4  # first push + 3 retries at 30 min
    emu.control.advance(hours=1)
    assert len(receiver.got) == 4  # given up on that content
    emu.control.advance(hours=48)
    assert len(receiver.got) == 8  # the 8 h scan is new content: pushed (and retried) again
    assert len({p for p, _ in receiver.got[4:]}) == 1


def test_retry_stops_once_acknowledged(emu: Emu, receiver: Receiver) -> None:
    receiver.reply_ok = False
    emu.control.add_parcel(NUM, "zhongtong", "stalled")
    emu.subscribe(receiver.url)
    emu.control.advance(hours=4, minutes=15)
    receiver.reply_ok = True
    emu.control.advance(hours=3)
    assert len(receiver.got) == 2


def test_subscription_limits(emu: Emu, receiver: Receiver) -> None:
    assert emu.subscribe(receiver.url)["returnCode"] == "200"
    assert emu.subscribe(receiver.url)["returnCode"] == "501"  # still polling
    assert emu.subscribe("not a url")["returnCode"] == "700"
    param = json.dumps(
        {"company": "zhongtong", "number": NUM, "key": "x", "parameters": {"callbackurl": receiver.url}}
    )
    assert emu.http.post("/poll", data={"schema": "json", "param": param}).json()["returnCode"] == "600"
    log = emu.control.log("subscribe")
    assert log and all(DEFAULT_KEY not in e["param"] for e in log)


def test_monthly_limit_of_four(emu: Emu, receiver: Receiver) -> None:
    emu.control.set_clock(datetime(2026, 12, 1, tzinfo=UTC))
    for _ in range(4):
        assert emu.subscribe(receiver.url, num="75000000000009")["returnCode"] == "200"
        emu.control.advance(hours=80)  # no record: aborted after 3 days, so it may be subscribed again
    assert emu.subscribe(receiver.url, num="75000000000009")["returnCode"] == "501"


def test_autonumber(emu: Emu) -> None:
    emu.control.add_parcel(NUM, "yuantong", "normal")
    got = emu.http.get("/autonumber/auto", params={"num": NUM, "key": DEFAULT_KEY}).json()
    assert [c["comCode"] for c in got] == ["yuantong", "zhongtong"]
    assert emu.http.get("/autonumber/auto", params={"num": NUM}).json()["returnCode"] == "701"
    assert (
        emu.http.get("/autonumber/auto", params={"num": "1", "key": DEFAULT_KEY}).json()["returnCode"]
        == "201"
    )


def test_autonumber_by_post_as_the_official_demo_calls_it(emu: Emu) -> None:
    emu.control.add_parcel(NUM, "yuantong", "normal")
    by_get = emu.http.get("/autonumber/auto", params={"num": NUM, "key": DEFAULT_KEY}).json()
    by_form = emu.http.post("/autonumber/auto", data={"num": NUM, "key": DEFAULT_KEY}).json()
    by_query = emu.http.post("/autonumber/auto", params={"num": NUM, "key": DEFAULT_KEY}).json()
    assert by_form == by_get == by_query
    assert emu.http.post("/autonumber/auto", data={"num": NUM}).json()["returnCode"] == "701"
    assert (
        emu.http.post("/autonumber/auto", data={"num": "1", "key": DEFAULT_KEY}).json()["returnCode"] == "201"
    )


def test_autonumber_candidates_have_the_sdk_types(emu: Emu) -> None:
    """The official SDK's bean: noCount and noPre are strings, lengthPre a number."""
    got = emu.http.get("/autonumber/auto", params={"num": NUM, "key": DEFAULT_KEY}).json()
    assert got and all(
        isinstance(c["noCount"], str) and isinstance(c["noPre"], str) and isinstance(c["lengthPre"], int)
        for c in got
    )


def test_control_api(emu: Emu) -> None:
    assert emu.http.post("/_emulator/clock", json={"advance_hours": -1}).status_code == 400
    teleport = {"number": NUM, "com": "zhongtong", "journey": "teleport"}
    assert emu.http.post("/_emulator/parcels", json=teleport).status_code == 400
    emu.control.reset()
    assert emu.control.journeys() == [
        "no_pickup", "normal", "rejected", "returned", "stalled", "wrong_courier"
    ]  # fmt: skip
    emu.control.add_fault("/poll/query.do", status=503, retry_after="1")
    r = emu.http.post("/poll/query.do", data={"param": "{}"})
    assert r.status_code == 503 and r.headers["retry-after"] == "1"
