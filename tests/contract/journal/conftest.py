"""Every journal test runs on each store: a local directory, and S3 spoken over HTTP on loopback to
moto's server (the same boto3 code the cloud uses; ``moto_endpoint`` is in tests/conftest.py)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from shared.journal.local_store import LocalDirStore
from shared.journal.s3_store import S3Store, make_client
from shared.journal.store import ObjectStore


@pytest.fixture
def s3_client(moto_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    return make_client(moto_endpoint)


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> ObjectStore:
    if request.param == "local":
        return LocalDirStore(tmp_path / "journal")
    client = request.getfixturevalue("s3_client")
    bucket = f"journal-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=bucket)
    return S3Store(client, bucket, prefix="shop-1")
