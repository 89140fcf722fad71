"""Suppliers: where tracking numbers are born. One interface, several adapters.

``model`` holds the shared vocabulary (pure). Each way a supplier reports shipments is one module:
``http_api`` (a generic JSON API configured by a field mapping), ``inbox`` (free text pasted into the
回传 tab), ``shipment_file`` (CSV/XLSX 发货单 exports; ``shipment_file_source`` reads them from a
supplier's folder in the ``shipment_drop``), and the supplier sheet. Every one is a ``SupplierSource``
on the same route. ``matching`` (pure) assigns updates to shop orders and never guesses.
"""
