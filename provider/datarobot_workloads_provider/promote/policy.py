"""The promotion policy: `promotion:*` keys in the TARGET stack's config.

The policy lives with the stack it protects, in its `Pulumi.<stack>.yaml`, so changing a
gate is a reviewed change of that file like any other, and prod can be stricter than
staging. Every key is optional; a value that does not parse stops the command, naming
the key.

- `promotion:source`: the stack promoted from when `--from` is not given;
- `promotion:minAgeSeconds`: how long the version must have run in the source (0);
- `promotion:healthPath`: a path that must answer 2xx through the source's invoke URL
  (a gate), and through the target's after `up` (verification);
- `promotion:maxServerErrors`: the most 5xx answers the source deployment's stats may show;
- `promotion:versionPath`: a path whose JSON answer's `imageUri` must be the promoted
  image, after `up` (verification);
- `promotion:verifyTimeoutSeconds`: how long the target may take to pass verification (120).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .errors import PromoteError

NAMESPACE = "promotion"
SOURCE = f"{NAMESPACE}:source"
MIN_AGE = f"{NAMESPACE}:minAgeSeconds"
HEALTH_PATH = f"{NAMESPACE}:healthPath"
MAX_SERVER_ERRORS = f"{NAMESPACE}:maxServerErrors"
VERSION_PATH = f"{NAMESPACE}:versionPath"
VERIFY_TIMEOUT = f"{NAMESPACE}:verifyTimeoutSeconds"
HISTORY = f"{NAMESPACE}:history"
DEFAULT_VERIFY_TIMEOUT = 120


@dataclass(frozen=True)
class Policy:
    """Gates (checked on the source before any change) and verification settings (used on
    the target after `up`). None turns a check off."""

    source: str | None = None
    min_age_seconds: int = 0
    health_path: str | None = None
    max_server_errors: int | None = None
    version_path: str | None = None
    verify_timeout_seconds: int = DEFAULT_VERIFY_TIMEOUT

    @classmethod
    def from_config(cls, config: Mapping[str, str]) -> Policy:
        return cls(
            source=_text(config, SOURCE),
            min_age_seconds=_count(config, MIN_AGE) or 0,
            health_path=_path(config, HEALTH_PATH),
            max_server_errors=_count(config, MAX_SERVER_ERRORS),
            version_path=_path(config, VERSION_PATH),
            verify_timeout_seconds=_count(config, VERIFY_TIMEOUT, minimum=1)
            or DEFAULT_VERIFY_TIMEOUT,
        )

    def describe(self) -> list[str]:
        """One line per gate in force, for the dry run's report."""
        lines = []
        if self.min_age_seconds:
            lines.append(f"{MIN_AGE}={self.min_age_seconds}")
        if self.health_path:
            lines.append(f"{HEALTH_PATH}={self.health_path}")
        if self.max_server_errors is not None:
            lines.append(f"{MAX_SERVER_ERRORS}={self.max_server_errors}")
        return lines


def _text(config: Mapping[str, str], key: str) -> str | None:
    value = config.get(key)
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _count(config: Mapping[str, str], key: str, *, minimum: int = 0) -> int | None:
    value = _text(config, key)
    if value is None:
        return None
    try:
        number = int(value)
    except ValueError:
        number = minimum - 1
    if number < minimum:
        raise PromoteError(
            f"config {key}: expected a whole number >= {minimum}, got {value!r} "
            f"(`pulumi config set {key} N --stack <target>`)"
        )
    return number


def _path(config: Mapping[str, str], key: str) -> str | None:
    value = _text(config, key)
    if value is not None and not value.startswith("/"):
        raise PromoteError(
            f"config {key}: expected an app path starting with '/' (e.g. /health), got {value!r}"
        )
    return value
