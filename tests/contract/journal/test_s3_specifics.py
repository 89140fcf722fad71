"""What only the S3 store can get wrong: unreachable endpoints, conditional-write probing, paging."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from shared.journal.errors import JournalUnavailable
from shared.journal.s3_store import S3Store, make_client, probe_conditional_writes


def test_probe_reports_conditional_writes(s3_client: Any) -> None:
    bucket = f"journal-{uuid.uuid4().hex[:12]}"
    s3_client.create_bucket(Bucket=bucket)
    assert probe_conditional_writes(S3Store(s3_client, bucket))


def test_missing_bucket_is_journal_unavailable(s3_client: Any) -> None:
    with pytest.raises(JournalUnavailable) as err:
        S3Store(s3_client, "no-such-bucket-here").create("k", b"1")
    assert err.value.code == "NoSuchBucket"


def test_unreachable_endpoint_is_journal_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    client = make_client("http://127.0.0.1:9")  # discard port: nothing listens
    with pytest.raises(JournalUnavailable):
        S3Store(client, "journal-bucket").read("k")


def test_listing_follows_pages(s3_client: Any) -> None:
    bucket = f"journal-{uuid.uuid4().hex[:12]}"
    s3_client.create_bucket(Bucket=bucket)
    store = S3Store(s3_client, bucket, page_size=10)  # small pages: same protocol, fewer objects
    for i in range(25):
        store.create(f"audit/{i:05d}", b".")
    keys = store.keys("audit/")
    assert len(keys) == 25 and keys[0] == "audit/00000" and keys[-1] == "audit/00024"
