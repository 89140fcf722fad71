"""Any S3-compatible bucket as the journal's object store, through boto3.

Conditional writes: ``create`` is PutObject with If-None-Match: *, ``replace`` PutObject with
If-Match: <etag>; a failed condition answers 412 PreconditionFailed (or 409
ConditionalRequestConflict when two writes race). AWS S3 and moto honour both. Other S3-compatible
stores may not (GCS interoperability, Tencent COS, Alibaba OSS, older MinIO: unverified), so
``probe_conditional_writes`` checks a bucket once; ``doctor`` reports it.

Retries: botocore's own, bounded (standard mode, 4 attempts, with jitter), and a timeout on every call.
A conditional write whose answer was lost is retried by botocore and then fails its own condition;
each write carries a token in the object's metadata, so that case is still reported as written.
"""

from __future__ import annotations

import uuid
from typing import Any

from shared.journal.errors import JournalConflict, JournalUnavailable
from shared.journal.store import Stored

_CONDITION_FAILED = {"PreconditionFailed", "ConditionalRequestConflict"}
_WRITER = "waybill-writer"  # x-amz-meta-waybill-writer: which write put the object there
_MISSING = {"NoSuchKey", "404", "NotFound"}


def make_client(endpoint_url: str | None = None, region: str = "us-east-1") -> Any:
    """A boto3 S3 client with bounded retries and timeouts. Credentials come from the environment
    (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY), never from the sheet."""
    import boto3
    from botocore.config import Config

    config = Config(
        retries={"max_attempts": 4, "mode": "standard"},
        connect_timeout=5,
        read_timeout=15,
        s3={"addressing_style": "path"},
    )
    return boto3.client("s3", endpoint_url=endpoint_url, region_name=region, config=config)


def _code(exc: Exception) -> tuple[str, str | None]:
    response = getattr(exc, "response", None) or {}
    error = response.get("Error", {})
    meta = response.get("ResponseMetadata", {})
    return str(error.get("Code", type(exc).__name__)), meta.get("RequestId")


class S3Store:
    # Unconditional writes of many objects (the archive index: two per archived order) go this many
    # at a time (``Journal.replace_all``); boto3's clients are thread-safe, and each PUT waits on a
    # round trip (tens of ms from another cloud), not on this process.
    write_concurrency = 8

    def __init__(self, client: Any, bucket: str, prefix: str = "", page_size: int = 1000) -> None:
        self.client = client
        self.page_size = page_size  # S3 lists at most 1,000 keys per call
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""

    def describe(self) -> str:
        endpoint = getattr(getattr(self.client, "meta", None), "endpoint_url", "?")
        return f"s3://{self.bucket}/{self.prefix} at {endpoint}"

    def _call(self, operation: str, **kwargs: Any) -> Any:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return getattr(self.client, operation)(Bucket=self.bucket, **kwargs)
        except ClientError as exc:
            code, request_id = _code(exc)
            if code in _CONDITION_FAILED:
                raise JournalConflict(
                    f"{operation}: condition failed", code=code, request_id=request_id
                ) from exc
            if code in _MISSING:
                raise KeyError(kwargs.get("Key")) from exc
            raise JournalUnavailable(f"{operation} failed", code=code, request_id=request_id) from exc
        except BotoCoreError as exc:
            raise JournalUnavailable(
                f"{operation} failed: {type(exc).__name__}", code=type(exc).__name__
            ) from exc

    def read(self, key: str) -> Stored | None:
        try:
            answer = self._call("get_object", Key=self.prefix + key)
        except KeyError:
            return None
        from botocore.exceptions import BotoCoreError

        try:
            data = answer["Body"].read()
        except BotoCoreError as exc:
            raise JournalUnavailable(f"reading {key} failed", code=type(exc).__name__) from exc
        return Stored(data, str(answer.get("ETag", "")))

    def create(self, key: str, data: bytes) -> bool:
        writer = uuid.uuid4().hex
        try:
            self._call(
                "put_object", Key=self.prefix + key, Body=data, IfNoneMatch="*", Metadata={_WRITER: writer}
            )
        except JournalConflict:
            return self._written_by(key, writer)
        return True

    def replace(self, key: str, data: bytes, etag: str | None) -> bool:
        writer = uuid.uuid4().hex
        extra = {"IfMatch": etag} if etag is not None else {}
        try:
            self._call("put_object", Key=self.prefix + key, Body=data, Metadata={_WRITER: writer}, **extra)
        except KeyError:
            return False
        except JournalConflict:
            return self._written_by(key, writer)
        return True

    def _written_by(self, key: str, writer: str) -> bool:
        """A failed condition can be our own write seen by botocore's retry: the first attempt landed,
        its answer was lost, and the retry found the object it had just written. Each write carries a
        token of its own in the object's metadata, so only that case counts as written (another
        writer's object, even with the same bytes, does not; without this an audit entry would be
        appended twice under the next counter)."""
        try:
            head = self._call("head_object", Key=self.prefix + key)
        except KeyError:
            return False
        return bool(head.get("Metadata", {}).get(_WRITER) == writer)

    def keys(self, prefix: str) -> list[str]:
        found: list[str] = []
        token: str | None = None
        while True:
            extra = {"ContinuationToken": token} if token else {}
            page = self._call("list_objects_v2", Prefix=self.prefix + prefix, MaxKeys=self.page_size, **extra)
            found.extend(item["Key"][len(self.prefix) :] for item in page.get("Contents", []))
            if not page.get("IsTruncated"):
                return sorted(found)
            token = page.get("NextContinuationToken")


def probe_conditional_writes(store: S3Store, probe_key: str = "_probe/conditional-write") -> bool:
    """True when the bucket refuses a second create of the same key (If-None-Match honoured)."""
    store.create(probe_key, b"probe")
    return not store.create(probe_key, b"probe again")
