"""A TCP proxy on loopback that holds each piece a client sends for ``delay_ms`` before passing it on:
a network round trip's wait added to every request, for benchmarks of what a remote store costs
(``python -c`` through benchmarks/processes.py ``spawn``; its first stdout line says where it listens).
Answers pass straight back. It stops when its stdin closes."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import threading


async def _pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay: float) -> None:
    try:
        while piece := await reader.read(65536):
            if delay:
                await asyncio.sleep(delay)
            writer.write(piece)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


async def _serve(target_host: str, target_port: int, delay: float) -> None:
    async def handle(client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(target_host, target_port)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(
            _pump(client_reader, upstream_writer, delay), _pump(upstream_reader, client_writer, 0.0)
        )

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print(json.dumps({"url": f"http://127.0.0.1:{port}"}), flush=True)
    async with server:
        await server.serve_forever()


def main(target: str, delay_ms: float) -> None:
    host, _, port = target.removeprefix("http://").partition(":")
    threading.Thread(target=_exit_when_stdin_closes, daemon=True).start()
    asyncio.run(_serve(host, int(port), delay_ms / 1000))


def _exit_when_stdin_closes() -> None:
    sys.stdin.read()
    os._exit(0)  # the event loop is busy serving: end the process from here
