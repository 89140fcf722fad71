"""Contract: the product's Publisher (shared/pubsub) against the Pub/Sub emulator (emulators/pubsub)."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from emulators.control import PubSubControl
from emulators.pubsub.server import PubSubEmulator
from shared.pubsub import Publisher, PubSubRefused, PubSubSettings, PubSubUnavailable
from shared.pubsub.retry_rules import DEFAULT_RETRY
from tests.contract.pubsub.conftest import PROJECT, Endpoint, create_topic, subscribe


def _state(emulator: PubSubEmulator) -> dict[str, Any]:
    with PubSubControl(emulator.url) as control:
        return control.state()


def test_publish_returns_the_message_id_and_the_topic_holds_it(
    emulator: PubSubEmulator, publisher: Publisher
) -> None:
    create_topic(emulator, "refresh")

    first = publisher.publish("refresh", b'{"work": "edits"}', {"kind": "edits"})
    second = publisher.publish("refresh", b"again")

    assert first and second and first != second
    state = _state(emulator)
    assert state["topics"] == {f"projects/{PROJECT}/topics/refresh": 2}


def test_an_unknown_topic_is_refused_with_not_found_and_not_retried(
    emulator: PubSubEmulator, publisher: Publisher
) -> None:
    with pytest.raises(PubSubRefused) as refused:
        publisher.publish("no-such-topic", b"x")

    assert refused.value.status == "NOT_FOUND"
    assert refused.value.http_status == 404


def test_a_503_is_retried_then_reported_unavailable(endpoint: Endpoint) -> None:
    endpoint.statuses = [503] * 10
    slept: list[float] = []
    publisher = Publisher(PubSubSettings(endpoint.url, PROJECT), sleep=slept.append, rand=lambda: 0.5)

    with pytest.raises(PubSubUnavailable) as unavailable:
        publisher.publish("refresh", b"x")

    assert unavailable.value.http_status == 503
    assert unavailable.value.status == "UNAVAILABLE"
    assert len(endpoint.paths) == DEFAULT_RETRY.attempts == 3
    assert endpoint.paths[0] == f"/v1/projects/{PROJECT}/topics/refresh:publish"
    assert len(slept) == DEFAULT_RETRY.attempts - 1
    assert all(0 < s <= DEFAULT_RETRY.max_delay for s in slept)


def test_a_503_then_an_answer_publishes_on_the_retry(endpoint: Endpoint) -> None:
    endpoint.statuses = [503]
    publisher = Publisher(PubSubSettings(endpoint.url, PROJECT), sleep=lambda _s: None)

    assert publisher.publish("refresh", b"x") == "7"
    assert len(endpoint.paths) == 2


def test_nothing_listening_is_unavailable() -> None:
    publisher = Publisher(PubSubSettings("http://127.0.0.1:9", PROJECT), sleep=lambda _s: None)

    with pytest.raises(PubSubUnavailable) as unavailable:
        publisher.publish("refresh", b"x")
    assert unavailable.value.http_status is None


def test_a_push_subscription_delivers_the_raw_push_body(
    emulator: PubSubEmulator, publisher: Publisher, endpoint: Endpoint
) -> None:
    create_topic(emulator, "refresh")
    subscribe(
        emulator, "refresh", "refresh-push", f"{endpoint.url}/refresh/projects/{PROJECT}/topics/refresh"
    )

    message_id = publisher.publish("refresh", b"work is waiting", {"kind": "edits"})

    assert emulator.wait_idle(10)
    assert endpoint.paths == [f"/refresh/projects/{PROJECT}/topics/refresh"]
    body = endpoint.bodies[0]
    assert body["subscription"] == f"projects/{PROJECT}/subscriptions/refresh-push"
    assert body["message"]["messageId"] == message_id
    assert base64.b64decode(body["message"]["data"]) == b"work is waiting"
    assert body["message"]["attributes"] == {"kind": "edits"}


def test_a_failing_receiver_gets_the_message_again(
    emulator: PubSubEmulator, publisher: Publisher, endpoint: Endpoint
) -> None:
    endpoint.statuses = [500, 503]
    create_topic(emulator, "tick")
    subscribe(emulator, "tick", "tick-push", f"{endpoint.url}/sync")

    message_id = publisher.publish("tick", b"tick")

    assert emulator.wait_idle(10)
    assert [b["message"]["messageId"] for b in endpoint.bodies] == [message_id] * 3
    sub = _state(emulator)["subscriptions"][f"projects/{PROJECT}/subscriptions/tick-push"]
    assert (sub["delivered"], sub["failedAttempts"], sub["queued"]) == (1, 2, 0)


def test_a_message_published_before_anyone_subscribed_is_not_delivered(
    emulator: PubSubEmulator, publisher: Publisher, endpoint: Endpoint
) -> None:
    # As in Pub/Sub: a subscription receives what is published after it exists.
    create_topic(emulator, "refresh")
    publisher.publish("refresh", b"early")
    subscribe(emulator, "refresh", "late", f"{endpoint.url}/late")
    publisher.publish("refresh", b"late")

    assert emulator.wait_idle(10)
    assert [base64.b64decode(b["message"]["data"]) for b in endpoint.bodies] == [b"late"]
