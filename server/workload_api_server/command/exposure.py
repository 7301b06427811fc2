"""What the server refuses to do where others can reach it.

On a loopback address only this machine's users can connect, and the defaults are made
for that: a well-known token, test controls without a token, a runtime that runs
commands. On any other address each of these hands the machine to whoever can reach the
port, so `serve` resolves `--host` as binding would (a host name may resolve anywhere)
and checks that address against the setup before it binds anything.
"""

from __future__ import annotations

import getpass
import ipaddress
import socket
from dataclasses import dataclass

from workload_api_server.settings import DEFAULT_GRANT, RuntimeMode, SettingsError

ALLOW_PROCESS_FLAG = "--allow-network-process-runtime"


def bind_address(host: str) -> str:
    """The IP address a socket bound to `host` would listen on.

    Raises `OSError` for a name that does not resolve, as binding would.
    """
    if host == "":
        return "0.0.0.0"
    try:
        return str(ipaddress.ip_address(host.split("%", 1)[0]))
    except ValueError:
        pass
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    found = socket.getaddrinfo(host, None, family, socket.SOCK_STREAM)
    return str(found[0][4][0])


def is_loopback(address: str) -> bool:
    """Whether `address` (an IP address, as `bind_address` gives it) is loopback.

    An IPv4-mapped IPv6 address counts by its IPv4 part; a wildcard address (0.0.0.0,
    ::) listens on every interface and is not loopback.
    """
    try:
        parsed = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped is not None:
        return parsed.ipv4_mapped.is_loopback
    return parsed.is_loopback


@dataclass(frozen=True)
class Exposure:
    """The setup as far as safety is concerned."""

    address: str
    explicit_tokens: bool
    runtime: RuntimeMode
    allow_network_process_runtime: bool
    test_controls: bool


def check_exposure(exposure: Exposure) -> list[str]:
    """Raise `SettingsError` naming every refused part of the setup, with what to do.

    Returns the warning lines to print when the setup is allowed but risky.
    """
    if is_loopback(exposure.address):
        return []
    where = exposure.address
    refusals: list[str] = []
    if not exposure.explicit_tokens:
        refusals.append(
            f"refusing to listen on {where} (not a loopback address) with the built-in "
            f"token {DEFAULT_GRANT.token!r}, which anyone can guess. Give your own tokens "
            "with --tokens-file FILE (JSON, chmod 600) or --token TOKEN:OWNER:ROLE, or "
            "listen on 127.0.0.1."
        )
    if exposure.test_controls:
        refusals.append(
            f"refusing --test-controls on {where} (not a loopback address): the /__test__ "
            "endpoints take no token and can wipe every object or break the server on "
            "purpose. Use them with --host 127.0.0.1 only."
        )
    if exposure.runtime == "process" and not exposure.allow_network_process_runtime:
        refusals.append(
            f"refusing --runtime process on {where} (not a loopback address): it runs each "
            "workload's entrypoint as a command on this machine, so every editor token "
            f"could run any command here. Add {ALLOW_PROCESS_FLAG} if that is intended, "
            "use --runtime simulated, or listen on 127.0.0.1."
        )
    if refusals:
        raise SettingsError("\n".join(refusals))
    if exposure.runtime == "process":
        return [
            f"warning: --runtime process on {where}: every editor token can run any "
            f"command on this machine as user {_user()}."
        ]
    return []


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "this server's user"
