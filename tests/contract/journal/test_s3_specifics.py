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


def _lose_first_answer(client: Any) -> list[int]:
    """botocore retries the first PutObject although it succeeded, as it does when the answer is lost
    on the way back (a timeout or a reset after the bucket stored the object)."""
    retried: list[int] = []

    def needs_retry(attempts: int, **_: Any) -> float | None:
        if attempts == 1 and not retried:
            retried.append(attempts)
            return 0.0
        return None

    client.meta.events.register("needs-retry.s3.PutObject", needs_retry, unique_id="lose-first-answer")
    return retried


def test_a_create_whose_answer_was_lost_and_retried_is_still_ours(s3_client: Any) -> None:
    bucket = f"journal-{uuid.uuid4().hex[:12]}"
    s3_client.create_bucket(Bucket=bucket)
    store = S3Store(s3_client, bucket)
    retried = _lose_first_answer(s3_client)
    try:
        # The retry meets the object the first attempt wrote (412); the write did happen, so it is
        # ours: Journal.append must not take the next counter and journal the entry twice.
        assert store.create("audit/2026/12/04/entry-000.json", b"entry")
        assert retried == [1]
        assert not store.create("audit/2026/12/04/entry-000.json", b"another writer's entry")
        assert not store.create("audit/2026/12/04/entry-000.json", b"entry")  # same bytes, another write
    finally:
        s3_client.meta.events.unregister("needs-retry.s3.PutObject", unique_id="lose-first-answer")
