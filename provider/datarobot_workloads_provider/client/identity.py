"""How the client names itself to the API: the User-Agent and DataRobot's consumer trace.

The API's operators see which tool made a call and at which versions, so a problem can be
traced to a provider release or a Pulumi SDK. The version comes from the package's one
version module, a leaf with no provider logic in it.
"""

from __future__ import annotations

import functools
import platform

from ..version import __version__

TRACE_HEADER = "X-DataRobot-Api-Consumer-Trace"
# DataRobot's own Python client cuts its trace at this length.
TRACE_MAX_CHARACTERS = 1000


@functools.cache
def user_agent() -> str:
    """`pulumi-datarobot-workloads/0.2.0 pulumi/3.260.0 python/3.12.1`."""
    return (
        f"pulumi-datarobot-workloads/{__version__} pulumi/{pulumi_version()} "
        f"python/{platform.python_version()}"
    )


def pulumi_version() -> str:
    """The Pulumi SDK's version as the SDK states it, which every process that talks to
    the API has already loaded; reading the installed distributions' metadata instead
    costs ~6 ms (importing importlib.metadata and scanning sys.path) on every command's
    first API call. The metadata stays the fallback for an SDK that stops stating it."""
    try:
        from pulumi._version import _VERSION
    except ImportError:
        import importlib.metadata

        try:
            return importlib.metadata.version("pulumi")
        except importlib.metadata.PackageNotFoundError:
            return "unknown"
    return str(_VERSION)


def trace_header_value(trace_context: str) -> str | None:
    """The header's value, or None for no header: one printable line, at most 1,000
    characters, so a stray newline in config can never split or forge a header."""
    value = "".join(ch for ch in trace_context if ch.isprintable()).strip()
    return value[:TRACE_MAX_CHARACTERS] or None
