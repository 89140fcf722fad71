"""The faults of the matrix. Each is on for the day's two fault phases (scenario.py), then cleared.

A fault decides how its phase runs (which ticks, in which process, what is injected first) and may
wrap the whole cell (``around``: the functions served locally, for duplicate requests).
"""

from __future__ import annotations

import json
import os
import secrets
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import httpx

from demo.local_functions import LocalFunctions, serve
from emulators.wechat_shop.crypto import encrypt, signature
from functions import deps as function_deps
from shared.app.tick_lease import LEASE_TTL
from shared.sheets.edit_signature import signed_request
from shared.wechat.client import WeChatShopClient
from tests.e2e.world import AES_KEY, EDIT_SECRET, PUSH_TOKEN
from tests.faults.fworld import WAYBILL_WRITES, FaultWorld, short_timeout_client
from tests.faults.stores import KillPoint

ORDER_GET = "/channels/ec/order/get"
# Just past the sync lease (shared/app/tick_lease.py): the next scheduled tick takes over a dead
# tick's lease this soon, and the matrix checks that it then converges.
LEASE_GAP = LEASE_TTL + timedelta(seconds=30)
COPIES = 3  # copies of one request sent at once


class Fault:
    """No fault: the baseline every other row is read against."""

    name = "none"
    about = "no fault (baseline)"
    quick = True  # part of the quick slice in `make test`

    @contextmanager
    def around(self, fw: FaultWorld) -> Iterator[None]:
        yield

    def start(self, fw: FaultWorld) -> None:
        pass

    def phase(self, fw: FaultWorld, n: int, roles: dict[str, str]) -> None:
        fw.tick()

    def correct(self, fw: FaultWorld, order_id: str, number: str) -> None:
        fw.type(order_id, "快递单号", number)

    def stop(self, fw: FaultWorld) -> None:
        pass


class ShopErrors(Fault):
    name = "shop_errors"
    about = "WeChat Shop answers -1 (busy), HTTP 502 and drops connections on reads and writes"

    def phase(self, fw: FaultWorld, n: int, roles: dict[str, str]) -> None:
        faults = {
            "busy_next": fw.rng.randint(1, 3),
            "http_5xx_next": fw.rng.randint(0, 2),
            "drop_next": fw.rng.randint(0, 1),
            "paths": [*WAYBILL_WRITES, ORDER_GET],
        }
        fw.w.shop_control.set_faults(**faults)
        fw.tick()


class ShopAnswerLost(Fault):
    name = "shop_answer_lost"
    about = "WeChat Shop carries out a send/update, then closes the connection without its answer"
    quick = False

    def phase(self, fw: FaultWorld, n: int, roles: dict[str, str]) -> None:
        fw.w.shop_control.set_faults(drop_after_next=1, paths=list(WAYBILL_WRITES))
        fw.tick()


class ShopTimeout(Fault):
    name = "shop_timeout"
    about = "a send/update answers after the client's 1 s timeout (and is applied then)"
    quick = False
    saved: WeChatShopClient | None = None

    def start(self, fw: FaultWorld) -> None:
        self.saved, fw.w.shop = fw.w.shop, short_timeout_client(fw.w, 1.0)

    def phase(self, fw: FaultWorld, n: int, roles: dict[str, str]) -> None:
        by_path = {path: 1500 for path in WAYBILL_WRITES}
        fw.w.shop_control.set_faults(latency_ms_by_path=by_path)
        fw.tick()

    def stop(self, fw: FaultWorld) -> None:
        assert self.saved is not None
        fw.w.shop.close()
        fw.w.shop = self.saved


class SheetsErrors(Fault):
    name = "sheets_429_500"
    about = "Google Sheets answers 429 (quota) and 500 to the next API calls"

    def phase(self, fw: FaultWorld, n: int, roles: dict[str, str]) -> None:
        codes = [{"code": fw.rng.choice((429, 500))} for _ in range(fw.rng.randint(2, 6))]
        fw.w.sheets_control.add_faults(*codes)
        fw.tick()
        fw.drain_sheets_faults()


class SupplierOutage(Fault):
    name = "supplier_outage"
    about = "the supplier API answers 503 to every call"

    def start(self, fw: FaultWorld) -> None:
        fw.supplier_scenario({"fail_next": 1000})

    def stop(self, fw: FaultWorld) -> None:
        fw.supplier_scenario({"fail_next": 0})


# Where a kill -9 lands, in push order: the n-th intent or outcome written, before or after it. Between
# "after intent" and "before outcome" is the shop call; "after outcome" is before the audit entry.
PUSH_POINTS = tuple(
    KillPoint(kind, nth, when)
    for nth in (1, 2)
    for kind, when in (("intent", "after"), ("outcome", "before"), ("outcome", "after"))
)


class KillAtPush(Fault):
    name = "kill_at_push"
    about = "kill -9 of the tick process at a push point (the seed picks which; see PUSH_POINTS)"
    quick = False

    def point(self, fw: FaultWorld, n: int) -> KillPoint:
        return PUSH_POINTS[(fw.seed + n) % len(PUSH_POINTS)]

    def phase(self, fw: FaultWorld, n: int, roles: dict[str, str]) -> None:
        if n:
            fw.advance(LEASE_GAP)  # the dead tick's lease
        fw.tick_process(self.point(fw, n))


class KillOnlyAtPush(KillAtPush):
    """The quick slice's kill: always right after the shop call, before its outcome is written."""

    name = "kill_after_shop_call"
    about = "kill -9 right after the shop call, before its outcome is journaled"
    quick = True

    def point(self, fw: FaultWorld, n: int) -> KillPoint:
        return KillPoint("outcome", 1, "before")


class KillRandom(KillAtPush):
    name = "kill_random"
    about = "kill -9 of the tick process before or after its n-th journal write (n from the seed)"

    def point(self, fw: FaultWorld, n: int) -> KillPoint:
        return KillPoint("any", fw.rng.randint(1, 30), fw.rng.choice(("before", "after")))


class EditsDuringTick(Fault):
    name = "edits_during_tick"
    about = "the operator edits a cell and sorts the tab between the tick's read and its write"
    quick = False

    def phase(self, fw: FaultWorld, n: int, roles: dict[str, str]) -> None:
        descending = fw.rng.random() < 0.5

        def operator() -> None:
            fw.type(roles["typed"], "供应商单号", f"PO-T-{n}")
            fw.w.sort_tab("订单号", descending=descending)

        try:
            fw.w.tick_during(operator)
        except Exception as exc:
            fw.tick_errors.append(f"{type(exc).__name__}: {exc}"[:200])


class OverlappingTicks(Fault):
    name = "overlapping_ticks"
    about = "two ticks at once: one in its own process, one in this one"
    quick = False

    def phase(self, fw: FaultWorld, n: int, roles: dict[str, str]) -> None:
        other = threading.Thread(target=fw.tick_process)
        other.start()
        fw.tick()
        other.join(150)


@contextmanager
def _functions(fw: FaultWorld) -> Iterator[LocalFunctions]:
    """The functions served locally (functions-framework on loopback), configured by the environment
    a deployment gets, pointed at this world and its journal."""
    saved = dict(os.environ)
    os.environ.update(fw.env())
    function_deps.reset()
    served = serve()
    os.environ.update(served.pubsub_env())  # the public functions hand work on through Pub/Sub
    try:
        yield served
    finally:
        served.stop()
        function_deps.reset()
        os.environ.clear()
        os.environ.update(saved)


def _at_once(calls: list[Callable[[], Any]]) -> None:
    """Start every call together (a barrier) and wait for all."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> None:
        barrier.wait()
        call()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)


class DuplicateEdits(Fault):
    name = "duplicate_edits"
    about = f"{COPIES} copies of one signed sheet edit (and of a sync request) sent at once"
    functions: LocalFunctions | None = None

    @contextmanager
    def around(self, fw: FaultWorld) -> Iterator[None]:
        with _functions(fw) as self.functions:
            yield

    def _send(self, fw: FaultWorld, payload: dict[str, Any]) -> None:
        assert self.functions is not None
        body, headers = signed_request(EDIT_SECRET.encode(), payload, int(time.time()))
        url = f"{self.functions.url}/sheet_edit"
        _at_once([lambda: httpx.post(url, content=body, headers=headers, timeout=60) for _ in range(COPIES)])
        # The copies were answered at once; the work they handed on (refresh, sync) is waited for.
        self.functions.settle(120)

    def _edit(self, fw: FaultWorld, order_id: str, header: str, value: str) -> None:
        rows = fw.w.values()
        column = rows[0].index(header) + 1
        row = next(i for i, r in enumerate(rows, start=1) if r and r[0] == order_id)
        old = rows[row - 1][column - 1] if column - 1 < len(rows[row - 1]) else ""
        fw.type(order_id, header, value)
        payload = {
            "spreadsheetId": fw.w.spreadsheet_id,
            "sheetName": "订单",
            "range": f"{chr(ord('A') + column - 1)}{row}",
            "row": row,
            "column": column,
            "numRows": 1,
            "numColumns": 1,
            "value": value,
            "oldValue": old,
            "user": "ops@example.com",
            "action": "edit",
        }
        self._send(fw, payload)

    def phase(self, fw: FaultWorld, n: int, roles: dict[str, str]) -> None:
        if n == 0:  # the typed number, as its edit trigger fires it (three times)
            number = fw.w.row_of(roles["typed"])["快递单号"]
            self._edit(fw, roles["typed"], "快递单号", number)
        sync = {"spreadsheetId": fw.w.spreadsheet_id, "sheetName": "订单", "range": "A1", "row": 1}
        self._send(fw, {**sync, "column": 1, "numRows": 1, "numColumns": 1, "action": "sync", "user": "ops"})

    def correct(self, fw: FaultWorld, order_id: str, number: str) -> None:
        self._edit(fw, order_id, "快递单号", number)


class DuplicateEvents(DuplicateEdits):
    name = "duplicate_events"
    about = f"{COPIES} copies of every shop message (order events, encrypted and signed) sent at once"

    def phase(self, fw: FaultWorld, n: int, roles: dict[str, str]) -> None:
        assert self.functions is not None
        url = f"{self.functions.url}/shop_events"
        for item in fw.w.shop_control.outbox()[-8:]:  # the latest messages, whatever their delivery
            request = _push_request(fw, item["message"])
            _at_once(
                [lambda r=request: httpx.post(url + r[0], content=r[1], timeout=60) for _ in range(COPIES)]
            )
        self.functions.settle(120)
        fw.tick()

    def correct(self, fw: FaultWorld, order_id: str, number: str) -> None:
        fw.type(order_id, "快递单号", number)


def _push_request(fw: FaultWorld, message: dict[str, Any]) -> tuple[str, bytes]:
    """The platform's push of ``message`` as the shop emulator sends it (encrypted, signed)."""
    plaintext = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode()
    cipher = encrypt(plaintext, AES_KEY, fw.w.shop.appid)
    stamp, nonce = str(int(time.time())), str(secrets.randbelow(10**10))
    query = {
        "signature": signature(PUSH_TOKEN, stamp, nonce),
        "timestamp": stamp,
        "nonce": nonce,
        "encrypt_type": "aes",
        "msg_signature": signature(PUSH_TOKEN, stamp, nonce, cipher),
    }
    body = json.dumps({"ToUserName": message.get("ToUserName", ""), "Encrypt": cipher}).encode()
    return "?" + urllib.parse.urlencode(query), body


FAULTS: tuple[Fault, ...] = (
    Fault(),
    ShopErrors(),
    ShopAnswerLost(),
    ShopTimeout(),
    SheetsErrors(),
    SupplierOutage(),
    KillOnlyAtPush(),
    KillAtPush(),
    KillRandom(),
    EditsDuringTick(),
    DuplicateEdits(),
    DuplicateEvents(),
    OverlappingTicks(),
)
