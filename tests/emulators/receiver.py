"""A tiny push receiver for tests: records what the emulator sends, answers as told.

Decryption here is written independently of the emulator's crypto module (same published
algorithm, docs/platforms/wechat-shop.md#message-push), so that a mistake there cannot cancel out here.
"""

from __future__ import annotations

import base64
import hashlib
import json
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

TOKEN = "waybillrelaypushtoken"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"  # 43 chars


def sha1_sorted(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def open_envelope(cipher_b64: str, encoding_aes_key: str = AES_KEY) -> tuple[str, str]:
    """Return (json text, receive_id) from the base64 ``Encrypt`` field."""
    key = base64.b64decode(encoding_aes_key + "=")
    decryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).decryptor()
    plain = decryptor.update(base64.b64decode(cipher_b64)) + decryptor.finalize()
    pad = plain[-1]
    assert 1 <= pad <= 32 and plain[-pad:] == bytes([pad]) * pad, "PKCS#7 padding to 32"
    assert len(plain) % 32 == 0
    body = plain[16:-pad]
    (size,) = struct.unpack(">I", body[:4])
    return body[4 : 4 + size].decode(), body[4 + size :].decode()


class Receiver:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.reply = "success"
        self.status = 200
        self.delay = 0.0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return

            def _answer(self, text: str) -> None:
                if receiver.delay:
                    time.sleep(receiver.delay)
                data = text.encode()
                self.send_response(receiver.status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                query = dict(parse_qsl(urlsplit(self.path).query))
                receiver.requests.append({"method": "GET", "query": query})
                ok = query.get("signature") == sha1_sorted(TOKEN, query["timestamp"], query["nonce"])
                self._answer(query["echostr"] if ok else "bad signature")

            def do_POST(self) -> None:
                query = dict(parse_qsl(urlsplit(self.path).query))
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.requests.append({"method": "POST", "query": query, "body": json.loads(raw)})
                self._answer(receiver.reply)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/wechat/events"

    def posts(self) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["method"] == "POST"]

    def events(self) -> list[str]:
        return [open_envelope(p["body"]["Encrypt"])[0] for p in self.posts()]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
