"""Build the real clients from an AppConfig: the only place that knows how the parts are assembled."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from shared.app.config import AppConfig
from shared.app.supplier_feed import SupplierFeed
from shared.app.tick import TickDeps, utc_now
from shared.journal.journal import Journal
from shared.journal.local_store import LocalDirStore
from shared.journal.s3_store import S3Store, make_client
from shared.journal.store import ObjectStore
from shared.sheets.gateway import connect
from shared.sheets.settings import load_settings
from shared.wechat.client import WeChatShopClient
from shared.wechat.events import EventReceiver


def journal_store(config: AppConfig) -> ObjectStore:
    if config.journal_bucket:
        client = make_client(config.journal_endpoint or None)
        return S3Store(client, config.journal_bucket, config.journal_prefix)
    return LocalDirStore(config.journal_dir)


def journal(config: AppConfig) -> Journal:
    return Journal(journal_store(config))


def shop_client(config: AppConfig, **kwargs: Any) -> WeChatShopClient:
    config.require("WAYBILL_WECHAT_APPID", "WAYBILL_WECHAT_SECRET")
    return WeChatShopClient(config.wechat_appid, config.wechat_secret, base_url=config.wechat_base, **kwargs)


def event_receiver(config: AppConfig) -> EventReceiver:
    config.require("WAYBILL_WECHAT_PUSH_TOKEN", "WAYBILL_WECHAT_AES_KEY")
    return EventReceiver(config.push_token, list(config.aes_keys))


def tick_deps(
    config: AppConfig, feed: SupplierFeed | None = None, clock: Callable[[], datetime] = utc_now
) -> TickDeps:
    sheets = load_settings(config.env)
    return TickDeps(
        gateway=connect(sheets),
        shop=shop_client(config),
        journal=journal(config),
        feed=feed or SupplierFeed(),
        lang=sheets.lang,
        clock=clock,
        actor=config.actor,
        supplier_env=config.env,
    )
