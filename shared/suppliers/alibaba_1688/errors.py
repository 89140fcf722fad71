"""The 1688 adapter's exception family. Its root, ``AlibabaError``, carries 1688's own code
(``gw.SignatureInvalid``, ``401``, ``500_2`` ...) and the gateway's request id; each member is also
the supplier family's member of the same meaning, so the tick treats a 1688 failure like any
supplier's (shared/suppliers/errors.py). No httpx error leaves the adapter."""

from __future__ import annotations

from shared.suppliers.errors import (
    SupplierAuthError,
    SupplierConfigError,
    SupplierDataError,
    SupplierError,
    SupplierUnavailable,
)


class AlibabaError(SupplierError):
    """Root: ``code`` is 1688's error code (or the HTTP status), ``request_id`` the gateway's."""


class AlibabaAuthError(AlibabaError, SupplierAuthError):
    """The token cannot be had (no refresh token, refresh refused, 401 after a refresh) or the
    app is not allowed the API (``gw.APIACLDecline``): a person must re-authorize or ask 1688."""


class AlibabaUnavailable(AlibabaError, SupplierUnavailable):
    """Rate limited (``gw.Qos*``), 1688's backend failed or timed out (``gw.ISP*``, 5xx), or the
    network failed, after the bounded retries: the next tick tries again."""


class AlibabaRequestError(AlibabaError, SupplierConfigError):
    """The gateway refused the request itself (signature, app key, parameters, unknown API): the
    app key/secret settings or this adapter are wrong; retrying cannot help."""


class AlibabaDataError(AlibabaError, SupplierDataError):
    """1688 answered with something this adapter cannot read (not JSON, wrong shape)."""


class AlibabaBusinessError(AlibabaError, SupplierDataError):
    """An API's own refusal (HTTP 200, ``success: false``): ``500_2`` not shipped yet, ``404`` no
    trace, ``order.nopermission.buyer`` not this buyer's order ... The source reads the codes it
    expects; any other reaches the tick as a data error."""
