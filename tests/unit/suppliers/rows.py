"""Example 供应商-tab rows for the generic HTTP adapter, shaped like the supplier-API emulator's JSON."""

from __future__ import annotations

from shared.suppliers.http_presets import PRESETS

ENV = {"WR_ACME_TOKEN": "tok-123456", "WR_ACME_SECRET": "sec-abcdef"}


def acme_row(**changes: str) -> dict[str, str]:
    """The erp_json preset spelled out (so a test can drop one key with "<drop>"), plus acme's own."""
    row = {
        **PRESETS["erp_json"],
        "supplier_id": "acme",
        "endpoint": "https://erp.acme.example/api/v1/orders",
        "token_env": "WR_ACME_TOKEN",
        "page_size": "20",
    }
    row.update(changes)
    return {key: value for key, value in row.items() if value != "<drop>"}
