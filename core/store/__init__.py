"""The store: its tables (models, types), the engine (db), the schema and its revisions
(schema, migrations/), settings kept in it (settings_store), the write lock (locks),
retries on a busy store (retries), backup and restore (backup)."""
