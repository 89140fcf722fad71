"""The shop's courier list as the product keeps it (shared/app/shop_couriers.py), with the real client
against the emulator: read once, kept in the journal for a day, a stale copy used when the shop does
not answer, and no push at all (no intent, no call) when there is no list to take an id from."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from shared.app.facts import FactsDoc
from shared.app.pushes import execute
from shared.app.shop_couriers import ShopCouriers
from shared.journal.journal import Journal
from shared.journal.local_store import LocalDirStore
from shared.reconcile.plan import Push
from shared.wechat import WeChatShopClient
from shared.wechat.client import PATH_COURIERS_NEW, PATH_DELIVERY_SEND
from shared.wechat.errors import IpNotAllowedError
from tests.contract.wechat.conftest import Emulator

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.at = T0

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal(LocalDirStore(tmp_path / "journal"))


def _refuse_everyone(emu: Emulator) -> None:
    emu.control.set_ip_allowlist(enabled=True, allowed=["10.0.0.0/8"], mode="errcode")


def test_read_once_a_day_and_kept_across_instances(
    emu: Emulator, client: WeChatShopClient, journal: Journal
) -> None:
    emu.control.configure(couriers={"SF": "顺丰速运", "YD": "韵达快递"})
    clock = Clock()
    first = ShopCouriers(journal, client, clock)
    assert (first.delivery_id("YUNDA"), first.delivery_id("SF"), first.delivery_id("JTSD")) == (
        "YD",
        "SF",
        None,
    )
    clock.at += timedelta(hours=23)
    assert ShopCouriers(journal, client, clock).delivery_id("YUNDA") == "YD"  # a cold instance: the copy
    assert emu.count(PATH_COURIERS_NEW) == 1
    emu.control.configure(couriers={"SF": "顺丰速运", "YUNDA": "韵达速递"})
    clock.at += timedelta(hours=2)
    assert ShopCouriers(journal, client, clock).delivery_id("YUNDA") == "YUNDA"
    assert emu.count(PATH_COURIERS_NEW) == 2


def test_a_stale_copy_serves_while_the_shop_does_not_answer(
    emu: Emulator, client: WeChatShopClient, journal: Journal
) -> None:
    clock = Clock()
    assert ShopCouriers(journal, client, clock).delivery_id("ZTO") == "ZTO"
    _refuse_everyone(emu)
    clock.at += timedelta(days=3)
    assert ShopCouriers(journal, client, clock).delivery_id("ZTO") == "ZTO"


def test_no_list_at_all_means_no_push(emu: Emulator, client: WeChatShopClient, journal: Journal) -> None:
    order_id = emu.new_order(("1001", "2001", 1))
    _refuse_everyone(emu)
    with pytest.raises(IpNotAllowedError):
        ShopCouriers(journal, client, Clock()).delivery_id("SF")
    push = Push(order_id, "ship", "SF", ("SF1234567890123",), (), "ready")
    [result] = execute(
        [push],
        client,
        journal,
        FactsDoc(),
        {},
        Clock(),
        couriers=ShopCouriers(journal, client, Clock()).delivery_id,
    )
    assert not result.ok and result.retry and result.reason == "access"
    assert journal.unresolved_intents(T0) == [] and emu.count(PATH_DELIVERY_SEND) == 0
