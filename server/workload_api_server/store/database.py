"""The SQLite database: opening it, its schema, and transactions.

Durability: WAL with `synchronous=NORMAL`. In WAL mode every committed transaction is in
the WAL file before COMMIT returns, so a crash or SIGKILL of the server loses nothing and
never corrupts the file; only an OS crash or power loss may roll back the last commits.
That is the failure the local server is for (restarts, killed processes), and it avoids
an fsync per request (`FULL` measured about 100x slower per commit).

Concurrency: one connection, and one lock held for the whole of every transaction.
Transactions run on the event loop or in worker threads (see `web.dispatch`); serializing
them makes each request's read-check-write atomic, so concurrent writers never lose
updates. The event loop asks with `wait=False`, so it never blocks behind a worker thread.
`BEGIN IMMEDIATE` plus a busy timeout also keeps a second server process on the file safe.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

SCHEMA_VERSION = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS artifacts (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    owner TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    type TEXT NOT NULL,
    status TEXT NOT NULL,
    version INTEGER,
    registered_name TEXT,
    spec TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    registered_at TEXT,
    deleted_at TEXT
);
CREATE INDEX IF NOT EXISTS artifacts_owner ON artifacts (owner, deleted_at);
CREATE INDEX IF NOT EXISTS artifacts_versions ON artifacts (owner, registered_name);
CREATE TABLE IF NOT EXISTS workloads (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    owner TEXT NOT NULL,
    name TEXT NOT NULL,
    artifact_id TEXT NOT NULL,
    runtime TEXT NOT NULL,
    phase TEXT NOT NULL,
    phase_since REAL NOT NULL,
    phase_step REAL NOT NULL,
    generation INTEGER NOT NULL,
    status_details TEXT,
    captured_spec TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX IF NOT EXISTS workloads_owner ON workloads (owner, deleted_at);
CREATE INDEX IF NOT EXISTS workloads_artifact ON workloads (artifact_id, deleted_at);
CREATE TABLE IF NOT EXISTS deployments (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    owner TEXT NOT NULL,
    name TEXT NOT NULL,
    workload_id TEXT NOT NULL,
    description TEXT,
    importance TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    total_requests INTEGER NOT NULL DEFAULT 0,
    total_response_ms REAL NOT NULL DEFAULT 0,
    user_errors INTEGER NOT NULL DEFAULT 0,
    server_errors INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS deployments_owner ON deployments (owner, deleted_at);
CREATE INDEX IF NOT EXISTS deployments_workload ON deployments (workload_id, deleted_at);
CREATE TABLE IF NOT EXISTS repositories (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    owner TEXT NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    last_version_number INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX IF NOT EXISTS repositories_owner ON repositories (owner, deleted_at);
CREATE TABLE IF NOT EXISTS replacements (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    workload_id TEXT NOT NULL,
    document TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS replacements_workload ON replacements (workload_id, seq);
"""

# Columns added after the first schema: (table, column, declaration). Older data
# directories gain them on open, so their objects stay readable (as the older dialect's).
_ADDED_COLUMNS = (
    ("artifacts", "dialect", "TEXT NOT NULL DEFAULT 'older'"),
    ("artifacts", "repository_id", "TEXT"),
    ("workloads", "dialect", "TEXT NOT NULL DEFAULT 'older'"),
    ("workloads", "description", "TEXT"),
    ("workloads", "importance", "TEXT NOT NULL DEFAULT 'low'"),
    ("workloads", "replacement", "TEXT"),
)

_DATA_TABLES = ("replacements", "deployments", "workloads", "artifacts", "repositories")


class Transaction:
    """A connection inside an open transaction, plus work to do once it has committed.

    Side effects outside the database (starting or ending a process) must not happen for
    a request that rolls back, so they are queued here and run after COMMIT.
    """

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self._after_commit: list[Callable[[], None]] = []

    def after_commit(self, action: Callable[[], None]) -> None:
        """Run `action` after COMMIT, outside the database lock."""
        self._after_commit.append(action)

    def run_after_commit(self) -> None:
        """Called by the database once the transaction is durable."""
        actions, self._after_commit = self._after_commit, []
        for action in actions:
            action()


def _add_missing_columns(connection: sqlite3.Connection) -> None:
    for table, column, declaration in _ADDED_COLUMNS:
        present = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
        if column not in present:
            connection.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")


class DatabaseBusy(Exception):
    """`transaction(wait=False)` found another transaction in progress."""


class Database:
    """The server's single SQLite file and the lock that serializes access to it."""

    FILE_NAME = "workload-api.sqlite3"

    def __init__(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.path = data_dir / self.FILE_NAME
        self._lock = threading.Lock()
        self._connection = sqlite3.connect(
            self.path, isolation_level=None, check_same_thread=False, timeout=30.0
        )
        self._connection.row_factory = sqlite3.Row
        self._connection.execute("PRAGMA journal_mode=WAL")
        self._connection.execute("PRAGMA synchronous=NORMAL")
        self._connection.execute("PRAGMA busy_timeout=30000")
        self._connection.executescript(_SCHEMA)
        with self.transaction() as tx:
            _add_missing_columns(tx.connection)
            tx.connection.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)",
                (str(SCHEMA_VERSION),),
            )

    @contextmanager
    def transaction(self, *, wait: bool = True) -> Iterator[Transaction]:
        """All or nothing: an exception anywhere inside rolls every change back.

        With `wait=False`, raises `DatabaseBusy` on entry instead of waiting for the lock.
        """
        if not self._lock.acquire(blocking=wait):
            raise DatabaseBusy
        tx = Transaction(self._connection)
        try:
            self._connection.execute("BEGIN IMMEDIATE")
            try:
                yield tx
                self._connection.execute("COMMIT")
            except BaseException:
                # Also after a failed COMMIT, so the shared connection never stays in a
                # transaction that the next request would silently join.
                if self._connection.in_transaction:
                    self._connection.execute("ROLLBACK")
                raise
        finally:
            self._lock.release()
        tx.run_after_commit()

    def wipe(self) -> None:
        """Forget every object (test reset); version history goes too, by design of reset.

        Creation order starts over as well, so a wiped store is a fresh one: what a test
        does after a reset meets the same state whatever ran before it."""
        with self.transaction() as tx:
            for table in _DATA_TABLES:
                tx.connection.execute(f"DELETE FROM {table}")
                tx.connection.execute("DELETE FROM sqlite_sequence WHERE name = ?", (table,))

    def close(self) -> None:
        """Checkpoint happens on close, leaving a compact file behind."""
        with self._lock:
            self._connection.close()
