"""Which shop a trigger is for, on a deployment with a shop registry (WAYBILL_SHOPS, docs/shops.md).

* A Pub/Sub message names its shop in its ``shop`` attribute (or its JSON data's ``shop``), as
  ``dispatch`` and the hand-offs publish it (functions/handoff.py).
* A WeChat push: ``?shop=<key>`` or ``?appid=<AppID>`` on the push URL when the shop's backend is
  given one; otherwise the shop whose push token signs the query (each shop has its own token). The
  app id inside the ciphertext must then be that shop's (functions/shop_events.py).
* A sheet edit: the spreadsheet id in the signed payload (functions/sheet_edit.py).

A key, app id or spreadsheet id the registry does not hold is refused with ``NotServed`` (a 4xx and a
bilingual reason), before anything is recorded.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from functions.deps import registry
from shared.domain.text import Bilingual


class NotServed(Exception):
    """The trigger names a shop this deployment does not serve; ``status`` and a bilingual ``reason``."""

    def __init__(self, status: int, reason: Bilingual) -> None:
        super().__init__(reason.joined())
        self.status, self.reason = status, reason


def unknown(what_zh: str, what_en: str, value: str) -> NotServed:
    shown = value[:64]
    return NotServed(
        404,
        Bilingual(
            f"本部署不服务{what_zh} {shown!r}，什么也没有做；请检查 WAYBILL_SHOPS。",
            f"This deployment serves no shop with {what_en} {shown!r}; nothing was done. "
            "Check WAYBILL_SHOPS.",
        ),
    )


def shop_of_request(named: str) -> str:
    """The shop an HTTP request names (``?shop=<key>``): required with a registry (400 without it,
    404 for a key not served); ignored without one (the deployment's one shop, as before)."""
    shops = registry()
    if shops is None:
        return ""
    if not named:
        raise NotServed(
            400,
            Bilingual(
                f"本部署服务多个店铺，请用 ?shop= 指定其中之一：{'、'.join(shops.keys)}",
                f"This deployment serves several shops; name one with ?shop=: {', '.join(shops.keys)}",
            ),
        )
    if shops.get(named) is None:
        raise unknown("店铺键", "shop key", named)
    return named


def message_shop(cloud_event: Any) -> str:
    """The shop key a Pub/Sub CloudEvent names ("" for none): its ``shop`` attribute, else its JSON
    data's ``shop``."""
    try:
        message = cloud_event.data["message"]
    except (AttributeError, KeyError, TypeError):
        return ""
    if not isinstance(message, dict):
        return ""
    attributes = message.get("attributes")
    if isinstance(attributes, dict) and isinstance(attributes.get("shop"), str):
        return str(attributes["shop"])
    try:
        data = json.loads(base64.b64decode(message.get("data") or "", validate=True))
    except (ValueError, TypeError):
        return ""
    shop = data.get("shop") if isinstance(data, dict) else None
    return shop if isinstance(shop, str) else ""


def shop_of_edit(body: bytes) -> str:
    """The shop key of a sheet edit: the shop whose workspace the payload's ``spreadsheetId`` is (""
    without a registry). Read before the signature is checked, because the shop's edit secret checks
    it; nothing is trusted until then. A body that is not an edit is left to the signature check (400)."""
    shops = registry()
    if shops is None:
        return ""
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError):
        payload = None
    named = payload.get("spreadsheetId") if isinstance(payload, dict) else None
    if not isinstance(named, str) or not named:
        raise NotServed(
            400,
            Bilingual(
                "请求没有注明工作表格，什么也没有做。", "The request names no spreadsheet; nothing was done."
            ),
        )
    found = shops.by_spreadsheet(named)
    if found is None:
        raise unknown("工作表格", "spreadsheet", named)
    return found.key
