"""SQLite persistence: one database file in the data directory, soft deletes."""
