"""Run: the program, run to completion by the upstream runner script.

As the Go host does, it starts ``<python> pulumi-language-python-exec`` (installed beside
this host) with ``--monitor``, ``--engine``, ``--project``, ``--root_directory``,
``--stack``, ``--pwd``, ``--dry_run``, ``--parallel``, ``--organization`` and the entry
point, with the stack config as JSON in ``PULUMI_CONFIG`` and the secret keys in
``PULUMI_CONFIG_SECRET_KEYS``. The program's output goes straight to the host's
stdout/stderr, which the engine shows. Exit code 32 means the runner already reported the
error (a traceback, through the engine's log), so Run answers ``bail``; other failures
come back as ``RunResponse.error``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from language_host.errors import HostError
from language_host.interpreter import PythonCommand, resolve_python
from language_host.options import ProgramOptions
from language_host.processes import Children, describe_exit
from language_host.protos import lang

#: The runner exits with this code after it has shown the user an actionable error.
EXIT_AFTER_USER_ACTIONABLE_MESSAGE = 32
EXEC_SCRIPT_NAME = "pulumi-language-python-exec"


def run_program(
    request: lang.RunRequest,
    *,
    engine_address: str,
    executor: str,
    tracing: str,
    default_root: Path,
    children: Children,
) -> lang.RunResponse:
    """Run the program; its resource registrations go to the monitor named in the request."""
    if request.attach_debugger:
        return lang.RunResponse(error="this language host cannot attach a debugger")
    if not executor:
        return lang.RunResponse(
            error=(
                f"cannot find {EXEC_SCRIPT_NAME} (the program runner); it is installed beside "
                "pulumi-language-python by scripts/build-engine.sh"
            )
        )
    try:
        opts = ProgramOptions.from_info(request.info, default_root=default_root)
        python = resolve_python(opts)
        typecheck(opts, python)
    except HostError as err:
        return lang.RunResponse(error=str(err))

    args = runner_command(
        request, python, engine_address=engine_address, executor=executor, tracing=tracing
    )
    env = dict(python.env)
    env["PULUMI_CONFIG"] = json.dumps(dict(request.config))
    env["PULUMI_CONFIG_SECRET_KEYS"] = json.dumps(list(request.configSecretKeys))

    sys.stdout.flush()
    sys.stderr.flush()
    try:
        # stdout/stderr are inherited: the engine shows them to the user as they come.
        proc = subprocess.Popen(args, env=env, stdin=subprocess.DEVNULL)
    except OSError as err:
        return lang.RunResponse(
            error=f"problem executing program (could not run language executor): {err}"
        )
    children.add(proc)
    try:
        code = proc.wait()
    finally:
        children.discard(proc)
    if code == 0:
        return lang.RunResponse()
    if code == EXIT_AFTER_USER_ACTIONABLE_MESSAGE:
        return lang.RunResponse(bail=True)
    return lang.RunResponse(error=describe_exit(code))


def runner_command(
    request: lang.RunRequest,
    python: PythonCommand,
    *,
    engine_address: str,
    executor: str,
    tracing: str,
) -> list[str]:
    """The runner's command line; empty values are left out, as the Go host does."""
    entry = request.info.entry_point or request.program or "."
    args = [python.executable, executor]
    for flag, value in (
        ("monitor", request.monitor_address),
        ("engine", engine_address),
        ("project", request.project),
        ("root_directory", request.info.root_directory),
        ("stack", request.stack),
        ("pwd", request.pwd),
        ("dry_run", "true" if request.dryRun else "false"),
        ("parallel", str(request.parallel)),
        ("tracing", tracing),
        ("organization", request.organization),
    ):
        if value:
            args += [f"--{flag}", value]
    return [*args, entry, *request.args]


def typecheck(opts: ProgramOptions, python: PythonCommand) -> None:
    """Honour ``typechecker: mypy|pyright``: check the program before running it."""
    if not opts.typechecker:
        return
    cmd = [python.executable, "-m", opts.typechecker]
    if opts.typechecker == "mypy" and python.venv is not None:
        cmd += ["--exclude", os.path.relpath(python.venv, opts.program_dir)]
    cmd.append(str(opts.program_dir))
    sys.stdout.flush()
    result = subprocess.run(cmd, cwd=opts.program_dir, env=python.env, check=False)
    if result.returncode != 0:
        raise HostError(f"{opts.typechecker} failed (exit {result.returncode}); see above")
