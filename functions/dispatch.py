"""CloudEvent (Pub/Sub, from Cloud Scheduler): one tick message per shop (the fan-out, docs/shops.md).

The scheduler publishes one tick; ``dispatch`` publishes ``{"work": "tick", "shop": <key>}`` (the key
also as the ``shop`` attribute) to WAYBILL_TICK_TOPIC for every shop of the registry, and the ``sync``
function runs one shop's tick per message, so shops tick side by side on the platform's scaling and
a failing shop is retried by Pub/Sub on its own, without delaying the others.

Without a registry it publishes one message naming no shop: ``sync`` runs the deployment's one tick.
A shop whose message could not be published is logged, the others are still published, and the
dispatch then raises, so Pub/Sub delivers the scheduler's message again and every shop is published
again: a shop ticking twice does the work once (its tick lease and its idempotency keys,
docs/journal.md), a shop not ticking would wait for the next schedule.
"""

from __future__ import annotations

import logging
from typing import Any

from functions.deps import registry
from functions.handoff import TICK_TOPIC, TopicMissing, publish
from functions.pass_log import timed
from shared.pubsub import PubSubError

log = logging.getLogger("waybill.dispatch")


class DispatchIncomplete(RuntimeError):
    """Some shops' tick messages were not published (their keys); raised so Pub/Sub retries."""


def on_schedule(cloud_event: Any) -> None:
    try:
        event_id = str(cloud_event["id"])
    except (KeyError, TypeError):
        event_id = ""
    shops = registry()
    keys = shops.keys if shops is not None else ("",)
    with timed(function="dispatch", event="dispatch", event_id=event_id) as one:
        missed = []
        for key in keys:
            try:
                publish(TICK_TOPIC, "tick", key)
            except (PubSubError, TopicMissing) as exc:
                missed.append(key)
                line = {"function": "dispatch", "event": "dispatch", "shop": key, "outcome": "failed"}
                log.error(
                    "shop tick not published", extra={"fields": {**line, "error_class": type(exc).__name__}}
                )
        if missed:
            raise DispatchIncomplete(", ".join(k or "(deployment)" for k in missed))
        one.done("ticks dispatched", "dispatched", shops=len(keys))
