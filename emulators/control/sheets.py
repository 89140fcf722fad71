"""``SheetsControl``: the Sheets emulator's control API (emulators/sheets/README.md)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from emulators.control.base import ControlClient, given


class SheetsControl(ControlClient):
    def reset(self) -> None:
        """No spreadsheets, log, faults, latency, quota or webhook."""
        self.post("reset")

    def save(self) -> dict[str, Any]:
        """Write the state file now: ``{ok, stateFile}``."""
        return dict(self.post("save"))

    # --- the call log ---------------------------------------------------------------------------
    def log(self) -> dict[str, Any]:
        """``{total, counts: {endpoint: n}, requests: [{endpoint, method, path, status, user, ...}]}``."""
        return dict(self.get("log"))

    def requests(self) -> list[dict[str, Any]]:
        return list(self.log()["requests"])

    def total(self) -> int:
        """API calls served since the log was last cleared (control calls are not counted)."""
        return int(self.log()["total"])

    def clear_log(self) -> None:
        self.delete("log")

    # --- quota, latency, faults -----------------------------------------------------------------
    def quota(self) -> dict[str, Any]:
        return dict(self.get("quota"))

    def set_quota(
        self, reads_per_minute: int | None = None, writes_per_minute: int | None = None
    ) -> dict[str, Any]:
        """Per-user limits per minute (None: unlimited); the windows start again."""
        body = {"readsPerMinute": reads_per_minute, "writesPerMinute": writes_per_minute}
        return dict(self.post("quota", body))

    def reset_quota_windows(self) -> dict[str, Any]:
        return dict(self.post("quota", {"resetWindows": True}))

    def latency(self) -> float:
        return float(self.get("latency")["seconds"])

    def set_latency(self, seconds: float) -> float:
        """Seconds added to every API call."""
        return float(self.post("latency", {"seconds": seconds})["seconds"])

    def add_faults(self, *faults: dict[str, Any]) -> int:
        """Queue answers for the next API calls (``{"code": 429}``, ...); how many wait now."""
        return int(self.post("faults", {"faults": list(faults)})["queued"])

    # --- the edit hook --------------------------------------------------------------------------
    def webhook(self) -> dict[str, Any]:
        """``{url, secretSet, user}``."""
        return dict(self.get("webhook"))

    def set_webhook(
        self, url: str | None, secret: str | None = None, user: str | None = None
    ) -> dict[str, Any]:
        """Where web-view edits are posted (None: nowhere), signed with ``secret``, as ``user``."""
        return dict(self.post("webhook", {"url": url, "secret": secret, "user": user}))

    def deliveries(self) -> list[dict[str, Any]]:
        return list(self.get("webhook/deliveries")["deliveries"])

    # --- spreadsheets ---------------------------------------------------------------------------
    def spreadsheets(self) -> list[dict[str, Any]]:
        """``[{spreadsheetId, title, url}]`` (``url``: the web view's page)."""
        return list(self.get("spreadsheets")["spreadsheets"])

    def create_spreadsheet(
        self, spreadsheet_id: str, *, shared_with: list[str] | None = None, **body: Any
    ) -> dict[str, Any]:
        """A spreadsheet with a chosen ID (``body`` as for spreadsheets.create); the new metadata."""
        fields = {"spreadsheetId": spreadsheet_id, **body, **given(sharedWith=shared_with)}
        return dict(self.post("spreadsheets", fields))

    def sharing(self, spreadsheet_id: str) -> list[str] | None:
        """Who may call the API on it (bearer tokens, "anonymous"); None: everyone."""
        users = self.get(f"spreadsheets/{quote(spreadsheet_id, safe='')}/sharing")["users"]
        return None if users is None else list(users)

    def share(self, spreadsheet_id: str, users: list[str] | None) -> dict[str, Any]:
        return dict(self.post(f"spreadsheets/{quote(spreadsheet_id, safe='')}/sharing", {"users": users}))

    def cells(self, spreadsheet_id: str, sheet: str | None = None) -> dict[str, Any]:
        """The emulator's own record of one sheet (the first without ``sheet``): every non-empty
        cell with value, formula, format, note and dropdown, and the sheet's properties."""
        path = f"spreadsheets/{quote(spreadsheet_id, safe='')}/cells"
        return dict(self.call("GET", path, **given(sheet=sheet)))
