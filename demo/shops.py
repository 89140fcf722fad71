"""``DEMO_SHOPS=N``: the demo's shops (店群), one deployment serving N WeChat shops (docs/shops.md).

Each shop has its own app on the WeChat Shop emulator (app id, AppSecret, push token and
EncodingAESKey), its own workspace on the Sheets emulator and its own journal; the functions read
them from ``WAYBILL_SHOPS`` and the variables it names (shared/app/shops.py), as a deployment does.
The Sheets emulator posts every web-view edit with one secret (its edit hook is one per host), so
the demo's shops share one edit secret; everything else is each shop's own.

Unset or blank: the demo of one shop, exactly as before (no registry).
"""

from __future__ import annotations

import hashlib
import json
import secrets
import string
from dataclasses import dataclass
from typing import Any

from shared.app.shops import ENV_SHOPS, default_variable
from shared.domain.text import Bilingual

ENV = "DEMO_SHOPS"
#: The shops' keys, in order; DEMO_SHOPS takes 1 to ``MAX_SHOPS`` of them (two shared cores run
#: five shops' ticks side by side in a few seconds each).
KEYS = ("north", "south", "east", "west", "central")
MAX_SHOPS = len(KEYS)


class BadShopCount(ValueError):
    """DEMO_SHOPS is not a whole number from 1 to MAX_SHOPS."""

    def __init__(self, given: str) -> None:
        self.message = Bilingual(
            f"DEMO_SHOPS 应为 1 到 {MAX_SHOPS} 之间的整数（收到 {given!r}）",
            f"DEMO_SHOPS must be a whole number from 1 to {MAX_SHOPS} (got {given!r})",
        )
        super().__init__(self.message.joined())


def shop_count(value: str | None) -> int | None:
    """How many shops DEMO_SHOPS asks for; None when unset or blank (one shop, no registry)."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if not text.isdigit() or not 1 <= int(text) <= MAX_SHOPS:
        raise BadShopCount(value)
    return int(text)


def _aes_key() -> str:
    """A fresh EncodingAESKey: 43 characters of [A-Za-z0-9], as the platform issues them."""
    return "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(43))


@dataclass(frozen=True, slots=True)
class DemoShop:
    """One shop of the demo: its key, app and secrets (fresh each run) and its workspace."""

    index: int  # 0 for the first shop
    key: str
    appid: str
    secret: str
    push_token: str
    aes_key: str
    spreadsheet_id: str = ""

    @staticmethod
    def make(index: int) -> DemoShop:
        key = KEYS[index]
        appid = "wx" + hashlib.sha256(f"waybill-demo-{key}".encode()).hexdigest()[:16]
        return DemoShop(index, key, appid, secrets.token_hex(16), secrets.token_hex(8), _aes_key())

    def push(self, functions_url: str, live: bool) -> dict[str, Any]:
        """The shop's message-push settings on the emulator: its own URL (``?shop=``), token and key."""
        return {
            "url": f"{functions_url}/shop_events?shop={self.key}",
            "token": self.push_token,
            "encoding_aes_key": self.aes_key,
            "auto": live,
        }


def registry_env(shops: list[DemoShop], edit_secret: str) -> dict[str, str]:
    """WAYBILL_SHOPS and the variables it names (each shop's AppSecret, push token, AES key and the
    shared edit secret), as a deployment mounts them."""
    env = {
        ENV_SHOPS: json.dumps(
            {s.key: {"appid": s.appid, "spreadsheet_id": s.spreadsheet_id} for s in shops}, sort_keys=False
        )
    }
    for shop in shops:
        env[default_variable(shop.key, "SECRET")] = shop.secret
        env[default_variable(shop.key, "PUSH_TOKEN")] = shop.push_token
        env[default_variable(shop.key, "AES_KEY")] = shop.aes_key
        env[default_variable(shop.key, "EDIT_SECRET")] = edit_secret
    return env
