"""Application services: a sync tick, a sheet edit, a shop event. They compose the adapters
(wechat, sheets, suppliers, journal) around the pure core (reconcile) and are what the functions
call. Business decisions stay in reconcile; this layer reads, executes and records."""
