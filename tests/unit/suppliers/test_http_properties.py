"""Whatever JSON a supplier sends, a record gives updates or a problem; it never raises."""

from __future__ import annotations

import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st

from shared.suppliers.field_mapping import parse_time
from shared.suppliers.http_config import HttpSupplierConfig
from shared.suppliers.http_records import convert
from shared.suppliers.model import SourceProblem
from tests.unit.suppliers.rows import ENV, acme_row

CFG = HttpSupplierConfig.from_row(acme_row(), ENV)
PACKAGES = HttpSupplierConfig.from_row(
    acme_row(tracking_path="packages", package_number_field="no", package_courier_field="co"), ENV
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.sampled_from(["SENT", "LACK_STOCK", "CLOSED", "中通", "73123456789012", "2026-11-26 12:00:00"]),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
keys = st.sampled_from(
    [
        "orderNo",
        "outOrderNo",
        "orderStatus",
        "expressCompany",
        "expressNo",
        "deliverTime",
        "goods",
        "packages",
    ]
)
records = st.dictionaries(keys, json_values, max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.one_of(records, json_values))
def test_convert_never_raises(record: object) -> None:
    for cfg in (CFG, PACKAGES):
        outcome = convert(cfg, record, "ref")
        assert isinstance(outcome, SourceProblem | tuple)


@settings(max_examples=300, deadline=None)
@given(json_values, st.sampled_from(["auto", "epoch_s", "epoch_ms", "beijing", "iso"]))
def test_parse_time_raises_only_value_error(value: object, fmt: str) -> None:
    with contextlib.suppress(ValueError):
        parse_time(value, fmt)  # type: ignore[arg-type]
