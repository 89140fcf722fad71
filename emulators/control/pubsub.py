"""``PubSubControl``: the Pub/Sub emulator's one control route."""

from __future__ import annotations

from typing import Any

from emulators.control.base import ControlClient


class PubSubControl(ControlClient):
    def state(self) -> dict[str, Any]:
        """Counts per topic and subscription: ``{"topics": {...}, "subscriptions": {...}}``."""
        return dict(self.get("state"))
