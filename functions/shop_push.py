"""Which shop a WeChat push is for, on a deployment with a shop registry (docs/shops.md).

The platform pushes each shop's events to the URL set in that shop's backend, signed with that
shop's push token; the app id itself travels only inside the ciphertext (the receive id,
docs/platforms/wechat-shop.md#message-push), which needs the shop's AES key to read. So:

1. ``?shop=<key>`` or ``?appid=<AppID>`` on the push URL names the shop (a key or app id not served:
   404); this is the recommended push URL, one per shop, on the one function.
2. Otherwise the shop whose push token signs the query (``signature`` over token, timestamp, nonce;
   one SHA-1 per shop). No shop's: 401, as a bad signature is without shops.
3. Once decrypted, a receive id that is ANOTHER served shop's app id is refused (403): the push was
   signed for one shop and names another. Any other receive id is accepted: which id the platform
   puts there is unverified, and the shop's token and AES key already authenticate the sender.
"""

from __future__ import annotations

from collections.abc import Mapping

from functions.deps import config, registry
from functions.shop_route import NotServed, unknown
from shared.app.config import ConfigError
from shared.app.shops import ShopRegistry
from shared.app.wiring import event_receiver
from shared.domain.text import Bilingual
from shared.wechat.errors import EventSignatureError


def shop_of_push(query: Mapping[str, str]) -> str:
    """The shop key of a push ("" without a registry: the deployment's one shop, as before)."""
    shops = registry()
    if shops is None:
        return ""
    if query.get("shop"):
        found = shops.get(query["shop"])
        if found is None:
            raise unknown("店铺键", "shop key", query["shop"])
        return found.key
    if query.get("appid"):
        found = shops.by_appid(query["appid"])
        if found is None:
            raise unknown("AppID", "app id", query["appid"])
        return found.key
    return _signed_by(shops, query)


def _signed_by(shops: ShopRegistry, query: Mapping[str, str]) -> str:
    for shop in shops.shops:
        try:
            receiver = event_receiver(config(shop.key))
        except ConfigError:  # this shop has no push token or key yet: it cannot have signed
            continue
        try:
            if "echostr" in query:
                receiver.verify_url(query)
            else:
                receiver.verify_query(query)
        except EventSignatureError:
            continue
        return shop.key
    raise NotServed(
        401, Bilingual("签名与任何店铺的推送令牌都不符。", "The signature matches no shop's push token.")
    )


def check_receive_id(shop: str, receive_id: str) -> None:
    """Refuse a push for ``shop`` whose decrypted app id is another served shop's (403)."""
    shops = registry() if shop else None
    if shops is None:
        return
    other = shops.by_appid(receive_id)
    if other is not None and other.key != shop:
        raise NotServed(
            403,
            Bilingual(
                f"这条推送经店铺 {shop} 的地址与令牌送来，内容却属于店铺 {other.key}，什么也没有做。",
                f"This push came through shop {shop}'s URL and token but names shop {other.key}'s app; "
                "nothing was done.",
            ),
        )
