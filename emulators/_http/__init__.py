"""The HTTP plumbing every emulator shares (standard library only, imports nothing of the product).

* ``Request`` and ``Answer``: what a handler receives and returns; ``Hangup`` closes the connection
  without an answer (a lost reply).
* ``Routes``: (method, path pattern) -> handler, with one fallback for everything else.
* ``LoopbackServer``: a threaded server on 127.0.0.1 that reads the body (with a size cap), finds the
  route and writes the answer; ``with server as url:`` serves on a background thread.

Each emulator keeps its own wire shapes (error bodies, JSON spelling); only the transport is here.
"""

from emulators._http.messages import JSON_UTF8, Answer, Hangup, NotAnObject, Request
from emulators._http.routes import Handler, Routes
from emulators._http.server import LoopbackServer

__all__ = [
    "JSON_UTF8",
    "Answer",
    "Handler",
    "Hangup",
    "LoopbackServer",
    "NotAnObject",
    "Request",
    "Routes",
]
