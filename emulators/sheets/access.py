"""Who the caller is, and whether a spreadsheet is shared with them.

Google answers 404 for a spreadsheet ID that does not exist and 403 PERMISSION_DENIED "The caller
does not have permission" for one that exists but is not shared with the caller (recorded in
gspread's cassette ``ClientTest.test_access_private_spreadsheet``). The emulator has no accounts:
the caller is its bearer token ("anonymous" without one), a spreadsheet is open to every caller
unless the control API gave it a ``sharedWith`` list.
"""

from __future__ import annotations

from .errors import ApiError
from .store import Spreadsheet

ANONYMOUS = "anonymous"


def check(ss: Spreadsheet, caller: str) -> None:
    if ss.shared_with is not None and caller not in ss.shared_with:
        raise ApiError(403, "The caller does not have permission", status="PERMISSION_DENIED")


def email(caller: str) -> str:
    """The caller as an e-mail (the creator Sheets lists as a protected range's editor): a token
    that looks like an address is that address, any other token gets a stand-in one."""
    return caller if "@" in caller else f"{caller}@emulator.invalid"
