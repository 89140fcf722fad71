"""The shipment-file drop on each store: a local directory, and an S3 bucket spoken over HTTP on
loopback to moto's server (the same boto3 code the cloud uses). Both list and read alike."""

from __future__ import annotations

import logging
import os
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from shared.journal.s3_store import make_client
from shared.suppliers.shipment_drop import LocalDrop, ShipmentDrop, ShipmentDropUnavailable
from shared.suppliers.shipment_drop_bucket import BucketDrop


@pytest.fixture(scope="module")
def moto_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@dataclass
class Place:
    """A drop and a way to put a file into it (as a supplier or an operator uploads one)."""

    drop: ShipmentDrop
    put: Callable[[str, bytes], None]  # "FOLDER/name" -> bytes
    kind: str


@pytest.fixture(params=["local", "s3"])
def place(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Place:
    if request.param == "local":
        root = tmp_path / "drop"

        def put_local(key: str, data: bytes) -> None:
            path = root / key
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

        return Place(LocalDrop(root), put_local, "local")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    client = make_client(request.getfixturevalue("moto_endpoint"))
    bucket = f"drop-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=bucket)

    def put_s3(key: str, data: bytes) -> None:
        client.put_object(Bucket=bucket, Key=f"suppliers/{key}", Body=data)

    return Place(BucketDrop(client, bucket, "suppliers/"), put_s3, "s3")


def test_only_shipment_files_directly_in_the_folder_are_listed_by_name(place: Place) -> None:
    for key in (
        "ACME/b.xlsx",
        "ACME/a.CSV",
        "ACME/.uploading.csv",
        "ACME/~$a.xlsx",
        "ACME/notes.txt",
        "ACME/old/c.csv",
        "OTHER/d.csv",
    ):
        place.put(key, b"x" * 3)
    files = place.drop.files("ACME")
    assert [(f.folder, f.name, f.size) for f in files] == [("ACME", "a.CSV", 3), ("ACME", "b.xlsx", 3)]
    assert [f.key for f in files] == ["ACME/a.CSV", "ACME/b.xlsx"]
    assert place.drop.files("NOBODY") == []


def test_a_read_stops_one_byte_past_the_limit(place: Place) -> None:
    place.put("ACME/big.csv", b"0123456789" * 10)
    (file,) = place.drop.files("ACME")
    assert place.drop.read(file, 20) == b"0123456789" * 2 + b"0"
    assert place.drop.read(file, 1000) == b"0123456789" * 10


def test_a_file_dropped_again_with_other_content_has_another_version(place: Place) -> None:
    place.put("ACME/a.csv", b"first")
    (before,) = place.drop.files("ACME")
    if place.kind == "local":
        time.sleep(0.01)  # a modification time the file system can tell apart
    place.put("ACME/a.csv", b"second!")
    (after,) = place.drop.files("ACME")
    assert before.version != after.version and after.size == 7


def test_a_folder_that_is_not_a_supplier_key_is_refused(place: Place) -> None:
    for folder in ("", "..", "a/b", "../ACME", "ACME LTD"):
        with pytest.raises(ValueError):
            place.drop.files(folder)


def test_a_file_replaced_after_the_listing_is_left_for_the_next_tick(place: Place) -> None:
    place.put("ACME/a.csv", b"first")
    (listed,) = place.drop.files("ACME")
    place.put("ACME/a.csv", b"second")
    if place.kind == "s3":
        with pytest.raises(ShipmentDropUnavailable) as caught:
            place.drop.read(listed, 100)  # not the version listed: If-Match refuses it
        assert caught.value.code == "PreconditionFailed"
    else:
        assert place.drop.read(listed, 100) == b"second"  # the next listing gives a new version


def test_a_symbolic_link_in_a_local_folder_is_never_followed(tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere.csv"
    secret.write_text("not the supplier's", encoding="utf-8")
    folder = tmp_path / "drop" / "ACME"
    folder.mkdir(parents=True)
    os.symlink(secret, folder / "link.csv")
    drop = LocalDrop(tmp_path / "drop")
    assert drop.files("ACME") == []


def test_a_store_that_does_not_answer_is_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    client: Any = make_client("http://127.0.0.1:9")  # nothing listens on the discard port
    with pytest.raises(ShipmentDropUnavailable) as caught:
        BucketDrop(client, "drop").files("ACME")
    assert caught.value.code == "EndpointConnectionError"
