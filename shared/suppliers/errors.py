"""The supplier adapters' exception family. No raw httpx/openpyxl error leaves an adapter."""

from __future__ import annotations

from shared.domain.text import Bilingual


class SupplierError(Exception):
    """Root: carries the supplier id, the HTTP status or platform code, and the request id if any."""

    def __init__(
        self,
        message: str,
        *,
        supplier_id: str | None = None,
        code: str | int | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.supplier_id = supplier_id
        self.code = code
        self.request_id = request_id

    def __str__(self) -> str:
        parts = [super().__str__()]
        if self.supplier_id:
            parts.append(f"supplier={self.supplier_id}")
        if self.code is not None:
            parts.append(f"code={self.code}")
        if self.request_id:
            parts.append(f"request_id={self.request_id}")
        return " ".join(parts)


class SupplierAuthError(SupplierError):
    """The supplier refused our credentials (401/403): fix the key in the settings, retrying will not help."""


class SupplierUnavailable(SupplierError):
    """The supplier's system failed or timed out after the bounded retries; try again next tick."""


class SupplierConfigError(SupplierError):
    """The supplier's configuration (供应商 tab or environment) is incomplete or invalid."""


class SupplierSettingsError(SupplierConfigError):
    """A 供应商-tab row that cannot be used; ``message`` (in the sheet's language) goes to its 状态 cell."""

    def __init__(self, message: Bilingual, *, supplier_id: str | None, code: str) -> None:
        super().__init__(message.joined(), supplier_id=supplier_id, code=code)
        self.message = message


class SupplierDataError(SupplierError):
    """The supplier answered with data we cannot read (not JSON, wrong shape, unreadable file)."""


class ShipmentFileError(SupplierDataError):
    """A shipment file (发货单) that cannot be read: too large, damaged, not CSV/XLSX, too many rows.
    ``message`` names the file; the exception's text is both languages, joined by " / "."""

    def __init__(self, message: Bilingual) -> None:
        super().__init__(message.joined())
        self.message = message
