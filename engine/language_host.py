"""A Pulumi language host for Python programs (gRPC service ``pulumirpc.LanguageRuntime``).

Why this exists: the engine runs a CLI project with ``runtime: python`` by launching a
plugin named ``pulumi-language-python``. Upstream ships it as a Go program in a nested
module (``sdk/python/cmd/pulumi-language-python``) that the Go module proxy reachable from
this project's machines refuses to serve, so the CLI we build from source has no Python
host. This module is our own implementation of the same protocol, small and typed.

How the engine uses it (facts from pulumi/pulumi v3.260, sdk/go/common/resource/plugin):

* It starts the plugin with optional ``--logtostderr``, ``-v=N`` and ``--tracing URL``
  flags followed by the engine's gRPC address as the last positional argument, in the
  project directory, in a process group of its own. It reads the first stdout line as
  the port to dial on 127.0.0.1. Later stdout/stderr lines become the user's output.
* For ``up``/``preview`` it calls GetPluginInfo, GetRequiredPackages (falling back to
  GetRequiredPlugins on UNIMPLEMENTED), About (update metadata) and Run. ``pulumi about``
  adds GetProgramDependencies; ``pulumi install``/``new`` call InstallDependencies and
  RuntimeOptionsPrompts; Python plugin packages use RunPlugin. Handshake is only sent
  when the engine attaches to an already running host (``PULUMI_DEBUG_LANGUAGES``).
* On shutdown it sends SIGINT to the process group, then SIGKILL after five seconds.

Run does what the Go host does: it starts ``<python> pulumi-language-python-exec`` (the
upstream runner script, installed beside this host) with ``--monitor``, ``--engine``,
``--project``, ``--root_directory``, ``--stack``, ``--pwd``, ``--dry_run``, ``--parallel``,
``--organization`` and the entry point, with the stack config as JSON in ``PULUMI_CONFIG``
and the secret keys in ``PULUMI_CONFIG_SECRET_KEYS``. The program's output goes straight
to our stdout/stderr, which the engine shows. Exit code 32 means the runner already
reported the error (a traceback, through the engine's log), so Run answers ``bail``;
other failures come back as ``RunResponse.error``.

The Python that runs the program: the project's ``virtualenv`` runtime option (relative to
the project root), else ``$PULUMI_PYTHON_CMD``, else ``python3``/``python`` on PATH.
"""

from __future__ import annotations

import base64
import dataclasses
import importlib.metadata
import importlib.util
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import tomllib
import types
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent import futures
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import grpc
import package_scan

HERE = Path(__file__).resolve().parent

#: The runner exits with this code after it has shown the user an actionable error.
EXIT_AFTER_USER_ACTIONABLE_MESSAGE = 32
#: The engine allows messages this large (rpcutil.maxRPCMessageSize).
MAX_MESSAGE_BYTES = 400 * 1024 * 1024
EXEC_SCRIPT_NAME = "pulumi-language-python-exec"


def _load_protos() -> tuple[types.ModuleType, types.ModuleType, types.ModuleType]:
    """Import the generated gRPC stubs shipped in the ``pulumi`` wheel, cheaply.

    ``import pulumi.runtime.proto...`` runs ``pulumi/__init__`` first, which imports the
    whole SDK (about 0.4 s more at every host start, i.e. at every ``pulumi`` command).
    The stubs only need protobuf, so we register the three parent packages as bare
    namespaces pointing at the right folders and import just the generated modules.
    """
    spec = importlib.util.find_spec("pulumi")
    if spec is None or spec.origin is None:
        raise ImportError("the 'pulumi' package is not installed")
    root = Path(spec.origin).parent
    if "pulumi" not in sys.modules:
        for name, folder in (
            ("pulumi", root),
            ("pulumi.runtime", root / "runtime"),
            ("pulumi.runtime.proto", root / "runtime" / "proto"),
        ):
            module = types.ModuleType(name)
            module.__path__ = [str(folder)]
            sys.modules[name] = module
    from pulumi.runtime.proto import language_pb2, language_pb2_grpc, plugin_pb2

    return language_pb2, language_pb2_grpc, plugin_pb2


if TYPE_CHECKING:
    from google.protobuf import empty_pb2  # type: ignore[import-untyped]
    from pulumi.runtime.proto import language_pb2 as lang
    from pulumi.runtime.proto import language_pb2_grpc as lang_grpc
    from pulumi.runtime.proto import plugin_pb2
else:
    lang, lang_grpc, plugin_pb2 = _load_protos()
    from google.protobuf import empty_pb2


class HostError(Exception):
    """A problem to report to the user as the answer of an RPC (no traceback needed)."""


# --------------------------------------------------------------------------------------
# Which Python runs the program


@dataclasses.dataclass(frozen=True)
class ProgramOptions:
    """The ``runtime.options`` of Pulumi.yaml that matter to a Python program."""

    root: Path
    program_dir: Path
    virtualenv: str = ""
    toolchain: str = "pip"
    typechecker: str = ""

    @classmethod
    def from_info(cls, info: lang.ProgramInfo, *, default_root: Path) -> ProgramOptions:
        """Validate the options the way the upstream host does, with the same messages."""
        root = Path(info.root_directory) if info.root_directory else default_root
        program_dir = Path(info.program_directory) if info.program_directory else root
        raw: dict[str, Any] = dict(info.options.items()) if info.HasField("options") else {}
        values: dict[str, str] = {}
        for key in ("virtualenv", "toolchain", "typechecker"):
            if key in raw:
                if not isinstance(raw[key], str):
                    raise HostError(f"{key} option must be a string")
                values[key] = raw[key]
        toolchain = values.get("toolchain", "pip")
        if toolchain not in ("pip", "uv", "poetry"):
            raise HostError(f"unsupported toolchain option: {toolchain}")
        typechecker = values.get("typechecker", "")
        if typechecker not in ("", "mypy", "pyright"):
            raise HostError(f"unsupported typechecker option: {typechecker}")
        return cls(root, program_dir, values.get("virtualenv", ""), toolchain, typechecker)


@dataclasses.dataclass(frozen=True)
class PythonCommand:
    """An interpreter plus the environment it must run with (an activated venv or not)."""

    executable: str
    env: dict[str, str]
    venv: Path | None = None

    def is_this_interpreter(self) -> bool:
        """True when it is the Python running this host, so no extra process is needed.

        Compared without resolving symlinks: every venv's ``bin/python`` links to the same
        base interpreter, yet each venv sees different packages.
        """
        return os.path.abspath(self.executable) == os.path.abspath(sys.executable)


def activate_venv(env: Mapping[str, str], venv: Path) -> dict[str, str]:
    """What ``source venv/bin/activate`` would do, so tools the program runs see the venv."""
    result = {k: v for k, v in env.items() if k not in ("PYTHONHOME", "VIRTUAL_ENV")}
    result["PATH"] = os.pathsep.join(p for p in (str(venv / "bin"), env.get("PATH", "")) if p)
    result["VIRTUAL_ENV"] = str(venv)
    return result


def venv_error(option: str, path: Path) -> HostError:
    """Explain a ``virtualenv`` option that does not point at a venv, and how to fix it."""
    state = "doesn't exist" if not path.exists() else "doesn't appear to be a virtual environment"
    return HostError(
        f"The 'virtualenv' option in Pulumi.yaml is set to {option!r}, but {str(path)!r} "
        f"{state}. Create it and install the program's dependencies:\n"
        f"    python3 -m venv {path}\n"
        f"    {path}/bin/python -m pip install -r requirements.txt\n"
        "or run `pulumi install`."
    )


def default_python() -> str:
    """``$PULUMI_PYTHON_CMD`` (a path or a command name), else python3, else python."""
    wanted = os.environ.get("PULUMI_PYTHON_CMD", "")
    names = [wanted] if wanted else ["python3", "python"]
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    raise HostError(
        f"could not find {' or '.join(repr(n) for n in names)} on PATH; set PULUMI_PYTHON_CMD "
        "to the Python that has the program's dependencies (scripts/env.sh does this)"
    )


def resolve_python(
    opts: ProgramOptions, *, base_env: Mapping[str, str] | None = None, venv_default: str = ""
) -> PythonCommand:
    """Pick the interpreter for a program, the way the upstream pip/uv/poetry toolchains do."""
    env = dict(os.environ if base_env is None else base_env)
    option = opts.virtualenv or venv_default
    if opts.toolchain == "uv" and not option:
        option = ".venv"
    if opts.toolchain == "poetry" and not option:
        poetry = shutil.which("poetry")
        if poetry is None:
            raise HostError("toolchain 'poetry' is set, but poetry is not on PATH")
        out = subprocess.run(
            [poetry, "env", "info", "--path"],
            cwd=opts.program_dir,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if out.returncode != 0 or not out.stdout.strip():
            raise HostError(f"`poetry env info --path` failed: {out.stderr.strip()}")
        option = out.stdout.strip()
    if not option:
        return PythonCommand(default_python(), env)
    venv = Path(option) if os.path.isabs(option) else opts.root / option
    python = venv / "bin" / "python"
    if not python.is_file():
        raise venv_error(option, venv)
    return PythonCommand(str(python), activate_venv(env, venv), venv)


def scan(python: PythonCommand, *args: str) -> Any:
    """Run a package_scan command in the program's interpreter (in-process when it is ours)."""
    if python.is_this_interpreter():
        if args[0] == "plugins":
            return package_scan.required_plugins()
        if args[0] == "dependencies":
            return package_scan.installed_packages("--transitive" in args)
        return package_scan.about()
    out = subprocess.run(
        [python.executable, str(HERE / "package_scan.py"), *args],
        env=python.env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise HostError(
            f"inspecting the Python environment with {python.executable} failed "
            f"(exit {out.returncode}): {out.stderr.strip()}"
        )
    return json.loads(out.stdout)


# --------------------------------------------------------------------------------------
# Running processes


@dataclasses.dataclass(frozen=True)
class Chunk:
    """One event of a streamed process: output on ``stdout``/``stderr``, or its ``exit``."""

    kind: str
    data: bytes = b""
    code: int = 0


def stream_process(
    cmd: Sequence[str],
    *,
    cwd: str | None,
    env: Mapping[str, str],
    on_start: Callable[[subprocess.Popen[bytes]], None] | None = None,
) -> Iterator[Chunk]:
    """Run a command and yield its output as it arrives, then its exit code.

    Streaming RPCs (InstallDependencies, RunPlugin) forward output live, so a slow
    ``pip install`` or a long-running plugin is visible while it works.
    """
    proc = subprocess.Popen(
        list(cmd),
        cwd=cwd,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    if on_start is not None:
        on_start(proc)
    chunks: queue.Queue[Chunk | None] = queue.Queue()

    def pump(kind: str, fd: int) -> None:
        while data := os.read(fd, 65536):
            chunks.put(Chunk(kind, data))
        chunks.put(None)

    assert proc.stdout is not None and proc.stderr is not None
    for kind, pipe in (("stdout", proc.stdout), ("stderr", proc.stderr)):
        threading.Thread(target=pump, args=(kind, pipe.fileno()), daemon=True).start()
    open_streams = 2
    while open_streams:
        chunk = chunks.get()
        if chunk is None:
            open_streams -= 1
        else:
            yield chunk
    proc.stdout.close()
    proc.stderr.close()
    yield Chunk("exit", code=proc.wait())


def describe_exit(code: int) -> str:
    """Word a failed program's exit status the way users of the Go host know it."""
    if code < 0:
        try:
            signame = signal.Signals(-code).name
        except ValueError:
            signame = str(-code)
        return f"program exited unexpectedly: killed by signal {signame}"
    return f"program exited with non-zero exit code: {code}"


# --------------------------------------------------------------------------------------
# The gRPC service


class LanguageHost(lang_grpc.LanguageRuntimeServicer):
    """The LanguageRuntime service for Python programs."""

    def __init__(self, engine_address: str, executor: str, tracing: str = "") -> None:
        self.engine_address = engine_address
        self.executor = executor
        self.tracing = tracing
        self.default_root = Path.cwd()
        self._children: set[subprocess.Popen[bytes]] = set()
        self._lock = threading.Lock()

    # -- bookkeeping -------------------------------------------------------------------

    def _track(self, proc: subprocess.Popen[bytes]) -> None:
        with self._lock:
            self._children.add(proc)

    def _untrack(self, proc: subprocess.Popen[bytes]) -> None:
        with self._lock:
            self._children.discard(proc)

    def interrupt_children(self) -> None:
        """Forward a cancellation to running programs (they finish their current step)."""
        with self._lock:
            children = list(self._children)
        for proc in children:
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)

    def _options(self, info: lang.ProgramInfo) -> ProgramOptions:
        return ProgramOptions.from_info(info, default_root=self.default_root)

    @staticmethod
    def _fail(context: grpc.ServicerContext, err: Exception) -> NoReturn:
        context.abort(grpc.StatusCode.UNKNOWN, str(err))
        raise AssertionError("unreachable: abort raises")

    # -- RPCs --------------------------------------------------------------------------

    def Handshake(
        self, request: lang.LanguageHandshakeRequest, context: grpc.ServicerContext
    ) -> lang.LanguageHandshakeResponse:
        """Sent only when the engine attaches to a running host; it names the engine."""
        if request.engine_address:
            self.engine_address = request.engine_address
        if request.HasField("root_directory") and request.root_directory:
            self.default_root = Path(request.root_directory)
        return lang.LanguageHandshakeResponse()

    def GetPluginInfo(
        self, request: empty_pb2.Empty, context: grpc.ServicerContext
    ) -> plugin_pb2.PluginInfo:
        """Report the SDK version we speak for (the engine records it as the plugin's)."""
        try:
            version = importlib.metadata.version("pulumi")
        except importlib.metadata.PackageNotFoundError:
            version = ""
        return plugin_pb2.PluginInfo(version=version)

    def GetRequiredPackages(
        self, request: lang.GetRequiredPackagesRequest, context: grpc.ServicerContext
    ) -> lang.GetRequiredPackagesResponse:
        """Resource plugins implied by the program's installed ``pulumi-*`` packages."""
        try:
            opts = self._options(request.info)
            found = scan(resolve_python(opts), "plugins")
        except HostError as err:
            self._fail(context, err)
        packages = []
        for item in found:
            dep = plugin_pb2.PackageDependency(
                name=item["name"],
                kind="resource",
                version=item["version"],
                server=item.get("server", ""),
            )
            param = item.get("parameterization")
            if param:
                dep.parameterization.CopyFrom(
                    plugin_pb2.PackageParameterization(
                        name=param["name"],
                        version=param["version"],
                        value=base64.b64decode(param["value"]) if param["value"] else b"",
                    )
                )
            packages.append(dep)
        return lang.GetRequiredPackagesResponse(packages=packages)

    def GetRequiredPlugins(
        self, request: lang.GetRequiredPluginsRequest, context: grpc.ServicerContext
    ) -> lang.GetRequiredPluginsResponse:
        """The older form of GetRequiredPackages, for engines that still ask it."""
        try:
            opts = self._options(request.info)
            found = scan(resolve_python(opts), "plugins")
        except HostError as err:
            self._fail(context, err)
        return lang.GetRequiredPluginsResponse(
            plugins=[
                plugin_pb2.PluginDependency(
                    name=i["name"],
                    kind="resource",
                    version=i["version"],
                    server=i.get("server", ""),
                )
                for i in found
                if not i.get("parameterization")
            ]
        )

    def Run(self, request: lang.RunRequest, context: grpc.ServicerContext) -> lang.RunResponse:
        """Run the program to completion; its resource registrations go to the monitor."""
        if request.attach_debugger:
            return lang.RunResponse(error="this language host cannot attach a debugger")
        if not self.executor:
            return lang.RunResponse(
                error=(
                    f"cannot find {EXEC_SCRIPT_NAME} (the program runner); it is installed beside "
                    "pulumi-language-python by scripts/build-engine.sh"
                )
            )
        try:
            opts = self._options(request.info)
            python = resolve_python(opts)
            self._typecheck(opts, python)
        except HostError as err:
            return lang.RunResponse(error=str(err))

        entry = request.info.entry_point or request.program or "."
        args = [python.executable, self.executor]
        for flag, value in (
            ("monitor", request.monitor_address),
            ("engine", self.engine_address),
            ("project", request.project),
            ("root_directory", request.info.root_directory),
            ("stack", request.stack),
            ("pwd", request.pwd),
            ("dry_run", "true" if request.dryRun else "false"),
            ("parallel", str(request.parallel)),
            ("tracing", self.tracing),
            ("organization", request.organization),
        ):
            if value:
                args += [f"--{flag}", value]
        args += [entry, *request.args]

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
        self._track(proc)
        try:
            code = proc.wait()
        finally:
            self._untrack(proc)
        if code == 0:
            return lang.RunResponse()
        if code == EXIT_AFTER_USER_ACTIONABLE_MESSAGE:
            return lang.RunResponse(bail=True)
        return lang.RunResponse(error=describe_exit(code))

    def _typecheck(self, opts: ProgramOptions, python: PythonCommand) -> None:
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

    def About(
        self, request: lang.AboutRequest, context: grpc.ServicerContext
    ) -> lang.AboutResponse:
        """Which Python runs the program (``pulumi about``, update metadata)."""
        try:
            opts = self._options(request.info)
            python = resolve_python(opts)
            found = scan(python, "about")
        except HostError as err:
            self._fail(context, err)
        metadata = {"toolchain": opts.toolchain}
        if python.venv is not None:
            metadata["virtualenv"] = str(python.venv)
        return lang.AboutResponse(
            executable=found["executable"], version=found["version"], metadata=metadata
        )

    def GetProgramDependencies(
        self,
        request: lang.GetProgramDependenciesRequest,
        context: grpc.ServicerContext,
    ) -> lang.GetProgramDependenciesResponse:
        """Installed packages of the program's Python (``pulumi about``)."""
        try:
            args = ["dependencies"] + (["--transitive"] if request.transitiveDependencies else [])
            found = scan(resolve_python(self._options(request.info)), *args)
        except HostError as err:
            self._fail(context, err)
        return lang.GetProgramDependenciesResponse(
            dependencies=[lang.DependencyInfo(name=d["name"], version=d["version"]) for d in found]
        )

    def RuntimeOptionsPrompts(
        self, request: lang.RuntimeOptionsRequest, context: grpc.ServicerContext
    ) -> lang.RuntimeOptionsResponse:
        """``pulumi new`` asks which toolchain to use; we only ever run pip-style venvs."""
        return lang.RuntimeOptionsResponse()

    def InstallDependencies(
        self,
        request: lang.InstallDependenciesRequest,
        context: grpc.ServicerContext,
    ) -> Iterator[lang.InstallDependenciesResponse]:
        """``pulumi install``: create the project's venv if needed and install requirements."""
        try:
            opts = self._options(request.info)
            steps = self._install_steps(opts, is_plugin=request.is_plugin)
        except HostError as err:
            self._fail(context, err)
        yield lang.InstallDependenciesResponse(stdout=b"Installing dependencies...\n\n")
        for cmd in steps:
            yield lang.InstallDependenciesResponse(stdout=f"$ {' '.join(cmd)}\n".encode())
            for chunk in stream_process(cmd, cwd=str(opts.program_dir), env=os.environ):
                if chunk.kind == "stdout":
                    yield lang.InstallDependenciesResponse(stdout=chunk.data)
                elif chunk.kind == "stderr":
                    yield lang.InstallDependenciesResponse(stderr=chunk.data)
                elif chunk.code != 0:
                    self._fail(context, HostError(f"`{' '.join(cmd)}` failed (exit {chunk.code})"))
        yield lang.InstallDependenciesResponse(stdout=b"Finished installing dependencies\n\n")

    def _install_steps(self, opts: ProgramOptions, *, is_plugin: bool) -> list[list[str]]:
        """The commands ``pulumi install`` needs for this toolchain, in order."""
        if opts.toolchain in ("uv", "poetry"):
            tool = shutil.which(opts.toolchain)
            if tool is None:
                raise HostError(f"toolchain {opts.toolchain!r} is set, but it is not on PATH")
            return [[tool, "sync"] if opts.toolchain == "uv" else [tool, "install"]]
        steps: list[list[str]] = []
        option = opts.virtualenv or ("venv" if is_plugin else "")
        requirements = opts.program_dir / "requirements.txt"
        if option:
            venv = Path(option) if os.path.isabs(option) else opts.root / option
            python = venv / "bin" / "python"
            if not python.is_file():
                steps.append([default_python(), "-m", "venv", str(venv)])
        else:
            python = Path(default_python())
        if requirements.is_file():
            steps.append([str(python), "-m", "pip", "install", "-r", str(requirements)])
        return steps

    def RunPlugin(
        self, request: lang.RunPluginRequest, context: grpc.ServicerContext
    ) -> Iterator[lang.RunPluginResponse]:
        """Run a plugin written in Python (a folder with __main__.py or a buildable package)."""
        base_env = dict(os.environ)
        for item in request.env:
            key, sep, value = item.partition("=")
            if sep:
                base_env[key] = value
        try:
            opts = self._options(request.info)
            python = resolve_python(opts, base_env=base_env, venv_default="venv")
            cmd = self._plugin_command(opts, python, list(request.args))
        except HostError as err:
            self._fail(context, err)

        procs: list[subprocess.Popen[bytes]] = []

        def started(proc: subprocess.Popen[bytes]) -> None:
            procs.append(proc)
            self._track(proc)

            def stop_if_running() -> None:
                # The engine ended the stream (plugin shutdown): end the plugin with it.
                if proc.poll() is None:
                    proc.terminate()

            context.add_callback(stop_if_running)

        try:
            for chunk in stream_process(
                cmd, cwd=request.pwd or None, env=python.env, on_start=started
            ):
                if chunk.kind == "stdout":
                    yield lang.RunPluginResponse(stdout=chunk.data)
                elif chunk.kind == "stderr":
                    yield lang.RunPluginResponse(stderr=chunk.data)
                else:
                    yield lang.RunPluginResponse(exitcode=chunk.code)
        finally:
            for proc in procs:
                self._untrack(proc)

    @staticmethod
    def _plugin_command(opts: ProgramOptions, python: PythonCommand, args: list[str]) -> list[str]:
        """``python <dir>`` when it has __main__.py, else ``python -m pulumi.run.plugin``."""
        if (opts.root / "__main__.py").is_file():
            return [python.executable, str(opts.program_dir), *args]
        pyproject = opts.root / "pyproject.toml"
        if not pyproject.is_file():
            raise HostError(
                "plugin is not runnable, it provides neither __main__.py nor a pyproject.toml"
            )
        name = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {}).get("name")
        if not name:
            raise HostError(f"{pyproject} has no [project] name")
        return [python.executable, "-m", "pulumi.run.plugin", str(name), *args]

    def Cancel(self, request: empty_pb2.Empty, context: grpc.ServicerContext) -> empty_pb2.Empty:
        """Pass the engine's cancellation on to whatever we are running."""
        self.interrupt_children()
        return empty_pb2.Empty()

    def _no_codegen(self, context: grpc.ServicerContext, what: str) -> NoReturn:
        context.abort(
            grpc.StatusCode.UNIMPLEMENTED,
            f"{what} is not supported by this project's Python language host "
            "(it runs programs; code generation needs the upstream Go host)",
        )
        raise AssertionError("unreachable: abort raises")

    def Template(self, request: lang.TemplateRequest, context: grpc.ServicerContext) -> NoReturn:
        """Not supported; the engine treats UNIMPLEMENTED as "nothing to do"."""
        self._no_codegen(context, "Template")

    def GenerateProgram(
        self, request: lang.GenerateProgramRequest, context: grpc.ServicerContext
    ) -> NoReturn:
        """``pulumi convert`` needs the Go code generator; not available here."""
        self._no_codegen(context, "GenerateProgram")

    def GenerateProject(
        self, request: lang.GenerateProjectRequest, context: grpc.ServicerContext
    ) -> NoReturn:
        """``pulumi convert`` needs the Go code generator; not available here."""
        self._no_codegen(context, "GenerateProject")

    def GeneratePackage(
        self, request: lang.GeneratePackageRequest, context: grpc.ServicerContext
    ) -> NoReturn:
        """SDK generation needs the Go code generator; not available here."""
        self._no_codegen(context, "GeneratePackage")

    def Pack(self, request: lang.PackRequest, context: grpc.ServicerContext) -> NoReturn:
        """Packing generated SDKs is part of code generation; not available here."""
        self._no_codegen(context, "Pack")

    def Link(self, request: lang.LinkRequest, context: grpc.ServicerContext) -> NoReturn:
        """``pulumi package add`` linking is part of code generation; not available here."""
        self._no_codegen(context, "Link")


# --------------------------------------------------------------------------------------
# Process entry point


@dataclasses.dataclass
class HostArgs:
    """Command line of the host: the engine's flags plus our ``--executor``."""

    engine_address: str = ""
    tracing: str = ""
    executor: str = ""


#: Go-style flags that take a value in the next argument (unless written as -flag=value).
_VALUE_FLAGS = frozenset(
    {"tracing", "executor", "use-executor", "virtualenv", "root", "typechecker", "toolchain", "v"}
)


def parse_args(argv: Sequence[str]) -> HostArgs:
    """Parse Go ``flag``-style arguments (``-x``, ``--x``, ``-x=v``, ``-x v``).

    The engine passes logging/tracing flags we do not use; unknown ones must not stop the
    host, so they are skipped instead of rejected. The last positional is the engine address.
    """
    result = HostArgs()
    positionals: list[str] = []
    items = list(argv)
    i = 0
    while i < len(items):
        item = items[i]
        i += 1
        if not item.startswith("-") or item in ("-", "--"):
            positionals.append(item)
            continue
        name, has_value, value = item.lstrip("-").partition("=")
        if not has_value and name in _VALUE_FLAGS and i < len(items):
            value = items[i]
            i += 1
        if name == "tracing":
            result.tracing = value
        elif name in ("executor", "use-executor"):
            result.executor = value
    if positionals:
        result.engine_address = positionals[-1]
    return result


def find_executor(given: str) -> str:
    """Locate pulumi-language-python-exec: --executor, then PATH (``.engine/bin``)."""
    if given and os.path.isfile(given):
        return given
    return shutil.which(EXEC_SCRIPT_NAME) or ""


def watch_parent(stop: threading.Event, server: Any) -> None:
    """Stop serving when the engine that started us is gone (we were re-parented).

    The engine normally interrupts us itself; this covers it being killed with SIGKILL,
    so no orphaned host lingers. (The Go host polls the engine's health endpoint.)
    """
    parent = os.getppid()
    while not stop.wait(1.0):
        if os.getppid() != parent:
            server.stop(grace=2)
            stop.set()


def main(argv: Sequence[str]) -> int:
    """Serve on a free local port, print it for the engine, and wait until told to stop."""
    args = parse_args(argv)
    host = LanguageHost(args.engine_address, find_executor(args.executor), args.tracing)
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=8, thread_name_prefix="langhost"),
        options=[
            ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
            ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
        ],
    )
    lang_grpc.add_LanguageRuntimeServicer_to_server(host, server)
    port = server.add_insecure_port("127.0.0.1:0")
    if not port:
        print("language host: could not bind a local port", file=sys.stderr)
        return 1
    server.start()
    print(port, flush=True)

    stop = threading.Event()

    def on_signal(signum: int, _frame: object) -> None:
        # The engine interrupts our whole process group, so running programs already got
        # SIGINT; a SIGTERM was meant for us alone and is passed on.
        if signum == signal.SIGTERM:
            host.interrupt_children()
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    threading.Thread(target=watch_parent, args=(stop, server), daemon=True).start()
    while not stop.wait(0.5):
        pass
    server.stop(grace=1).wait(3)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
