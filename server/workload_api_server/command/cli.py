"""The `workload-api` command line."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from workload_api_server.command.exposure import (
    ALLOW_PROCESS_FLAG,
    Exposure,
    bind_address,
    check_exposure,
)
from workload_api_server.settings import (
    DEFAULT_DRAFT_TTL_SECONDS,
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_MAX_LOG_BYTES,
    DIALECT_MODES,
    MIN_LOG_BYTES,
    RUNTIME_MODES,
    Settings,
    SettingsError,
    TokenGrant,
    load_tokens_file,
    parse_token_spec,
)
from workload_api_server.web.limits import HttpLimits

_DEFAULT_LIMITS = HttpLimits()
_DEFAULT_MAX_CONNECTIONS = 1024

_DESCRIPTION = """\
A local Workload API server (the DataRobot Workload API contract, offline):
artifacts, workloads, deployments and invoke under /api/v2, stored in SQLite, in
two dialects at once: the older one (/registry/artifacts, /console/workloads,
/console/deployments) and the current one (/artifacts, /artifactRepositories,
/workloads with rolling replacement)."""

_SERVE_EPILOG = """\
examples:
  workload-api serve
      http://127.0.0.1:8080/api/v2, token 'local-dev-token' (owner 'local', editor)
  workload-api serve --port 0 --data-dir /tmp/wl --step-seconds 0 --test-controls
      a free port (read it from the ready line), instant lifecycle, /__test__ controls
  workload-api serve --token alice-token:alice:editor --token bob-ro:bob:viewer
  workload-api serve --tokens-file tokens.json
      tokens.json: [{"token": "t1", "owner": "alice", "role": "editor"}], chmod 600
  workload-api serve --runtime process
      runs each workload's primary container entrypoint as a local process
  workload-api serve --dialect current --rollout-minute-seconds 1
      only /artifacts, /artifactRepositories, /workloads; rollout minutes last 1 s
  workload-api serve --host 0.0.0.0 --tokens-file tokens.json
      reachable from other machines: needs your own tokens (the built-in one is
      refused), never --test-controls, and --runtime process only with
      --allow-network-process-runtime

safety: on a loopback address (the default) only this machine can connect. On any
other address the server refuses to start with the built-in token or with
--test-controls, and runs --runtime process only when explicitly allowed, since
that runs commands on this machine for every editor token.

When ready, prints exactly one line to stdout:
  Workload API ready at http://HOST:PORT/api/v2
SIGINT or SIGTERM shuts down cleanly and ends all workload processes."""


def _non_negative_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 0 or value != value:
        raise argparse.ArgumentTypeError("must be >= 0")
    return value


def _positive_float(text: str) -> float:
    value = _non_negative_float(text)
    if value == 0:
        raise argparse.ArgumentTypeError("must be > 0")
    return value


_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def _byte_size(text: str) -> int:
    """`4096`, `64k`, `10m`, `1g` (binary units, case-insensitive)."""
    cleaned = text.strip().lower().removesuffix("ib").removesuffix("b")
    unit = cleaned[-1:] if cleaned[-1:] in _UNITS else ""
    try:
        value = int(cleaned[: len(cleaned) - len(unit)]) * _UNITS[unit]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (try 4096, 64k or 10m)") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be > 0")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be > 0")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port: {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError("must be between 0 and 65535")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The parser, separate from `main` so tests can check the options."""
    parser = argparse.ArgumentParser(
        prog="workload-api",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve = commands.add_parser(
        "serve",
        help="run the server",
        description="Run the local Workload API server.",
        epilog=_SERVE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="interface to listen on; anything but a loopback address needs your own "
        "tokens (default: %(default)s)",
    )
    serve.add_argument(
        "--port",
        type=_port,
        default=8080,
        help="port to listen on; 0 picks a free one (default: %(default)s)",
    )
    serve.add_argument(
        "--data-dir",
        type=Path,
        default=Path("./.state/workload-api"),
        help="where the SQLite database and workload folders live; objects survive "
        "restarts on the same directory (default: %(default)s)",
    )
    serve.add_argument(
        "--token",
        action="append",
        default=[],
        metavar="TOKEN:OWNER:ROLE",
        help="grant a bearer token; ROLE is editor or viewer; repeatable, e.g. "
        "--token t1:alice:editor --token t2:alice:viewer",
    )
    serve.add_argument(
        "--tokens-file",
        type=Path,
        help='JSON file: [{"token": "...", "owner": "...", "role": "editor"}]; combines '
        "with --token. Without either, the token 'local-dev-token' (owner 'local', "
        "editor) is accepted",
    )
    serve.add_argument(
        "--step-seconds",
        type=_non_negative_float,
        default=1.0,
        help="duration of each lifecycle step (submitted->initializing->running, "
        "stopping->stopped); 0 makes transitions immediate (default: %(default)s)",
    )
    serve.add_argument(
        "--dialect",
        choices=DIALECT_MODES,
        default="both",
        help="which API dialects to serve on the one store: both, only the older "
        "(/registry, /console) or only the current (/artifacts, /workloads) "
        "(default: %(default)s)",
    )
    serve.add_argument(
        "--rollout-minute-seconds",
        type=_non_negative_float,
        default=60.0,
        help="current dialect: how many seconds one minute of a replacement's warm-up "
        "and keep-old time lasts; tests shrink it (default: %(default)s)",
    )
    serve.add_argument(
        "--replacement-linger-seconds",
        type=_non_negative_float,
        default=1.0,
        help="current dialect: how long a completed replacement stays visible before "
        "it clears (default: %(default)s)",
    )
    serve.add_argument(
        "--draft-ttl-seconds",
        type=_non_negative_float,
        default=DEFAULT_DRAFT_TTL_SECONDS,
        help="current dialect: a workload on a draft artifact is terminated this long "
        "after its last start unless promoted (default: %(default)s, 8 hours)",
    )
    serve.add_argument(
        "--runtime",
        choices=RUNTIME_MODES,
        default="simulated",
        help="simulated: a running workload answers invoke with a JSON echo; process: "
        "its primary container entrypoint runs as a child process with PORT set, its "
        "declared variables and only PATH, HOME and the locale from this environment "
        "(default: %(default)s)",
    )
    serve.add_argument(
        ALLOW_PROCESS_FLAG,
        action="store_true",
        help="allow --runtime process on a non-loopback address, where every editor "
        "token can then run any command on this machine",
    )
    serve.add_argument(
        "--test-controls",
        action="store_true",
        help="enable /__test__ endpoints (reset, request log, fault injection, forcing "
        "a workload to error; no token needed); refused on a non-loopback address",
    )
    limits = serve.add_argument_group("limits (sizes take k, m, g suffixes)")
    limits.add_argument(
        "--max-body-bytes",
        type=_byte_size,
        metavar="SIZE",
        default=DEFAULT_MAX_BODY_BYTES,
        help="larger request bodies are answered 413 before being read; with --runtime "
        "process, a larger answer from a workload's app is answered 502 (default: 10m)",
    )
    limits.add_argument(
        "--max-url-bytes",
        type=_byte_size,
        metavar="SIZE",
        default=_DEFAULT_LIMITS.max_url_bytes,
        help="longer URLs are answered 414 (default: 8k)",
    )
    limits.add_argument(
        "--max-header-bytes",
        type=_byte_size,
        metavar="SIZE",
        default=_DEFAULT_LIMITS.max_header_bytes,
        help="larger request headers (all together), or more than "
        f"{_DEFAULT_LIMITS.max_header_count} of them, are answered 431 (default: 64k)",
    )
    limits.add_argument(
        "--head-timeout",
        type=_positive_float,
        default=_DEFAULT_LIMITS.head_timeout_seconds,
        metavar="SECONDS",
        help="a request's line and headers must arrive within this time, or the "
        "connection is closed (408) (default: %(default)s)",
    )
    limits.add_argument(
        "--body-timeout",
        type=_positive_float,
        default=_DEFAULT_LIMITS.body_timeout_seconds,
        metavar="SECONDS",
        help="a request's body must arrive within this time after its headers, or the "
        "connection is closed (408) (default: %(default)s)",
    )
    limits.add_argument(
        "--max-connections",
        type=_positive_int,
        metavar="N",
        default=_DEFAULT_MAX_CONNECTIONS,
        help="past this many open connections, requests are answered 503 (default: %(default)s)",
    )
    limits.add_argument(
        "--max-log-bytes",
        type=_byte_size,
        metavar="SIZE",
        default=DEFAULT_MAX_LOG_BYTES,
        help="with --runtime process, each workload's output log keeps at most this "
        f"much, its latest output (default: 10m, at least {MIN_LOG_BYTES // 1024}k)",
    )
    serve.add_argument(
        "--log-level",
        choices=("critical", "error", "warning", "info", "debug"),
        default="info",
        help="server log level; logs go to stderr (default: %(default)s)",
    )
    serve.add_argument(
        "--access-log",
        action="store_true",
        help="log one line per request to stderr (needs --log-level info or debug); off "
        "by default: it adds about a third to the server's CPU time per request",
    )
    return parser


def _grants(arguments: argparse.Namespace) -> tuple[TokenGrant, ...]:
    grants: list[TokenGrant] = []
    if arguments.tokens_file is not None:
        grants.extend(load_tokens_file(arguments.tokens_file))
    grants.extend(parse_token_spec(spec) for spec in arguments.token)
    return tuple(grants)


class _Terminated(Exception):
    """SIGTERM arrived; unwinds to the cleanup in `serve`."""


def _on_sigterm(_signum: int, _frame: FrameType | None) -> None:
    raise _Terminated


def serve(arguments: argparse.Namespace) -> int:
    """Run until a signal; returns the process exit code."""
    # Imported here so `--help` and option errors answer without loading the web stack.
    from workload_api_server.command.serve import bind_socket, run
    from workload_api_server.web.app import close_app, create_app

    try:
        settings = Settings(
            data_dir=arguments.data_dir,
            tokens=_grants(arguments),
            step_seconds=arguments.step_seconds,
            runtime=arguments.runtime,
            test_controls=arguments.test_controls,
            max_body_bytes=arguments.max_body_bytes,
            max_log_bytes=arguments.max_log_bytes,
            dialects=arguments.dialect,
            rollout_minute_seconds=arguments.rollout_minute_seconds,
            replacement_linger_seconds=arguments.replacement_linger_seconds,
            draft_ttl_seconds=arguments.draft_ttl_seconds,
        )
    except SettingsError as exc:
        _complain(str(exc))
        return 2
    try:
        # Checked before binding, so a refused setup never listens at all.
        warnings = check_exposure(
            Exposure(
                address=bind_address(arguments.host),
                explicit_tokens=bool(settings.tokens),
                runtime=settings.runtime,
                allow_network_process_runtime=arguments.allow_network_process_runtime,
                test_controls=settings.test_controls,
            )
        )
        sock = bind_socket(arguments.host, arguments.port)
    except SettingsError as exc:
        _complain(str(exc))
        return 2
    except OSError as exc:
        _complain(f"cannot listen on {arguments.host}:{arguments.port}: {exc}")
        return 1
    for warning in warnings:
        _complain(warning)
    limits = HttpLimits(
        max_url_bytes=arguments.max_url_bytes,
        max_header_bytes=arguments.max_header_bytes,
        head_timeout_seconds=arguments.head_timeout,
        body_timeout_seconds=arguments.body_timeout,
    )
    # Uvicorn handles SIGTERM during serving and re-raises it afterwards; this handler
    # turns that (or an early SIGTERM) into an orderly exit through the `finally` below.
    signal.signal(signal.SIGTERM, _on_sigterm)
    app = create_app(settings)
    try:
        run(
            app,
            sock,
            log_level=arguments.log_level,
            access_log=arguments.access_log,
            limits=limits,
            max_connections=arguments.max_connections,
        )
    except (KeyboardInterrupt, _Terminated):
        pass
    finally:
        close_app(app)
        with contextlib.suppress(OSError):
            sock.close()
    return 0


def _complain(message: str) -> None:
    for line in message.splitlines():
        print(f"workload-api: {line}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    arguments = build_parser().parse_args(argv)
    if arguments.command == "serve":
        return serve(arguments)
    return 2
