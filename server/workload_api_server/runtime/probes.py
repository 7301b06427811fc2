"""Readiness: whether a workload's process serves requests yet."""

from __future__ import annotations

import socket
from typing import Any

import httpx


def is_ready(port: int, probe: dict[str, Any] | None, timeout_seconds: float) -> bool:
    """Use the readiness probe when the container has one, else a TCP connect to PORT.

    The probe always targets the process's PORT: locally every container port maps to the
    one port the process was given. Probe timing fields are not simulated; a read checks
    once, because the status is computed on reads instead of by a prober thread.
    """
    if probe is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=timeout_seconds):
                return True
        except OSError:
            return False
    scheme = str(probe.get("scheme", "HTTP")).lower()
    url = f"{scheme}://127.0.0.1:{port}{probe['path']}"
    try:
        response = httpx.get(url, timeout=timeout_seconds, verify=False)
    except httpx.HTTPError:
        return False
    return 200 <= response.status_code < 400
