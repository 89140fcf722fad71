"""Misbehaving answers the fault switches of several emulators share: a body dripped a few bytes at a
time (each read well inside a per-read timeout, the whole answer slow) and a huge padded body written
in pieces (never held whole in memory)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from emulators._http.messages import Answer

_DRIP = 16  # bytes per piece
_PIECE = 65536


def dripped(status: int, data: bytes, drip_ms: int, headers: Mapping[str, str] | None = None) -> Answer:
    """``data`` 16 bytes at a time, ``drip_ms`` apart."""
    pieces = (data[start : start + _DRIP] for start in range(0, len(data), _DRIP))
    return Answer.stream(status, pieces, len(data), headers, pause=drip_ms / 1000)


def padded(
    status: int, head: bytes, tail: bytes, size: int, headers: Mapping[str, str] | None = None
) -> Answer:
    """A valid body of ``size`` bytes (at least head + tail): ``head``, then "x" padding, then ``tail``
    (the padding sits inside a JSON string the head opens and the tail closes)."""
    pad = max(0, size - len(head) - len(tail))

    def pieces() -> Iterator[bytes]:
        yield head
        left = pad
        while left > 0:
            yield b"x" * min(left, _PIECE)
            left -= _PIECE
        yield tail

    return Answer.stream(status, pieces(), len(head) + pad + len(tail), headers)
