"""Supplier folders in an S3-compatible bucket (``WAYBILL_SUPPLIER_FILES=s3://bucket/prefix``): the
cloud's shipment-file drop (shipment_drop.py), read through a boto3 client the app builds (bounded
retries and timeouts, credentials from the environment, as the journal's).

A folder is listed with ListObjectsV2 (``prefix/FOLDER/``, delimiter ``/``: files directly in it
only); a file is read with one ranged GetObject (its first ``limit + 1`` bytes) that must still be the
version listed (``If-Match`` its ETag): a file replaced meanwhile is read by the next tick, whole.
Every failure is ``ShipmentDropUnavailable`` carrying the store's error code and request id.
"""

from __future__ import annotations

from typing import Any

from shared.suppliers.shipment_drop import (
    DroppedFile,
    ShipmentDropUnavailable,
    is_folder_name,
    is_shipment_file,
)

_PAGES = 10  # 10,000 files in one supplier's folder at most are looked at


class BucketDrop:
    def __init__(self, client: Any, bucket: str, prefix: str = "") -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""

    def describe(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"

    def _call(self, operation: str, **kwargs: Any) -> Any:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return getattr(self.client, operation)(Bucket=self.bucket, **kwargs)
        except ClientError as exc:
            response = getattr(exc, "response", None) or {}
            code = str(response.get("Error", {}).get("Code", "ClientError"))
            request_id = response.get("ResponseMetadata", {}).get("RequestId")
            raise ShipmentDropUnavailable(
                f"shipment files: {operation} failed", code=code, request_id=request_id
            ) from None
        except BotoCoreError as exc:
            raise ShipmentDropUnavailable(
                f"shipment files: {operation} failed ({type(exc).__name__})", code=type(exc).__name__
            ) from None

    def files(self, folder: str) -> list[DroppedFile]:
        if not is_folder_name(folder):
            raise ValueError(f"not a supplier folder: {folder!r}")
        where = f"{self.prefix}{folder}/"
        found: list[DroppedFile] = []
        token: dict[str, str] = {}
        for _ in range(_PAGES):
            page = self._call("list_objects_v2", Prefix=where, Delimiter="/", **token)
            for item in page.get("Contents", []):
                name = str(item["Key"])[len(where) :]
                if is_shipment_file(name):
                    found.append(DroppedFile(folder, name, int(item["Size"]), str(item["ETag"])))
            if not page.get("IsTruncated"):
                break
            token = {"ContinuationToken": str(page["NextContinuationToken"])}
        return sorted(found, key=lambda f: f.name)

    def read(self, file: DroppedFile, limit: int) -> bytes:
        if not is_folder_name(file.folder) or not is_shipment_file(file.name):
            raise ValueError(f"not a shipment file: {file.key!r}")
        answer = self._call(
            "get_object", Key=f"{self.prefix}{file.key}", Range=f"bytes=0-{limit}", IfMatch=file.version
        )
        try:
            return bytes(answer["Body"].read(limit + 1))
        except Exception as exc:  # the body's stream broke off: the next tick reads it again
            raise ShipmentDropUnavailable(
                f"shipment files: reading {file.key} broke off ({type(exc).__name__})"
            ) from None
