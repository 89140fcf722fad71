"""One world of the fault matrix: tests/e2e/world.py's world (WeChat Shop and Sheets emulators,
init-sheet's workspace, the real clients) with the journal on the chosen store, the supplier API
emulator configured as a row of the 供应商 tab, and a ledger of everything the operator typed."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from demo.stage import SUPPLIER_TOKEN
from emulators.control import SupplierControl
from emulators.supplier_api.server import serve as serve_supplier
from shared.app.tick import TickReport
from shared.journal.journal import Journal
from shared.suppliers.secret_binding import HOSTS_VARIABLE, secret_variable
from shared.wechat.client import WeChatShopClient
from tests.e2e.world import Emulators, World, emulators, world_on
from tests.faults.stores import KillPoint, StoreSpec, make_store, moto_server

ROOT = Path(__file__).resolve().parents[2]
SUPPLIER = "优品工厂"
WAYBILL_WRITES = ("/channels/ec/order/delivery/send", "/channels/ec/order/deliveryinfo/update")
CADENCE = timedelta(minutes=2)  # the scheduler's interval between two ticks, as the matrix models it


@dataclass(frozen=True)
class Edit:
    """A value the operator typed (in the order typed)."""

    order_id: str
    header: str
    value: str


@dataclass
class Rig:
    """What outlives one world: the emulators, the supplier API and moto (one of each per run)."""

    emus: Emulators
    supplier_url: str
    s3_endpoint: str | None
    tmp: Path


@contextmanager
def rig(tmp: Path, with_s3: bool) -> Iterator[Rig]:
    with ExitStack() as stack:
        emus = stack.enter_context(emulators())
        supplier = serve_supplier(port=0)
        stack.callback(supplier.close)
        endpoint = stack.enter_context(moto_server()) if with_s3 else None
        yield Rig(emus, supplier.url, endpoint, tmp)


@dataclass
class FaultWorld:
    w: World
    store: StoreSpec
    supplier_url: str
    rng: random.Random
    seed: int
    edits: list[Edit] = field(default_factory=list)
    supplier_numbers: dict[str, list[str]] = field(default_factory=dict)  # order -> numbers reported
    tick_errors: list[str] = field(default_factory=list)
    kills: int = 0  # tick processes that died by SIGKILL

    @property
    def supplier_control(self) -> SupplierControl:
        return SupplierControl(self.supplier_url, self.w.http)

    # --- the operator -------------------------------------------------------------------------
    def type(self, order_id: str, header: str, value: str) -> None:
        self.w.type_cell(order_id, header, value)
        self.edits.append(Edit(order_id, header, value))

    def number(self) -> str:
        """A ZTO-shaped tracking number (14 digits, 73...), drawn from the seed."""
        return f"731{self.rng.randrange(10**10, 10**11)}"

    # --- the supplier -------------------------------------------------------------------------
    def supplier_ships(self, order_id: str, po: str) -> None:
        numbers = [self.number()]
        spec = {"order_no": po, "shop_order_id": order_id, "tracking": numbers, "courier": "中通速递"}
        self.supplier_control.seed(spec)
        self.supplier_numbers[order_id] = numbers

    def supplier_scenario(self, knobs: dict[str, Any]) -> None:
        self.supplier_control.set_scenario(**knobs)

    # --- ticks ---------------------------------------------------------------------------------
    def tick(self) -> TickReport | None:
        """An in-process tick; an exception (a fault outlasting the retries) is recorded, not raised:
        a tick that dies is one of the faults the matrix is about."""
        try:
            return self.w.tick()
        except Exception as exc:
            self.tick_errors.append(f"{type(exc).__name__}: {exc}"[:200])
            return None

    def env(self) -> dict[str, str]:
        """The settings a deployed function gets, pointed at this world and its journal."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("WAYBILL_")}
        env.update(self.w.env(Path("unused")))
        del env["WAYBILL_JOURNAL_DIR"]
        env.update(self.store.env)
        env.update(self.w.supplier_env)
        env["PYTHONPATH"] = str(ROOT)
        return env

    def tick_process(self, kill: KillPoint | None = None) -> int:
        """A tick in its own process (tick_proc.py), SIGKILLed at ``kill``; returns its exit code
        (-9 when killed)."""
        args = [
            sys.executable,
            "-m",
            "tests.faults.tick_proc",
            "--offset",
            str(self.w.offset.total_seconds()),
        ]
        if kill is not None:
            args += ["--kill", str(kill)]
        done = subprocess.run(args, cwd=ROOT, env=self.env(), capture_output=True, text=True, timeout=120)
        if done.returncode == -9:
            self.kills += 1
        elif done.returncode != 0:
            self.tick_errors.append(f"tick process exited {done.returncode}: {done.stderr.strip()[-300:]}")
        return done.returncode

    def advance(self, step: timedelta = CADENCE) -> None:
        self.w.advance(step.total_seconds() / 3600)

    # --- faults off ---------------------------------------------------------------------------
    def clear_faults(self) -> None:
        w = self.w
        w.shop_control.set_faults(
            latency_ms=0,
            latency_ms_by_path={},
            busy_next=0,
            busy_rate=0,
            http_5xx_next=0,
            drop_next=0,
            drop_after_next=0,
            paths=[],
        )
        w.shop_control.set_latency(ms=0)
        self.supplier_scenario({"fail_next": 0, "failure_rate": 0.0, "latency_ms": 0})
        self.drain_sheets_faults()

    def drain_sheets_faults(self) -> None:
        """The Sheets emulator's faults are a queue for every caller: harmless reads use up what the
        tick left of it (the operator's own edits go through the UI, not the API, in real life)."""
        w = self.w
        while w.sheets_control.add_faults():
            w.http.get(w._values_url("设置"), headers={"Authorization": "Bearer operator"})

    # --- what really happened ------------------------------------------------------------------
    def waybill_calls(self) -> list[dict[str, Any]]:
        return [c for c in self.w.shop_control.calls(limit=100000)["log"] if c["path"] in WAYBILL_WRITES]


@contextmanager
def fault_world(rig_: Rig, store_kind: str, seed: int, name: str) -> Iterator[FaultWorld]:
    tmp = rig_.tmp / f"{name}-{store_kind}-{seed}"
    tmp.mkdir(parents=True, exist_ok=True)
    spec = make_store(store_kind, tmp, rig_.s3_endpoint)
    SupplierControl(rig_.supplier_url, rig_.emus.http).reset(seed=seed)
    with world_on(rig_.emus, tmp, sleep=lambda _s: None, journal=Journal(spec.store)) as w:
        # The supplier's token, named for it, allowed towards the emulator's (loopback) host only.
        token = secret_variable(SUPPLIER)
        w.supplier_env = {token: SUPPLIER_TOKEN, HOSTS_VARIABLE: json.dumps({token: ["127.0.0.1"]})}
        yield FaultWorld(w, spec, rig_.supplier_url, random.Random(seed), seed)


def short_timeout_client(w: World, seconds: float) -> WeChatShopClient:
    """The shop client as a deployment with a ``seconds`` call timeout has it."""
    return WeChatShopClient(w.shop.appid, w.shop_secret, base_url=w.shop_url, timeout=seconds)


def dumps(report: TickReport | None) -> str:
    return json.dumps(report.as_dict() if report else None, ensure_ascii=False)
