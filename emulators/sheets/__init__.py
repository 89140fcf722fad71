"""Google Sheets API v4 emulator with a web view. See README.md in this folder."""
