"""WeChat Shop (微信小店) adapter: a typed client for the ``channels/ec`` order and delivery APIs, the
message-push receiver, and the pure payload builders they use.

Everything raised from here is a :class:`~shared.wechat.errors.WeChatError`.
"""

from shared.retry import RetryPolicy
from shared.wechat.client import DEFAULT_BASE_URL, DetailResults, ShipResult, WeChatShopClient
from shared.wechat.delivery import EditBudget, OutgoingPackage, WaybillChange
from shared.wechat.errors import WeChatError
from shared.wechat.events import EventReceiver, ShopEvent
from shared.wechat.models import Courier, Order
from shared.wechat.orders import SearchCondition
from shared.wechat.ratelimit import TokenBucket
from shared.wechat.tokens import MemoryTokenCache, TokenCache

__all__ = [
    "DEFAULT_BASE_URL",
    "Courier",
    "DetailResults",
    "EditBudget",
    "EventReceiver",
    "MemoryTokenCache",
    "Order",
    "OutgoingPackage",
    "RetryPolicy",
    "SearchCondition",
    "ShipResult",
    "ShopEvent",
    "TokenBucket",
    "TokenCache",
    "WaybillChange",
    "WeChatError",
    "WeChatShopClient",
]
