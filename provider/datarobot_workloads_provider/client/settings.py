"""Where the API is, how to authenticate and how to label calls: stack config first, then
the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

DEFAULT_ENDPOINT = "https://app.datarobot.com/api/v2"
ENDPOINT_ENV = "DATAROBOT_ENDPOINT"
TOKEN_ENV = "DATAROBOT_API_TOKEN"
ENDPOINT_CONFIG_KEY = "datarobot:endpoint"
TOKEN_CONFIG_KEY = "datarobot:apikey"
# DataRobot's own clients tag their calls with an `X-DataRobot-Api-Consumer-Trace` header;
# DataRobot's Pulumi and Terraform providers read it from this config key and variable.
TRACE_CONFIG_KEY = "datarobot:tracecontext"
TRACE_ENV = "DATAROBOT_TRACE_CONTEXT"
# Which dialect of the Workload API the endpoint speaks (client.dialects): the older one
# (`/console/workloads/`, `/registry/artifacts/`, deployments) stays the default, so a
# stack without this key behaves exactly as before it existed.
DIALECT_CONFIG_KEY = "datarobot:dialect"
DIALECT_ENV = "DATAROBOT_API_DIALECT"
OLDER = "older"
CURRENT = "current"
DIALECTS = (OLDER, CURRENT)
# What every front door says when no token is configured (a preview's check, the API
# client's first use, the lookups, the commands): one text, so each names the same two
# places to set it.
NO_TOKEN = (
    f"no API token: set the secret stack config `{TOKEN_CONFIG_KEY}` "
    f"(pulumi config set --secret {TOKEN_CONFIG_KEY} ...) or {TOKEN_ENV}"
)


class DialectError(ValueError):
    """The configured dialect is not one of `DIALECTS`."""


@dataclass(frozen=True)
class ApiSettings:
    """Connection settings. The token is excluded from repr so it never reaches a log."""

    endpoint: str
    token: str = field(repr=False)
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    max_retries: int = 6
    backoff_base: float = 0.25
    backoff_max: float = 8.0
    # How long refused connections to an endpoint that answered before are retried (a
    # server restarting); see transport.Transport.
    outage_seconds: float = 120.0
    # The consumer trace header's value; empty sends no header.
    trace_context: str = ""
    # The API dialect: `older` or `current` (see DIALECT_CONFIG_KEY).
    dialect: str = OLDER

    @classmethod
    def resolve(cls, config: Mapping[str, Any] | None = None) -> ApiSettings:
        """Stack config (`datarobot:endpoint`, secret `datarobot:apikey`, `datarobot:dialect`)
        wins over env vars."""
        config = config or {}
        endpoint = _text(config.get(ENDPOINT_CONFIG_KEY)) or os.environ.get(ENDPOINT_ENV, "")
        token = _text(config.get(TOKEN_CONFIG_KEY)) or os.environ.get(TOKEN_ENV, "")
        trace = _text(config.get(TRACE_CONFIG_KEY)) or os.environ.get(TRACE_ENV, "").strip()
        dialect = _text(config.get(DIALECT_CONFIG_KEY)) or os.environ.get(DIALECT_ENV, "").strip()
        return cls(
            endpoint=(endpoint or DEFAULT_ENDPOINT).rstrip("/"),
            token=token,
            trace_context=trace,
            dialect=checked_dialect(dialect or OLDER),
        )

    @property
    def token_problem(self) -> str | None:
        """`NO_TOKEN` when there is no token, else None: every call would be refused, so
        whoever holds these settings says so before making one."""
        return None if self.token else NO_TOKEN

    @property
    def endpoint_problem(self) -> str | None:
        """Why the endpoint is not a URL a request can go to (no http or https scheme, no
        host), else None: known without a call, so said before making one."""
        parts = urlsplit(self.endpoint)
        if parts.scheme.lower() in ("http", "https") and parts.hostname:
            return None
        return (
            f"{ENDPOINT_CONFIG_KEY} (or {ENDPOINT_ENV}) is {self.endpoint!r}: it must be "
            f"an http:// or https:// URL, the API's base, such as {DEFAULT_ENDPOINT}"
        )

    @property
    def problem(self) -> str | None:
        """Why no call with these settings can succeed (`token_problem`,
        `endpoint_problem`), else None."""
        return self.token_problem or self.endpoint_problem


def checked_dialect(value: str) -> str:
    """The dialect named by config or environment, or an error that names both sources."""
    if value not in DIALECTS:
        raise DialectError(
            f"{DIALECT_CONFIG_KEY} (or {DIALECT_ENV}) is {value!r}; it must be one of "
            f"{', '.join(DIALECTS)}"
        )
    return value


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""
