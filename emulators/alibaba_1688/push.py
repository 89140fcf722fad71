"""Push delivery: each queued message POSTed form-encoded (``message`` + ``_aop_signature``) to the
configured URL; HTTP 200 is delivered, anything else is tried ``push_attempts`` times and then
parked for the replay APIs (push.cursor.messageList ...). Switches repeat or reverse a batch, since
real delivery is at-least-once and unordered. The retry schedule and the ack body are not
documented: here retries are immediate and any 200 counts (README "fidelity").
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlencode

from emulators.alibaba_1688.signing import push_signature
from emulators.alibaba_1688.world import Message, World


def body_of(world: World, message: Message) -> tuple[str, bytes]:
    """The ``message`` JSON text and the form body carrying it, signed with its app's secret."""
    text = json.dumps(message.envelope(), ensure_ascii=False, separators=(",", ":"))
    secret = world.apps[message.app_key].secret
    return text, urlencode({"message": text, "_aop_signature": push_signature(secret, text)}).encode()


def _post(url: str, data: bytes) -> int:
    request = urllib.request.Request(
        url, data=data, method="POST", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:  # the URL the control API configured
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError:
        return 0


def deliver(world: World) -> list[dict[str, Any]]:
    """Send everything queued (outside the lock: the receiver may call the gateway back)."""
    with world.lock:
        batch, world.outbox = list(world.outbox), []
        url, scenario = world.push_url, world.scenario
        if not url:
            world.parked.extend(batch)
            return []
        if scenario.push_reorder:
            batch.reverse()
        if scenario.push_duplicate:
            batch = [m for message in batch for m in (message, message)]
        prepared = [(message, body_of(world, message)) for message in batch]
    outcomes: list[dict[str, Any]] = []
    for message, (_, data) in prepared:
        status = 0
        for _ in range(max(1, scenario.push_attempts)):
            status = _post(url, data)
            if status == 200:
                break
        outcomes.append({"msgId": message.msg_id, "type": message.topic, "status": status})
        with world.lock:
            if status != 200 and message not in world.parked:
                world.parked.append(message)
    with world.lock:
        world.deliveries.extend(outcomes)
    return outcomes
