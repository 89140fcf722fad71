"""The operator workspace as data (``workspace``) and the Apps Script bound to the sheet
(``apps_script/``)."""
