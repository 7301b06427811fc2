"""Which configuration the plugin uses, in one order of precedence, per key.

For each of `endpoint`, `apikey`, `tracecontext` and `dialect`, the first one set wins:

1. the provider resource's own input (an explicit `pulumi:providers:datarobot-workloads`);
2. stack config in the package's namespace: `datarobot-workloads:endpoint`, ...;
3. stack config in the shared namespace: `datarobot:endpoint`, `datarobot:apikey`,
   `datarobot:tracecontext`, `datarobot:dialect`, the keys of the Python resources (the
   first three also DataRobot's own provider's), so one stack configures every front door;
4. the environment: `DATAROBOT_ENDPOINT`, `DATAROBOT_API_TOKEN`, `DATAROBOT_TRACE_CONTEXT`,
   `DATAROBOT_API_DIALECT`;
5. the defaults: https://app.datarobot.com/api/v2 for the endpoint, the older dialect.

The engine hands a provider only its own namespace (2). The shared keys (3) are looked
up only for the keys 1 and 2 leave unset, and first in the stack's files
(`Pulumi.<stack>.yaml`, then the project's `config:` in `Pulumi.yaml`), found from the
program's folder, which is the plugin's working directory. Only when the files cannot
settle such a key (a secret, a structured value, a stack importing ESC environments,
files that cannot be read) is the Pulumi CLI asked (`pulumi config --json --show-secrets`,
one process); secrets are decrypted by the CLI as for any command, and stay in memory.
So a stack whose `datarobot:*` keys are plain text, or unset, starts the plugin without
a CLI process.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..client.settings import (
    DIALECT_CONFIG_KEY,
    ENDPOINT_CONFIG_KEY,
    TOKEN_CONFIG_KEY,
    TRACE_CONFIG_KEY,
    ApiSettings,
)
from ..package_name import PACKAGE
from .stack_files import read_stack_files

SHARED_NAMESPACE = "datarobot"
# Each plugin key, and the key of the same value in ApiSettings (the shared namespace's).
KEYS = {
    "endpoint": ENDPOINT_CONFIG_KEY,
    "apikey": TOKEN_CONFIG_KEY,
    "tracecontext": TRACE_CONFIG_KEY,
    "dialect": DIALECT_CONFIG_KEY,
}
CLI_TIMEOUT_SECONDS = 60.0


class SharedConfigUnavailable(RuntimeError):
    """The stack's shared keys could not be read; the message says why."""


def resolve(
    args: Mapping[str, Any],
    variables: Mapping[str, str],
    shared: Callable[[list[str]], Mapping[str, str]],
) -> ApiSettings:
    """ApiSettings from the five sources above; `shared` is called at most once, with the
    keys the provider's inputs and the package's own config leave unset, and only if any."""
    chosen: dict[str, str | None] = {}
    missing: list[str] = []
    for name in KEYS:
        value = _text(args.get(name)) or _text(
            variables.get(f"{PACKAGE}:config:{name}") or variables.get(f"{PACKAGE}:{name}")
        )
        chosen[name] = value or None
        if not value:
            missing.append(name)
    if missing:
        found = shared(missing)
        for name in missing:
            chosen[name] = _text(found.get(name)) or None
    # ApiSettings.resolve adds the environment and the default endpoint (4 and 5).
    return ApiSettings.resolve({KEYS[name]: value for name, value in chosen.items()})


def stack_of(urn: str) -> str:
    """`urn:pulumi:dev::proj::type::name` -> `dev`."""
    return urn.split("::", 1)[0].removeprefix("urn:pulumi:")


def read_shared_keys(stack: str, names: list[str], cwd: str | None = None) -> dict[str, str]:
    """`datarobot:<name>` for `names`: from the stack's files when they settle every one,
    else from the Pulumi CLI (which also reads secrets and ESC environments)."""
    files = read_stack_files(stack, Path(cwd or os.getcwd()), SHARED_NAMESPACE, names)
    if files is not None and not files.unsettled:
        return files.values
    return read_shared_config(stack, cwd)


def read_shared_config(stack: str, cwd: str | None = None) -> dict[str, str]:
    """The `datarobot:*` keys of `stack`, by name (`endpoint`, ...), from the Pulumi CLI."""
    cli = shutil.which("pulumi")
    if cli is None:
        raise SharedConfigUnavailable("the `pulumi` CLI is not on PATH")
    if not stack:
        raise SharedConfigUnavailable("the engine did not say which stack this is")
    done = subprocess.run(
        [cli, "config", "--json", "--show-secrets", "--stack", stack],
        cwd=cwd or os.getcwd(),
        capture_output=True,
        text=True,
        timeout=CLI_TIMEOUT_SECONDS,
        check=False,
    )
    if done.returncode != 0:
        raise SharedConfigUnavailable(done.stderr.strip() or f"exit {done.returncode}")
    entries: dict[str, Any] = json.loads(done.stdout or "{}")
    found: dict[str, str] = {}
    for name in KEYS:
        entry = entries.get(f"{SHARED_NAMESPACE}:{name}")
        if isinstance(entry, dict) and isinstance(entry.get("value"), str):
            found[name] = entry["value"]
    return found


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""
