"""The unit lane's guard (tests/unit/conftest.py) refuses network sockets and processes."""

from __future__ import annotations

import socket
import subprocess
import sys

import httpx
import pytest

from tests.unit.conftest import NotInTheUnitLane


def test_a_tcp_connection_is_refused() -> None:
    with pytest.raises(NotInTheUnitLane):
        socket.create_connection(("127.0.0.1", 9), timeout=1)


def test_an_http_client_cannot_reach_loopback() -> None:
    with pytest.raises(NotInTheUnitLane), httpx.Client() as client:
        client.get("http://127.0.0.1:9/")


def test_a_server_cannot_listen() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server, pytest.raises(NotInTheUnitLane):
        server.bind(("127.0.0.1", 0))


def test_a_process_cannot_start() -> None:
    with pytest.raises(NotInTheUnitLane):
        subprocess.run([sys.executable, "-c", "pass"], check=False)


def test_unix_sockets_still_work() -> None:
    left, right = socket.socketpair()
    with left, right:
        left.sendall(b"ok")
        assert right.recv(2) == b"ok"
