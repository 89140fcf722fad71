"""The many-shops benchmark's baseline: every shop's tick one after another in ONE process.

``python -m benchmarks.shops_sequential KEY...`` with the deployment's settings in the environment
(benchmarks/shops_world.py ``ShopsWorld.env``): main.py's ``sync`` is called once per shop in the
order given, with the CloudEvent its Pub/Sub push would carry (the message ``dispatch`` publishes),
so each shop does exactly the work it does in the fan-out: its queued work drained, then its tick.
Its tick lines go to stderr as JSON (as deployed); stdout's last line is ``{wall_s, cpu_s, peak_mb}``.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import sys
import time
from typing import Any

from benchmarks.memory import cpu_seconds, peak_mb


def tick_event(key: str) -> Any:
    """The CloudEvent of the tick message ``dispatch`` publishes for shop ``key``."""
    from cloudevents.http import CloudEvent

    named = {"work": "tick", "shop": key}
    message = {"data": base64.b64encode(json.dumps(named).encode()).decode(), "attributes": named}
    attributes = {"type": "google.cloud.pubsub.topic.v1.messagePublished", "source": "//pubsub/bench"}
    return CloudEvent(attributes, {"message": message, "subscription": "bench"})


def main(keys: list[str]) -> int:
    import main as functions  # the deployed entry points (configures the JSON log lines)

    events = [tick_event(key) for key in keys]
    cpu, start = cpu_seconds(os.getpid()), time.perf_counter()
    for event in events:
        # A failing tick is logged as failed (its line is the outcome); Pub/Sub would deliver it again.
        with contextlib.suppress(Exception):
            functions.sync(event)
    wall, cpu = time.perf_counter() - start, cpu_seconds(os.getpid()) - cpu
    print(json.dumps({"wall_s": wall, "cpu_s": cpu, "peak_mb": peak_mb()}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
