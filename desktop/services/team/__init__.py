"""Team mode (docs/architecture.md §10): one sync node writes PostgreSQL, desktops read it.

- :mod:`.database`: connections (password from the keyring, ``sslmode`` from the URL),
  the PostgreSQL side of the store (:class:`TeamDatabase`: the engine's
  :class:`~desktop.services.cache.SyncStore` on PostgreSQL, an advisory lock as the
  writer lock; connection problems as message ids).
- :mod:`.bulk`: the store's ``executemany()`` batches as one statement each.
- :mod:`.billing`: billing months as one row per line item (scoped per customer).
- :mod:`.schema`: ``team init`` (the cache's Core tables + row-level security, the
  role-to-groups mapping, NOTIFY triggers) and ``team grant``/``revoke``.
- :mod:`.replica`: a desktop's local SQLite replica of what its role may see,
  refreshed from PostgreSQL (catch-up, then ``LISTEN/NOTIFY``): rows, change feed,
  billing months; an action's result is kept until the sync node confirms it.
"""
