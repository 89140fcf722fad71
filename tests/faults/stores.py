"""The matrix's store dimension: the journal in a local directory or in an S3 bucket (moto's server on
loopback, the same boto3 code the cloud uses), and the store wrapper that kills its own process at a
chosen write (how a kill -9 lands exactly at a push point without the product knowing of faults)."""

from __future__ import annotations

import logging
import os
import signal
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shared.journal.local_store import LocalDirStore
from shared.journal.s3_store import S3Store, make_client
from shared.journal.store import ObjectStore, Stored

STORES = ("local", "s3")
S3_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


@dataclass
class StoreSpec:
    """Where one world's journal lives, as the product's settings name it (for a tick subprocess or
    the functions), and the store itself."""

    kind: str
    env: dict[str, str]
    store: ObjectStore


@contextmanager
def moto_server() -> Iterator[str]:
    """moto's S3 server in a thread of this process, on a free loopback port."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    for name, value in S3_CREDENTIALS.items():
        os.environ.setdefault(name, value)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def make_store(kind: str, tmp: Path, s3_endpoint: str | None) -> StoreSpec:
    if kind == "local":
        root = tmp / "journal"
        return StoreSpec(kind, {"WAYBILL_JOURNAL_DIR": str(root)}, LocalDirStore(root))
    if kind != "s3" or s3_endpoint is None:
        raise ValueError(f"store {kind!r} needs {'an S3 endpoint' if kind == 's3' else 'local or s3'}")
    client = make_client(s3_endpoint)
    bucket = f"faults-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=bucket)
    env = {
        "WAYBILL_JOURNAL_BUCKET": bucket,
        "WAYBILL_JOURNAL_ENDPOINT": s3_endpoint,
        "WAYBILL_JOURNAL_PREFIX": "shop-1",
        **S3_CREDENTIALS,
    }
    return StoreSpec(kind, env, S3Store(client, bucket, prefix="shop-1"))


# What a kill point names: the journal's push records and audit entries by their key prefix.
KINDS = {"intent": "push/intents/", "outcome": "push/outcomes/", "audit": "audit/", "any": ""}


@dataclass(frozen=True)
class KillPoint:
    """SIGKILL this process right ``when`` ("before" or "after") the ``nth`` write of ``kind``."""

    kind: str
    nth: int
    when: str

    def __str__(self) -> str:
        return f"{self.when}-{self.kind}-{self.nth}"

    @classmethod
    def parse(cls, text: str) -> KillPoint:
        when, kind, nth = text.split("-")
        if when not in ("before", "after") or kind not in KINDS:
            raise ValueError(f"bad kill point {text!r}")
        return cls(kind, int(nth), when)


class KillingStore:
    """An ObjectStore that SIGKILLs its own process at a kill point; every other call goes through.
    ``create`` and ``replace`` count as writes (an audit entry, an intent, an outcome, state)."""

    def __init__(self, inner: ObjectStore, point: KillPoint) -> None:
        self.inner, self.point, self.seen = inner, point, 0

    def _write(self, key: str, write: Any) -> bool:
        hit = False
        if key.startswith(KINDS[self.point.kind]):
            self.seen += 1
            hit = self.seen == self.point.nth
        if hit and self.point.when == "before":
            os.kill(os.getpid(), signal.SIGKILL)
        done = bool(write())
        if hit and self.point.when == "after":
            os.kill(os.getpid(), signal.SIGKILL)
        return done

    def read(self, key: str) -> Stored | None:
        return self.inner.read(key)

    def create(self, key: str, data: bytes) -> bool:
        return self._write(key, lambda: self.inner.create(key, data))

    def replace(self, key: str, data: bytes, etag: str | None) -> bool:
        return self._write(key, lambda: self.inner.replace(key, data, etag))

    def keys(self, prefix: str) -> list[str]:
        return self.inner.keys(prefix)

    def describe(self) -> str:
        return f"{self.inner.describe()} (killed {self.point})"
