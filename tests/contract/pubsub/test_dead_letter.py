"""The Pub/Sub emulator's dead lettering, as the deployment's tick subscription uses it
(infra/terraform/tick_delivery.tf): a message that fails every allowed delivery is forwarded to the
dead-letter topic with Pub/Sub's source attributes, and each push says which attempt it is."""

from __future__ import annotations

import base64

import httpx

from emulators.pubsub.server import PubSubEmulator
from shared.pubsub import Publisher
from tests.contract.pubsub.conftest import PROJECT, Endpoint, create_topic

DEAD = f"projects/{PROJECT}/topics/tick-dead-letter"


def _subscribe(emulator: PubSubEmulator, push_to: str, policy: object) -> httpx.Response:
    return httpx.put(
        f"{emulator.url}/v1/projects/{PROJECT}/subscriptions/tick-sync",
        json={
            "topic": f"projects/{PROJECT}/topics/tick",
            "pushConfig": {"pushEndpoint": push_to},
            "deadLetterPolicy": policy,
        },
    )


def test_a_message_failing_every_delivery_is_parked_on_the_dead_letter_topic(
    emulator: PubSubEmulator, publisher: Publisher, endpoint: Endpoint
) -> None:
    endpoint.statuses = [500] * 5 + [200] * 5  # the first message fails five times, the second passes
    create_topic(emulator, "tick")
    create_topic(emulator, "tick-dead-letter")
    made = _subscribe(emulator, f"{endpoint.url}/sync", {"deadLetterTopic": DEAD, "maxDeliveryAttempts": 5})
    assert made.status_code == 200, made.text
    assert made.json()["deadLetterPolicy"] == {"deadLetterTopic": DEAD, "maxDeliveryAttempts": 5}

    first = publisher.publish("tick", b'{"work": "tick", "shop": "b"}', {"shop": "b"})
    assert emulator.wait_idle(10)
    second = publisher.publish("tick", b'{"work": "tick", "shop": "a"}', {"shop": "a"})
    assert emulator.wait_idle(10)

    attempts = [(b["message"]["messageId"], b["deliveryAttempt"]) for b in endpoint.bodies]
    assert attempts == [(first, 1), (first, 2), (first, 3), (first, 4), (first, 5), (second, 1)]
    parked = emulator.state.messages(DEAD)
    assert len(parked) == 1
    assert base64.b64decode(parked[0].data) == b'{"work": "tick", "shop": "b"}'
    assert parked[0].attributes == {
        "shop": "b",
        "CloudPubSubDeadLetterSourceDeliveryCount": "5",
        "CloudPubSubDeadLetterSourceSubscription": "tick-sync",
        "CloudPubSubDeadLetterSourceSubscriptionProject": PROJECT,
        "CloudPubSubDeadLetterSourceTopicPublishTime": parked[0].attributes[
            "CloudPubSubDeadLetterSourceTopicPublishTime"
        ],
    }
    sub = emulator.state.snapshot()["subscriptions"][f"projects/{PROJECT}/subscriptions/tick-sync"]
    assert (sub["delivered"], sub["failedAttempts"], sub["deadLettered"], sub["queued"]) == (1, 5, 1, 0)


def test_without_a_policy_a_failing_message_is_retried_and_never_parked(
    emulator: PubSubEmulator, publisher: Publisher, endpoint: Endpoint
) -> None:
    endpoint.statuses = [500] * 6
    create_topic(emulator, "tick")
    made = httpx.put(
        f"{emulator.url}/v1/projects/{PROJECT}/subscriptions/tick-sync",
        json={
            "topic": f"projects/{PROJECT}/topics/tick",
            "pushConfig": {"pushEndpoint": f"{endpoint.url}/s"},
        },
    )
    assert made.status_code == 200 and "deadLetterPolicy" not in made.json()
    publisher.publish("tick", b"tick")
    assert emulator.wait_idle(10)
    assert len(endpoint.bodies) == 7 and all("deliveryAttempt" not in b for b in endpoint.bodies)


def test_the_policy_is_checked_as_the_service_checks_it(emulator: PubSubEmulator, endpoint: Endpoint) -> None:
    create_topic(emulator, "tick")
    push = f"{endpoint.url}/sync"
    for attempts in (4, 101, -1, "five", True):
        refused = _subscribe(emulator, push, {"deadLetterTopic": DEAD, "maxDeliveryAttempts": attempts})
        assert refused.status_code == 400, attempts
        assert refused.json()["error"]["status"] == "INVALID_ARGUMENT"
    missing = _subscribe(emulator, push, {"deadLetterTopic": DEAD})  # the topic does not exist
    assert missing.status_code == 404
    create_topic(emulator, "tick-dead-letter")
    default = _subscribe(emulator, push, {"deadLetterTopic": DEAD, "maxDeliveryAttempts": 0})
    assert default.status_code == 200
    assert default.json()["deadLetterPolicy"]["maxDeliveryAttempts"] == 5  # 0 means the default
