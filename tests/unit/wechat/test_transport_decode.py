"""How one HTTP answer becomes JSON or an error (real httpx.Response objects, no network)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from shared.wechat import errors as e
from shared.wechat.transport import Transport


@pytest.fixture
def transport() -> Iterator[Transport]:
    t = Transport("http://127.0.0.1:9", timeout=1.0, max_connections=1, clock=lambda: 1_000_000.0)
    yield t
    t.close()


def decode(
    t: Transport, status: int, content: bytes, headers: dict[str, str] | None = None
) -> dict[str, object]:
    return t._decode(httpx.Response(status, content=content, headers=headers), "/p", False)


def test_success_envelope_and_bare_token_answer(transport: Transport) -> None:
    assert decode(transport, 200, b'{"errcode":0,"errmsg":"ok","x":1}')["x"] == 1
    assert decode(transport, 200, b'{"access_token":"t","expires_in":7200}')["expires_in"] == 7200


def test_errcode_with_retry_after(transport: Transport) -> None:
    with pytest.raises(e.MinuteQuotaError) as err:
        decode(transport, 200, b'{"errcode":45011,"errmsg":"slow down rid: a-b-c"}', {"Retry-After": "7"})
    assert err.value.retry_after == 7.0 and err.value.rid == "a-b-c" and err.value.path == "/p"


@pytest.mark.parametrize(
    ("status", "content", "cls"),
    [
        (403, b"", e.IpNotAllowedError),
        (502, b"<html>bad gateway</html>", e.ServerError),
        (429, b"", e.ServerError),
        (404, b"not here", e.HttpStatusError),
        (200, b"<html>", e.ProtocolError),
        (200, b"[1, 2]", e.ProtocolError),
    ],
)
def test_non_envelope_answers(
    transport: Transport, status: int, content: bytes, cls: type[e.WeChatError]
) -> None:
    with pytest.raises(cls) as err:
        decode(transport, status, content)
    assert type(err.value) is cls and err.value.errcode is None


def test_errcode_wins_over_http_status(transport: Transport) -> None:
    with pytest.raises(e.IpNotAllowedError) as err:
        decode(transport, 200, b'{"errcode":61004,"errmsg":"not in ip-white-list"}')
    assert err.value.errcode == 61004
