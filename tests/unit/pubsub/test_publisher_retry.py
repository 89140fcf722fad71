"""The publisher in the one retry loop (shared/pubsub/retry_rules.py): answers from
httpx.MockTransport, a recording sleep, a fixed random draw and wall clock."""

from __future__ import annotations

import httpx
import pytest

from shared.pubsub import Publisher, PubSubRefused, PubSubSettings, PubSubUnavailable

NOW = 1_795_665_600.0  # Wed, 26 Nov 2026 04:00:00 GMT


class Google:
    """Answers each publish with the next (status, headers), then 200 with a message id."""

    def __init__(self, *answers: tuple[int, dict[str, str]]) -> None:
        self.answers = list(answers)
        self.requests = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        if not self.answers:
            return httpx.Response(200, json={"messageIds": ["7"]})
        status, headers = self.answers.pop(0)
        return httpx.Response(status, headers=headers, json={"error": {"code": status, "status": "X"}})


def publish(google: Google) -> tuple[str, list[float]]:
    slept: list[float] = []
    publisher = Publisher(
        PubSubSettings("http://pubsub.test", "p"),
        client=httpx.Client(transport=httpx.MockTransport(google)),
        sleep=slept.append,
        rand=lambda: 0.0,
        clock=lambda: NOW,
    )
    return publisher.publish("refresh", b"x"), slept


def test_a_retry_after_in_either_form_is_honoured() -> None:
    google = Google((503, {"Retry-After": "3"}), (429, {"Retry-After": "Wed, 26 Nov 2026 04:00:04 GMT"}))
    assert publish(google) == ("7", [3.0, 4.0])
    assert google.requests == 3


def test_a_long_retry_after_is_left_to_the_next_tick() -> None:
    google = Google((503, {"Retry-After": "Wed, 26 Nov 2026 04:01:00 GMT"}))
    with pytest.raises(PubSubUnavailable) as unavailable:
        publish(google)
    assert unavailable.value.retry_after == 60.0 and google.requests == 1


def test_a_refusal_is_not_retried() -> None:
    google = Google((404, {}))
    with pytest.raises(PubSubRefused):
        publish(google)
    assert google.requests == 1
