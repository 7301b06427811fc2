"""A throwaway PostgreSQL server for Pulumi's PostgreSQL state backend, as a team's shared
backend: `pulumi login postgres://...` keeps every stack, checkpoint and lock in one
table (`pulumi_state`, the engine's default name), whichever machine runs `pulumi`.

Debian's `postgresql` package provides the binaries (scripts/setup.sh installs it). A
server refuses to run as root, so when the tests run as root (CI does) it runs as the
package's `postgres` user, from a folder that user owns. It listens on a free loopback
port only, trusts local connections (there is nothing to protect in a test database),
and runs without fsync: a test server's data need not survive a crash.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from base64 import b64decode, b64encode
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

USER = "pulumi"  # the database role the backend logs in as
# Ignored by trust authentication; not a word of any path, since the engine masks the
# password wherever it appears in its messages (lock paths included).
PASSWORD = "team-backend-password"
DATABASE = "pulumi"
TABLE = "pulumi_state"


def server_bin() -> Path:
    """The newest installed server's bin folder, or a test failure saying how to get one."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"), key=_major)
    if not found:
        pytest.fail(
            "no PostgreSQL server in /usr/lib/postgresql: run scripts/setup.sh (it installs "
            "Debian's postgresql)",
            pytrace=False,
        )
    return found[-1].parent


@dataclass
class Postgres:
    port: int
    bin: Path
    run_as: Callable[[], None] | None

    @property
    def backend_url(self) -> str:
        """The URL for `pulumi login` (the password is ignored by trust authentication)."""
        return f"postgres://{USER}:{PASSWORD}@127.0.0.1:{self.port}/{DATABASE}?sslmode=disable"

    def sql(self, statement: str, *variables: tuple[str, str]) -> str:
        """Runs one statement with psql; `:'name'` in it takes a variable's value."""
        command = [str(self.bin / "psql"), "-h", "127.0.0.1", "-p", str(self.port)]
        command += ["-U", USER, "-d", DATABASE, "-At", "-v", "ON_ERROR_STOP=1"]
        for name, value in variables:
            command += ["-v", f"{name}={value}"]
        done = subprocess.run(
            command, input=statement, capture_output=True, text=True, timeout=30, check=True
        )
        return done.stdout.strip()

    def locks(self) -> dict[str, dict[str, object]]:
        """The stack locks the backend holds, by key (`<database>/.pulumi/locks/...`: the
        backend prefixes every key with the URL's path), decoded."""
        rows = self.sql(f"SELECT key, data FROM {TABLE} WHERE key LIKE '%.pulumi/locks/%';")
        found = {}
        for row in filter(None, rows.splitlines()):
            key, data = row.split("|", 1)
            found[key] = json.loads(b64decode(json.loads(data)["data"]))
        return found

    def rewrite_lock(self, key: str, **fields: object) -> None:
        """Changes a lock's content (its holder), as a lock written elsewhere would read."""
        content = {**self.locks()[key], **fields}
        blob = json.dumps({"data": b64encode(json.dumps(content).encode()).decode()})
        self.sql(
            f"UPDATE {TABLE} SET data = :'blob'::json WHERE key = :'key';",
            ("blob", blob),
            ("key", key),
        )


@contextlib.contextmanager
def running_postgres() -> Iterator[Postgres]:
    """A fresh server with the backend's database, stopped and deleted on leaving."""
    bin_dir = server_bin()
    run_as = _unprivileged()
    folder = Path(tempfile.mkdtemp(prefix="pulumi-postgres-"))
    data = folder / "data"
    try:
        if run_as is not None:
            entry = pwd.getpwnam("postgres")
            os.chown(folder, entry.pw_uid, entry.pw_gid)
        _as(
            run_as,
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                USER,
                "-A",
                "trust",
                "--no-sync",
                "-E",
                "UTF8",
            ],
        )
        port = _free_port()
        with (folder / "server.log").open("wb") as log:
            server = subprocess.Popen(
                [
                    str(bin_dir / "postgres"),
                    "-D",
                    str(data),
                    "-p",
                    str(port),
                    "-h",
                    "127.0.0.1",
                    "-k",
                    str(folder),
                    "-c",
                    "fsync=off",
                    "-c",
                    "synchronous_commit=off",
                    "-c",
                    "full_page_writes=off",
                ],
                stdout=subprocess.DEVNULL,
                stderr=log,
                preexec_fn=run_as,
            )
        try:
            postgres = Postgres(port, bin_dir, run_as)
            _wait_ready(postgres, server, folder / "server.log")
            subprocess.run(
                [
                    str(bin_dir / "createdb"),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(port),
                    "-U",
                    USER,
                    DATABASE,
                ],
                check=True,
                capture_output=True,
                timeout=30,
            )
            yield postgres
        finally:
            server.terminate()  # smart shutdown: waits for the backend's last connections
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=30)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _unprivileged() -> Callable[[], None] | None:
    """How a child drops root for the `postgres` user; None when not root."""
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam("postgres")
    except KeyError:
        pytest.fail(
            "running as root, and no `postgres` user to run PostgreSQL as: install Debian's "
            "postgresql (scripts/setup.sh does)",
            pytrace=False,
        )

    def drop() -> None:
        os.setgroups([])
        os.setgid(entry.pw_gid)
        os.setuid(entry.pw_uid)

    return drop


def _as(run_as: Callable[[], None] | None, command: list[str]) -> None:
    subprocess.run(
        command,
        check=True,
        capture_output=True,
        timeout=120,
        preexec_fn=run_as,
    )


def _wait_ready(postgres: Postgres, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"PostgreSQL exited: {log.read_text(errors='replace')[-2000:]}")
        ready = subprocess.run(
            [str(postgres.bin / "pg_isready"), "-h", "127.0.0.1", "-p", str(postgres.port)],
            capture_output=True,
            check=False,
        )
        if ready.returncode == 0:
            return
        time.sleep(0.2)
    raise AssertionError("PostgreSQL did not accept connections within 60 s")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _major(path: Path) -> int:
    name = path.parent.parent.name
    return int(name) if name.isdigit() else 0
