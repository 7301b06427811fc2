"""Object IDs in the shape the real service uses (24 lowercase hex characters)."""

from __future__ import annotations

import re
import secrets

_ID_PATTERN = re.compile(r"[0-9a-f]{24}")


def new_id() -> str:
    """Random rather than sequential, so tests cannot come to rely on ordering of IDs."""
    return secrets.token_hex(12)


def is_id(value: str) -> bool:
    """The contract answers 404 for a malformed path ID, so callers check shape before lookup."""
    return _ID_PATTERN.fullmatch(value) is not None
