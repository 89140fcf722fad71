"""Suppliers: where tracking numbers are born. One interface, several adapters.

``model`` holds the shared vocabulary (pure). Each way a supplier reports shipments is one module:
``http_api`` (a generic JSON API configured by a field mapping), ``inbox`` (free text pasted into the
回传 tab), ``shipment_file`` (CSV/XLSX 发货单 exports), and the supplier sheet. ``matching`` (pure)
assigns updates to shop orders and never guesses.
"""
