"""Which ``delivery_id`` to push for one of our couriers: the one the shop's own courier list holds
(``deliverycompanylist``), never a guess (pure).

The platform's sources disagree (Yunda is ``YUNDA`` in its table and ``YD`` in its request examples),
and a shop's list may lack a courier altogether. So a courier is matched to the list by id (the
table's id, then the other ids the platform's material uses) and then by name (the listed name read
as one of our courier names: 韵达快递, 韵达速递 ...). ``OTHER`` is the platform's documented catch-all
for couriers it has no code for: accepted on send without being listed, so a courier whose id is
``OTHER`` ships as ``OTHER``.
"""

from __future__ import annotations

from collections.abc import Sequence

from shared.couriers.model import Courier
from shared.couriers.registry import find, same_wechat_courier

OTHER = "OTHER"


def shop_delivery_id(courier: Courier, listed: Sequence[tuple[str, str]]) -> str | None:
    """The ``delivery_id`` under which the shop lists ``courier``, or None when it does not list it.

    ``listed``: the shop's (delivery_id, delivery_name) pairs, in its order."""
    if courier.wechat_delivery_id == OTHER:
        return OTHER
    by_id = {delivery_id.strip(): delivery_id for delivery_id, _ in listed}
    for wanted in (courier.wechat_delivery_id, *courier.wechat_alt_ids):
        if wanted in by_id:
            return by_id[wanted]
    for delivery_id, name in listed:
        named = find(name) if name.strip() else None
        if named is not None and (named.code == courier.code or same_wechat_courier(courier, delivery_id)):
            return delivery_id
    return None
