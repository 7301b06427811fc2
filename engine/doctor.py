"""Check that this clone can run Pulumi programs offline, and say how to fix it if not.

Run through ``scripts/doctor`` (which sources scripts/env.sh first). Every check prints one
line; a failed check prints its reason and the fix, the checks that depend on it are
skipped, and the exit status is 1. The last check deploys and destroys a one-resource
program (``Noop``, no API calls) with the real CLI in a temporary folder, so "ok" means
the whole chain works: CLI, our language host, the program runner, the dynamic provider.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.metadata
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = REPO / ".engine" / "bin"
SETUP_FIX = "run scripts/setup.sh"

PROGRAM = textwrap.dedent(
    """\
    import pulumi
    from pulumi_datarobot_workloads.diagnostics import Noop

    probe = Noop("doctor-probe", value=pulumi.Config().get("value") or "x")
    pulumi.export("value", probe.value)
    """
)


class CheckFailed(Exception):
    """A check that did not pass: what went wrong and how to fix it."""

    def __init__(self, reason: str, fix: str = SETUP_FIX) -> None:
        super().__init__(reason)
        self.reason = reason
        self.fix = fix


@dataclasses.dataclass
class Report:
    """Collects check results; failures make the exit status non-zero."""

    failures: int = 0
    skipped: int = 0

    def run(self, label: str, check: Callable[[], str], *, needs_ok: bool = True) -> bool:
        """Run one check unless an earlier failure makes it meaningless."""
        if needs_ok and self.failures:
            print(f"skip  {label:<16} (needs the checks above)")
            self.skipped += 1
            return False
        try:
            detail = check()
        except CheckFailed as err:
            self.failures += 1
            print(f"FAIL  {label:<16} {err.reason}")
            print(f"      {'':<16} fix: {err.fix}")
            return False
        print(f"ok    {label:<16} {detail}")
        return True


def pinned_version() -> str:
    """The engine version scripts/versions.sh pins (the SDK must be the same)."""
    text = (REPO / "scripts" / "versions.sh").read_text(encoding="utf-8")
    match = re.search(r"^PULUMI_VERSION=(\S+)", text, re.M)
    if match is None:
        raise CheckFailed(
            "scripts/versions.sh has no PULUMI_VERSION", "restore scripts/versions.sh"
        )
    return match.group(1)


def check_engine() -> str:
    """The CLI exists where env.sh puts it first on PATH, and runs."""
    exe = BIN / "pulumi"
    if not os.access(exe, os.X_OK):
        raise CheckFailed(f"no engine at {exe}")
    found = shutil.which("pulumi")
    if found is None or Path(found).resolve() != exe.resolve():
        raise CheckFailed(
            f"`pulumi` on PATH is {found}, not {exe}",
            "source scripts/env.sh (scripts/doctor does this itself)",
        )
    out = subprocess.run([str(exe), "version"], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise CheckFailed(
            f"`pulumi version` failed: {out.stderr.strip()}", "scripts/build-engine.sh --rebuild"
        )
    return f"{out.stdout.strip()} at {exe}"


def check_versions() -> str:
    """Engine, pinned version and Python SDK agree (they are released together)."""
    pinned = pinned_version()
    engine = (
        subprocess.run(
            [str(BIN / "pulumi"), "version"], capture_output=True, text=True, check=False
        )
        .stdout.strip()
        .lstrip("v")
    )
    try:
        sdk = importlib.metadata.version("pulumi")
    except importlib.metadata.PackageNotFoundError as err:
        raise CheckFailed("the pulumi Python SDK is not installed in this venv") from err
    if not engine == sdk == pinned:
        raise CheckFailed(
            f"engine {engine}, Python SDK {sdk}, pinned {pinned} differ",
            "run scripts/setup.sh (it installs both at the pinned version)",
        )
    return f"engine = Python SDK = pinned = {pinned}"


def check_python() -> str:
    """The venv python runs programs and providers (PULUMI_PYTHON_CMD) and has the project."""
    cmd = os.environ.get("PULUMI_PYTHON_CMD", "")
    if not cmd or not os.access(cmd, os.X_OK):
        raise CheckFailed(
            f"PULUMI_PYTHON_CMD={cmd!r} is not an executable Python",
            "source scripts/env.sh, then run scripts/setup.sh",
        )
    try:
        import pulumi_datarobot_workloads.diagnostics  # noqa: F401
    except ImportError as err:
        raise CheckFailed(f"the project is not installed in the venv ({err})") from err
    sdk = importlib.metadata.version("pulumi")
    return f"{cmd} (Python {sys.version.split()[0]}, pulumi SDK {sdk})"


def check_plugins() -> str:
    """The two upstream scripts the engine and our host start are installed."""
    missing = [
        name
        for name in ("pulumi-language-python-exec", "pulumi-resource-pulumi-python")
        if not (BIN / name).is_file()
    ]
    if missing:
        raise CheckFailed(f"missing in {BIN}: {', '.join(missing)}")
    return "pulumi-language-python-exec, pulumi-resource-pulumi-python"


def check_language_host() -> str:
    """Start our language host like the engine does and ask it GetPluginInfo."""
    launcher = BIN / "pulumi-language-python"
    if not os.access(launcher, os.X_OK):
        raise CheckFailed(f"no language host at {launcher}")
    import grpc
    from google.protobuf import empty_pb2  # type: ignore[import-untyped]
    from pulumi.runtime.proto import language_pb2_grpc

    started = time.monotonic()
    proc = subprocess.Popen(
        [str(launcher), "127.0.0.1:0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert proc.stdout is not None
        port = proc.stdout.readline().strip()
        if not port.isdigit():
            err = proc.stderr.read() if proc.poll() is not None and proc.stderr else ""
            raise CheckFailed(f"{launcher} did not print a port: {(port + ' ' + err).strip()}")
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = language_pb2_grpc.LanguageRuntimeStub(channel)
            try:
                info = stub.GetPluginInfo(empty_pb2.Empty(), timeout=10)
            except grpc.RpcError as err:
                raise CheckFailed(f"the language host did not answer: {err}") from err
        elapsed = time.monotonic() - started
        return f"{launcher} -> {launcher.resolve()} answers (v{info.version}, {elapsed:.2f}s)"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def run_pulumi(args: list[str], cwd: Path, env: dict[str, str]) -> float:
    """Run one CLI command; on failure show its output, which names the real problem."""
    started = time.monotonic()
    out = subprocess.run(
        ["pulumi", *args, "--non-interactive"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        tail = "\n".join((out.stdout + out.stderr).strip().splitlines()[-25:])
        raise CheckFailed(
            f"`pulumi {' '.join(args)}` failed (exit {out.returncode}):\n"
            + textwrap.indent(tail, " " * 22),
            "read the output above; `scripts/doctor --keep` keeps the project to retry by hand",
        )
    return time.monotonic() - started


def check_deploy(keep: bool) -> str:
    """up + destroy of a one-Noop CLI project (runtime: python) with a file backend in /tmp."""
    work = Path(tempfile.mkdtemp(prefix="drw-doctor-"))
    project = work / "project"
    project.mkdir()
    (project / "Pulumi.yaml").write_text("name: doctor\nruntime: python\n", encoding="utf-8")
    (project / "__main__.py").write_text(PROGRAM, encoding="utf-8")
    (work / "backend").mkdir()
    (work / "home").mkdir()
    env = dict(os.environ)
    env.update(
        {
            "PULUMI_BACKEND_URL": f"file://{work / 'backend'}",
            "PULUMI_HOME": str(work / "home"),
            "PULUMI_CONFIG_PASSPHRASE": "doctor",
        }
    )
    env.pop("PULUMI_CONFIG_PASSPHRASE_FILE", None)
    try:
        run_pulumi(["stack", "init", "doctor"], project, env)
        up = run_pulumi(["up", "--yes", "--skip-preview"], project, env)
        down = run_pulumi(["destroy", "--yes", "--skip-preview"], project, env)
        run_pulumi(["stack", "rm", "--yes", "doctor"], project, env)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    kept = f"; kept {work}" if keep else ""
    return f"up {up:.1f}s, destroy {down:.1f}s{kept}"


def main(argv: list[str]) -> int:
    """Run every check in order and summarize."""
    parser = argparse.ArgumentParser(
        prog="scripts/doctor",
        description=(
            "Check that this clone can run Pulumi programs offline: the pinned engine in "
            ".engine/bin, its version against the Python SDK, the venv Python, the "
            "project's own Python language host, and a real `pulumi up` + `destroy` of a "
            "one-resource program (a Noop: no API calls) in a temporary folder. Prints one "
            "line per check; on a failure prints the reason and the fix, and exits 1."
        ),
    )
    parser.add_argument(
        "--no-deploy",
        action="store_true",
        help="skip the up/destroy check (the only slow one, a few seconds)",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the deploy check's temporary project, backend and PULUMI_HOME",
    )
    args = parser.parse_args(argv)

    report = Report()
    report.run("engine", check_engine, needs_ok=False)
    report.run("versions", check_versions)
    report.run("python", check_python, needs_ok=False)
    report.run("plugins", check_plugins, needs_ok=False)
    report.run("language host", check_language_host)
    if args.no_deploy:
        print(f"skip  {'up + destroy':<16} (--no-deploy)")
    else:
        report.run("up + destroy", lambda: check_deploy(args.keep))
    if report.failures:
        print(
            f"\n{report.failures} check(s) failed; fix the first one and run scripts/doctor again."
        )
        return 1
    print("\nall good: this clone can run Pulumi programs offline.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
