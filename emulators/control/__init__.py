"""One small typed client per emulator for its ``/_emulator/*`` control API (over httpx).

For tests, the demo and benchmarks: seed a world, inject faults, move clocks, read what crossed
the wire. Each emulator's README documents the routes these call. The emulators themselves do not
use these (they stay on the standard library); the product never does.
"""

from emulators.control.alibaba_1688 import AlibabaControl
from emulators.control.base import ControlClient, ControlFailed
from emulators.control.kuaidi100 import Kuaidi100Control
from emulators.control.pubsub import PubSubControl
from emulators.control.sheets import SheetsControl
from emulators.control.supplier_api import SupplierControl
from emulators.control.wechat_shop import ShopControl

__all__ = [
    "AlibabaControl",
    "ControlClient",
    "ControlFailed",
    "Kuaidi100Control",
    "PubSubControl",
    "SheetsControl",
    "ShopControl",
    "SupplierControl",
]
