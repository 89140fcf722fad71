"""Adapter for Google Sheets (the operator workspace), over gspread 6.x.

* ``settings``: where the API is (base URL: real Google or the local emulator), which spreadsheet,
  which credentials; CLI flag > environment variable > default.
* ``http``: gspread's HTTPClient with bounded retries, the base-URL rewrite and a per-endpoint call count.
* ``gateway``: typed reads (one ``values:batchGet``) and guarded writes (a re-read, then one
  ``values:batchUpdate`` RAW and one ``spreadsheets:batchUpdate``); ``append_cells``: rows appended
  to several tabs in one ``appendCells`` batch (never ``values:append``, whose target a gap moves).
* ``layout`` / ``orders`` / ``workspace_settings``: columns found by header text; typed 订单 rows and
  typed 设置 values.
* ``tab_client``: one tab at a time of a spreadsheet other than the workspace (a supplier's own
  sheet), on a twin of the workspace's HTTP client with its own call counter; a missing tab is
  ``SheetsTabNotFound``, told apart by the spreadsheet's tab list, not by the error's wording.
* ``workspace_init``: applies ``sheet_templates.workspace`` idempotently (``init-sheet``).
* ``edit_signature``: verifies the signed sheet-edit request from the Apps Script trigger.
* ``errors``: the small exception family; no gspread/requests error escapes this package.
"""
