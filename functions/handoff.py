"""A public function hands its work to a private one: "work is waiting" on a Pub/Sub topic.

The work itself is already recorded in the journal (the edit queue, the shop-event queue) before the
message is published, so the message carries no data worth protecting and losing it delays nothing
beyond the next timer tick, which drains both queues. Topics are named by plain settings:
WAYBILL_REFRESH_TOPIC (the ``refresh`` function) and WAYBILL_TICK_TOPIC (the ``sync`` function).
"""

from __future__ import annotations

import json
import logging

from functions.deps import config, publisher
from shared.pubsub import PubSubError

log = logging.getLogger("waybill.handoff")
REFRESH_TOPIC = "WAYBILL_REFRESH_TOPIC"
TICK_TOPIC = "WAYBILL_TICK_TOPIC"


def announce(topic_setting: str, kind: str, shop: str = "", **ids: str) -> bool:
    """Publish ``{"work": kind}`` to the topic named by ``topic_setting``; False when it was not
    published (the setting is missing, or Pub/Sub failed after its retries). Never raises.
    ``shop``: the work is that shop's (a deployment with a shop registry); the message names it in
    its data and its ``shop`` attribute (functions/shop_route.py ``message_shop`` reads it)."""
    try:
        publish(topic_setting, kind, shop)
    except (PubSubError, TopicMissing) as exc:
        fields = {"event": "handoff", "work": kind, "setting": topic_setting, **ids}
        fields |= {"shop": shop} if shop else {}
        log.warning("work not announced", extra={"fields": {**fields, "error_class": type(exc).__name__}})
        return False
    return True


def publish(topic_setting: str, kind: str, shop: str = "") -> None:
    """``announce`` that raises: PubSubError, or TopicMissing when the topic setting is empty."""
    topic = config().env.get(topic_setting, "").strip()
    if not topic:
        raise TopicMissing(topic_setting)
    named = {"work": kind, **({"shop": shop} if shop else {})}
    publisher().publish(topic, json.dumps(named).encode("utf-8"), named)


class TopicMissing(Exception):
    """The topic setting is empty."""
