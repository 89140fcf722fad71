"""The web view (/ui/...). Placeholder until the view lands."""

from __future__ import annotations

from .app import Emulator


def handle(emu: Emulator, method: str, path: str, query: str, body: bytes) -> tuple[int, str, bytes]:
    return 404, "text/plain; charset=utf-8", b"web view not built yet"
