"""The HTTP base every emulator serves through (emulators/_http): the route table, the body cap,
answers (JSON, streamed, none at all), errors, and start/stop, over real HTTP on 127.0.0.1."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from emulators._http import Answer, Hangup, LoopbackServer, Request, Routes


def _echo(request: Request) -> Answer:
    return Answer.json(200, {"method": request.method, "path": request.path, "params": dict(request.params)})


def _not_found(request: Request) -> Answer:
    return Answer.json(404, {"error": f"nothing at {request.path}"})


# --- the route table (no sockets) ----------------------------------------------------------------


def test_a_field_is_one_segment_and_the_whole_path_must_match() -> None:
    routes = Routes(fallback=_not_found)
    routes.add("GET", "/orders/{order_id}", _echo)
    handler, params = routes.find("GET", "/orders/42")
    assert handler is _echo and params == {"order_id": "42"}
    assert routes.find("GET", "/orders/42/pay")[0] is _not_found
    assert routes.find("GET", "/x/orders/42")[0] is _not_found
    assert routes.find("POST", "/orders/42")[0] is _not_found  # the method is part of the route


def test_a_field_may_carry_its_own_pattern_with_quantifiers() -> None:
    routes = Routes(fallback=_not_found)
    routes.add("POST", "/v1/{name:projects/[a-z]{2,4}/topics/[a-z]+}:publish", _echo)
    assert routes.find("POST", "/v1/projects/ab/topics/t:publish")[1] == {"name": "projects/ab/topics/t"}
    assert routes.find("POST", "/v1/projects/abcde/topics/t:publish")[0] is _not_found
    assert routes.find("POST", "/v1/projects/ab/topics/t")[0] is _not_found  # literal text is literal


def test_the_first_route_added_wins_and_several_methods_share_one() -> None:
    routes = Routes(fallback=_not_found)
    specific = routes.add("GET POST", "/orders/bulk", _echo)
    routes.add("GET POST", "/orders/{order_id}", _not_found)
    assert routes.find("POST", "/orders/bulk")[0] is specific
    assert routes.find("GET", "/orders/bulk")[0] is specific
    assert routes.methods == frozenset({"GET", "POST"})


def test_trailing_slashes_are_ignored_only_when_asked() -> None:
    strict, lenient = Routes(fallback=_not_found), Routes(fallback=_not_found, ignore_trailing_slash=True)
    for routes in (strict, lenient):
        routes.add("GET", "/health", _echo)
    assert strict.find("GET", "/health/")[0] is _not_found
    assert lenient.find("GET", "/health//")[0] is _echo


# --- the server ----------------------------------------------------------------------------------


@pytest.fixture
def served() -> Iterator[tuple[str, list[str]]]:
    """A server on a small table; the list records every request a handler saw."""
    seen: list[str] = []
    routes = Routes(fallback=_not_found)

    def body(request: Request) -> Answer:
        seen.append(request.path)
        try:
            return Answer.json(200, {"got": request.json_object()})
        except ValueError as exc:
            return Answer.json(400, {"error": str(exc)})

    def drip(request: Request) -> Answer:
        data = b'{"slow": "' + b"x" * 40 + b'"}'
        pieces = (data[i : i + 8] for i in range(0, len(data), 8))
        return Answer.stream(200, pieces, len(data), pause=0.001)

    def broken(request: Request) -> Answer:
        raise RuntimeError("a bug")

    def lost(request: Request) -> Answer:
        raise Hangup

    routes.add("POST", "/body", body)
    routes.add("GET", "/drip", drip)
    routes.add("GET", "/broken", broken)
    routes.add("GET", "/lost", lost)
    routes.add("GET", "/items/{item}", _echo)
    server = LoopbackServer(
        routes,
        name="test-base",
        max_body=64,
        too_large=Answer.json(413, {"error": "too big"}),
        headers={"Cache-Control": "no-store"},
        server_version="TestEmulator/1",
    )
    with server as url:
        yield url, seen


def test_start_returns_the_loopback_url_and_stop_closes_the_port() -> None:
    routes = Routes(fallback=_not_found)
    routes.add("GET", "/here", _echo)
    server = LoopbackServer(routes, name="test-stop")
    with server as url:
        assert url.startswith("http://127.0.0.1:") and url == server.url
        assert httpx.get(url + "/here").status_code == 200
        assert httpx.get(url + "/anything").status_code == 404
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + "/anything", timeout=2)


def test_stopping_a_server_never_started_returns_at_once() -> None:
    LoopbackServer(Routes(fallback=_not_found), name="test-never").stop()


def test_answers_carry_the_servers_headers_and_the_route_params(served: tuple[str, list[str]]) -> None:
    url, _ = served
    answer = httpx.get(url + "/items/a%2Fb")
    assert answer.json() == {"method": "GET", "path": "/items/a%2Fb", "params": {"item": "a%2Fb"}}
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.headers["Server"].startswith("TestEmulator/1 ")
    assert answer.headers["Content-Type"] == "application/json; charset=utf-8"


def test_a_method_no_route_takes_is_501_as_the_standard_library_answers(
    served: tuple[str, list[str]],
) -> None:
    url, seen = served
    assert httpx.put(url + "/body", json={}).status_code == 501
    assert seen == []


def test_a_body_over_the_cap_is_refused_unread_and_never_routed(served: tuple[str, list[str]]) -> None:
    url, seen = served
    answer = httpx.post(url + "/body", json={"pad": "x" * 100})
    assert (answer.status_code, answer.json()) == (413, {"error": "too big"})
    assert answer.headers.get("Connection") == "close"
    assert seen == []
    assert httpx.post(url + "/body", json={"pad": "x" * 10}).json() == {"got": {"pad": "x" * 10}}


def test_the_json_body_reads_empty_as_an_object_and_refuses_other_json(
    served: tuple[str, list[str]],
) -> None:
    url, _ = served
    with httpx.Client(base_url=url) as client:  # one keep-alive connection for all three
        assert client.post("/body").json() == {"got": {}}
        refused = client.post("/body", json=[1, 2])
        assert (refused.status_code, refused.json()) == (400, {"error": "the body must be a JSON object"})
        assert client.post("/body", content=b"{not json").status_code == 400


def test_a_streamed_answer_arrives_whole_and_closes_the_connection(served: tuple[str, list[str]]) -> None:
    url, _ = served
    answer = httpx.get(url + "/drip")
    assert answer.json() == {"slow": "x" * 40}
    assert answer.headers["Content-Length"] == str(len(answer.content))
    assert answer.headers["Connection"] == "close"


def test_a_bug_in_a_handler_is_a_500_and_the_server_keeps_serving(
    served: tuple[str, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, _ = served
    answer = httpx.get(url + "/broken")
    assert (answer.status_code, answer.json()) == (500, {"error": "emulator error: RuntimeError"})
    assert "RuntimeError: a bug" in capsys.readouterr().err
    assert httpx.get(url + "/items/1").status_code == 200


def test_on_error_answers_in_the_emulators_own_shape() -> None:
    def refuse(request: Request) -> Answer:
        raise KeyError("sheetId")

    def google(request: Request, exc: Exception) -> Answer:
        return Answer.json(400, {"error": {"code": 400, "message": f"missing {exc}"}})

    routes = Routes(fallback=refuse)
    routes.add("GET", "/x", refuse)
    with LoopbackServer(routes, name="test-on-error", on_error=google) as url:
        answer = httpx.get(url + "/x")
    assert (answer.status_code, answer.json()["error"]["message"]) == (400, "missing 'sheetId'")


def test_hangup_closes_the_connection_without_an_answer(served: tuple[str, list[str]]) -> None:
    url, _ = served
    with pytest.raises(httpx.RemoteProtocolError):
        httpx.get(url + "/lost")


def test_requests_are_served_concurrently() -> None:
    """A slow handler does not hold up the next caller (one thread per connection)."""
    release = threading.Event()

    def slow(request: Request) -> Answer:
        release.wait(10)
        return Answer.json(200, {"slow": True})

    routes = Routes(fallback=_echo)
    routes.add("GET", "/slow", slow)
    with LoopbackServer(routes, name="test-threads") as url:
        done: dict[str, Any] = {}
        waiting = threading.Thread(target=lambda: done.update(slow=httpx.get(url + "/slow", timeout=20)))
        waiting.start()
        assert httpx.get(url + "/quick", timeout=5).json()["path"] == "/quick"  # answered meanwhile
        release.set()
        waiting.join(20)
    assert done["slow"].json() == {"slow": True}
