"""Delivers queued events to the configured URL in safe mode, with the platform's retry schedule.

Retries follow docs/platforms/wechat-shop.md#message-push: after a failed push the next one is due
0s/0s/10s/1m/5m/30m/60m/60m/60m later (at most 10 pushes). Due times use the emulator clock, so tests compress
the schedule with /_emulator/clock/advance.
"""

from __future__ import annotations

import json
import secrets
import threading
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from .crypto import encrypt, signature
from .state import State

RETRY_DELAYS = (0, 0, 10, 60, 300, 1800, 3600, 3600, 3600)
MAX_PUSHES = len(RETRY_DELAYS) + 1


def _post(state: State, cfg: dict[str, Any], plaintext: bytes) -> tuple[bool, str]:
    timestamp = str(state.now_s())
    nonce = str(secrets.randbelow(10**10))
    cipher = encrypt(plaintext, cfg["encoding_aes_key"], state.appid)
    query = {
        "signature": signature(cfg["token"], timestamp, nonce),
        "timestamp": timestamp,
        "nonce": nonce,
        "encrypt_type": "aes",
        "msg_signature": signature(cfg["token"], timestamp, nonce, cipher),
    }
    url = cfg["url"] + ("&" if "?" in cfg["url"] else "?") + urllib.parse.urlencode(query)
    data = json.dumps({"ToUserName": state.username, "Encrypt": cipher}).encode()
    req = urllib.request.Request(url, data=data, method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=float(cfg.get("timeout_s") or 5.0)) as resp:
            reply = resp.read().decode(errors="replace").strip()
            if resp.status == 200 and reply in ("success", ""):
                return True, f"200 {reply!r}"
            return False, f"{resp.status} {reply[:80]!r}"
    except urllib.error.HTTPError as exc:
        return False, f"HTTP {exc.code}"
    except (OSError, ValueError) as exc:
        return False, f"{type(exc).__name__}: {exc}"


def deliver_due(state: State) -> list[dict[str, Any]]:
    """Push every due pending event once (plus injected duplicates); return what happened."""
    with state.lock:
        cfg = dict(state.push)
        if not (cfg.get("url") and cfg.get("token") and cfg.get("encoding_aes_key")):
            return []
        now = state.now()
        batch = [i for i in state.outbox if i["status"] == "pending" and i["due"] <= now]
        for item in batch:
            item["status"] = "in_flight"
    results = []
    for item in batch:
        plaintext = json.dumps(item["message"], ensure_ascii=False, separators=(",", ":")).encode()
        ok, note = _post(state, cfg, plaintext)
        duplicate = False
        with state.lock:
            if ok:
                if state.push["duplicate_next"] > 0:
                    state.push["duplicate_next"] -= 1
                    duplicate = True
                elif state.rng.random() < float(state.push["duplicate_probability"]):
                    duplicate = True
        dup_note = _post(state, cfg, plaintext)[1] if duplicate else None
        with state.lock:
            item["attempts"] += 1
            item["history"].append({"at": state.now_s(), "ok": ok, "reply": note})
            if dup_note is not None:
                item["history"].append(
                    {"at": state.now_s(), "ok": True, "reply": dup_note, "duplicate": True}
                )
            if ok:
                item["status"] = "delivered"
            elif item["attempts"] >= MAX_PUSHES:
                item["status"] = "failed"
            else:
                item["status"] = "pending"
                item["due"] = state.now() + RETRY_DELAYS[item["attempts"] - 1]
            results.append({"id": item["id"], "event": item["event"], "ok": ok, "reply": note})
    if results:
        state.save()
    return results


def verify_url(state: State) -> dict[str, Any]:
    """The URL-verification GET: the target must echo ``echostr`` verbatim
    (docs/platforms/wechat-shop.md#message-push)."""
    with state.lock:
        cfg = dict(state.push)
        timestamp = str(state.now_s())
    nonce = str(secrets.randbelow(10**10))
    echostr = str(secrets.randbelow(10**19))
    query = {
        "signature": signature(cfg["token"], timestamp, nonce),
        "timestamp": timestamp,
        "nonce": nonce,
        "echostr": echostr,
    }
    url = cfg["url"] + ("&" if "?" in cfg["url"] else "?") + urllib.parse.urlencode(query)
    try:
        with urllib.request.urlopen(url, timeout=float(cfg.get("timeout_s") or 5.0)) as resp:
            reply = resp.read().decode(errors="replace")
            return {
                "ok": resp.status == 200 and reply == echostr,
                "status": resp.status,
                "reply": reply[:200],
            }
    except urllib.error.HTTPError as exc:
        return {"ok": False, "status": exc.code, "reply": ""}
    except (OSError, ValueError) as exc:
        return {"ok": False, "status": 0, "reply": f"{type(exc).__name__}: {exc}"}


class PushWorker(threading.Thread):
    """Background delivery while ``push.auto`` is on."""

    def __init__(self, state: State, interval: float = 0.05) -> None:
        super().__init__(name="wechat-shop-push", daemon=True)
        self.state = state
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            if self.state.push.get("auto"):
                try:
                    deliver_due(self.state)
                except Exception:  # never let the worker die; the outbox records each try
                    continue

    def stop(self) -> None:
        self.stopped.set()
