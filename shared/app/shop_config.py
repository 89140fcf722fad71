"""One shop's ``AppConfig``: the deployment's settings overlaid by the shop's registry entry (pure).

The overlay rewrites the environment the deployment's ``AppConfig.from_env`` reads, so every part
that reads a setting (the Sheets settings, the supplier secrets, the tick) sees the shop's values
without knowing about shops:

* WAYBILL_WECHAT_APPID and WAYBILL_SPREADSHEET_ID: the shop's app id and workspace;
* WAYBILL_WECHAT_SECRET, _PUSH_TOKEN, _AES_KEY, _AES_KEY_PREVIOUS, WAYBILL_EDIT_SECRET: read from the
  variables the entry names; the deployment's own values of these are never used for a shop (a
  missing shop secret is reported under the shop's variable name, not borrowed);
* WAYBILL_SHOP_KEY: the shop's key (a supplier sheet shared by several shops gets one tab per shop,
  shared/app/supplier_tab.py ``shop_tab``);
* the entry's ``settings``; KUAIDI100_CALLBACK_URL gets the shop's key as its last path segment
  (``…/tracking_events/<key>``): Kuaidi100 posts each push to the URL it was subscribed with, so the
  path says whose number it is (functions/tracking_events.py).

The shop's journal is ``shops/<journal>/`` inside the deployment's journal (``journal_shop``): its
tick lease, edit and event queues, idempotency keys, facts and audit are its own. The Sheets quota
buckets are NOT per shop: Google counts requests per user, and the service account is one user for
every shop, so all shops spend from the deployment's one ``state/sheets_quota.json``
(shared/app/wiring.py ``deployment_journal``); per-shop buckets would let N shops spend N times the
quota and meet 429.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from shared.app.config import AppConfig
from shared.app.shops import SHOP_KEY_VARIABLE, Shop

#: The deployment-wide variable each shop secret replaces, and the entry field naming its variable.
SECRET_OVERLAY = {
    "WAYBILL_WECHAT_SECRET": "secret_var",
    "WAYBILL_WECHAT_PUSH_TOKEN": "push_token_var",
    "WAYBILL_WECHAT_AES_KEY": "aes_key_var",
    "WAYBILL_WECHAT_AES_KEY_PREVIOUS": "aes_key_previous_var",
    "WAYBILL_EDIT_SECRET": "edit_secret_var",
}


def shop_env(env: Mapping[str, str], shop: Shop) -> dict[str, str]:
    """The environment as the shop's functions see it."""
    overlaid = dict(env)
    overlaid.update(shop.settings)
    overlaid["WAYBILL_WECHAT_APPID"] = shop.appid
    overlaid["WAYBILL_SPREADSHEET_ID"] = shop.spreadsheet_id
    overlaid["KUAIDI100_CALLBACK_URL"] = shop_callback_url(env.get("KUAIDI100_CALLBACK_URL", ""), shop.key)
    overlaid[SHOP_KEY_VARIABLE] = shop.key
    for generic, name_field in SECRET_OVERLAY.items():
        overlaid[generic] = env.get(getattr(shop, name_field), "")
    return overlaid


def shop_callback_url(deployment_url: str, key: str) -> str:
    """The shop's Kuaidi100 callback: the deployment's tracking_events URL with ``/<key>`` added to its
    path (before any query string); empty when the deployment has none (tracking polled)."""
    url = deployment_url.strip()
    if not url:
        return ""
    base, mark, query = url.partition("?")
    return f"{base.rstrip('/')}/{key}{mark}{query}"


def shop_config(env: Mapping[str, str], shop: Shop) -> AppConfig:
    """The shop's AppConfig (raises ConfigError for a bad per-shop setting, as for the deployment's)."""
    config = AppConfig.from_env(shop_env(env, shop))
    names = {generic: getattr(shop, name_field) for generic, name_field in SECRET_OVERLAY.items()}
    return dataclasses.replace(config, shop=shop.key, journal_shop=shop.journal_prefix, secret_names=names)
