"""Server settings, and the parsing of token grants from the command line or a file.

Settings are one immutable value handed to `create_app`, so two apps in one process (as in
tests) never share state through configuration.
"""

from __future__ import annotations

import json
import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args

Role = Literal["editor", "viewer"]
RuntimeMode = Literal["simulated", "process"]
# Which wire dialects the server speaks: both by default, on one store (docs/current-dialect.md).
DialectMode = Literal["both", "older", "current"]

ROLES: tuple[Role, ...] = get_args(Role)
RUNTIME_MODES: tuple[RuntimeMode, ...] = get_args(RuntimeMode)
DIALECT_MODES: tuple[DialectMode, ...] = get_args(DialectMode)


class SettingsError(ValueError):
    """Raised for unusable configuration, so the CLI can report it without a traceback."""


@dataclass(frozen=True)
class TokenGrant:
    """What a bearer token is allowed to do: act as `owner`, with `role`."""

    token: str
    owner: str
    role: Role


DEFAULT_GRANT = TokenGrant(token="local-dev-token", owner="local", role="editor")

# Artifact and workload bodies are a few KiB; invoke bodies are the app's business, and
# 10 MiB covers any request a local test sends while keeping one request's memory small.
DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024
# Per workload: enough for hours of ordinary logging, small enough for a shared disk.
DEFAULT_MAX_LOG_BYTES = 10 * 1024 * 1024
# Below this a log could not hold the tail shown for a crashed workload.
MIN_LOG_BYTES = 64 * 1024
# A draft workload of the current dialect ends this long after its last start (8 hours).
DEFAULT_DRAFT_TTL_SECONDS = 8 * 3600.0


@dataclass(frozen=True)
class Settings:
    """Everything that varies between server instances.

    `clock` exists so tests can move time instead of sleeping through lifecycle steps.
    """

    data_dir: Path
    tokens: tuple[TokenGrant, ...] = ()
    step_seconds: float = 1.0
    runtime: RuntimeMode = "simulated"
    test_controls: bool = False
    clock: Callable[[], float] = field(default=time.time)
    probe_timeout_seconds: float = 1.0
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_log_bytes: int = DEFAULT_MAX_LOG_BYTES
    dialects: DialectMode = "both"
    # Rollout timing of the current dialect is given in minutes; tests shrink the minute.
    rollout_minute_seconds: float = 60.0
    # How long a completed replacement stays visible before it clears.
    replacement_linger_seconds: float = 1.0
    draft_ttl_seconds: float = DEFAULT_DRAFT_TTL_SECONDS

    def __post_init__(self) -> None:
        for name in (
            "step_seconds",
            "rollout_minute_seconds",
            "replacement_linger_seconds",
            "draft_ttl_seconds",
        ):
            if getattr(self, name) < 0:
                raise SettingsError(f"{name} must be >= 0")
        if self.dialects not in DIALECT_MODES:
            raise SettingsError(f"dialects must be one of {', '.join(DIALECT_MODES)}")
        if self.max_body_bytes < 1:
            raise SettingsError("max_body_bytes must be >= 1")
        if self.max_log_bytes < MIN_LOG_BYTES:
            raise SettingsError(f"max_log_bytes must be >= {MIN_LOG_BYTES}")
        if self.runtime not in RUNTIME_MODES:
            raise SettingsError(f"runtime must be one of {', '.join(RUNTIME_MODES)}")
        owners_by_token: dict[str, TokenGrant] = {}
        for grant in self.tokens:
            if grant.token in owners_by_token and owners_by_token[grant.token] != grant:
                raise SettingsError(f"token {grant.token!r} is granted twice, differently")
            owners_by_token[grant.token] = grant

    def grants(self) -> tuple[TokenGrant, ...]:
        """A server without configured tokens must still be usable out of the box."""
        return self.tokens or (DEFAULT_GRANT,)


def _make_grant(token: str, owner: str, role: str, where: str) -> TokenGrant:
    if not token or not owner:
        raise SettingsError(f"{where}: token and owner must not be empty")
    if role not in ROLES:
        raise SettingsError(f"{where}: role must be one of {', '.join(ROLES)}, not {role!r}")
    return TokenGrant(token=token, owner=owner, role=role)


def parse_token_spec(spec: str) -> TokenGrant:
    """Parse `TOKEN:OWNER:ROLE`; split from the right so a token may itself contain `:`."""
    parts = spec.rsplit(":", 2)
    if len(parts) != 3:
        raise SettingsError(f"--token {spec!r}: expected TOKEN:OWNER:ROLE")
    token, owner, role = parts
    return _make_grant(token, owner, role, f"--token {spec!r}")


def load_tokens_file(path: Path) -> tuple[TokenGrant, ...]:
    """Read `[{"token": ..., "owner": ..., "role": "editor"|"viewer"}, ...]`.

    A file keeps tokens out of the process list, where `--token` would show them. Like
    ssh with a private key, a file that other users may read or change is refused: its
    tokens would be theirs too.
    """
    _require_private(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SettingsError(f"--tokens-file {path}: {exc}") from exc
    if not isinstance(document, list):
        raise SettingsError(f"--tokens-file {path}: expected a JSON list of objects")
    grants: list[TokenGrant] = []
    for index, entry in enumerate(document):
        where = f"--tokens-file {path} entry {index}"
        if not isinstance(entry, dict) or set(entry) != {"token", "owner", "role"}:
            raise SettingsError(f"{where}: expected exactly the keys token, owner, role")
        token, owner, role = entry["token"], entry["owner"], entry["role"]
        if not (isinstance(token, str) and isinstance(owner, str) and isinstance(role, str)):
            raise SettingsError(f"{where}: token, owner and role must be strings")
        grants.append(_make_grant(token, owner, role, where))
    return tuple(grants)


def _require_private(path: Path) -> None:
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError as exc:
        raise SettingsError(f"--tokens-file {path}: {exc}") from exc
    if mode & 0o077:
        raise SettingsError(
            f"--tokens-file {path}: permissions {mode:04o} let other users read or change it, "
            f"and its tokens are passwords; make it private with: chmod 600 {path}"
        )
