"""The LanguageRuntime RPCs: each turns a request into calls of the host's modules.

Errors a user can fix come back as the RPC's answer (``HostError``), never as a traceback.
Code generation (``pulumi convert``, SDK generation) needs the upstream Go host and
answers UNIMPLEMENTED, which the engine reads as "nothing to do" for Template.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import grpc
from language_host import install, packages, plugins
from language_host.errors import HostError
from language_host.interpreter import PythonCommand, resolve_python
from language_host.options import ProgramOptions
from language_host.processes import Children, stream_process
from language_host.program_run import run_program
from language_host.protos import empty_pb2, lang, lang_grpc, plugin_pb2


class LanguageHost(lang_grpc.LanguageRuntimeServicer):
    """The LanguageRuntime service for Python programs."""

    def __init__(self, engine_address: str, executor: str, tracing: str = "") -> None:
        self.engine_address = engine_address
        self.executor = executor
        self.tracing = tracing
        self.default_root = Path.cwd()
        self.children = Children()

    def interrupt_children(self) -> None:
        """Forward a cancellation to running programs (they finish their current step)."""
        self.children.interrupt()

    def _options(self, info: lang.ProgramInfo) -> ProgramOptions:
        return ProgramOptions.from_info(info, default_root=self.default_root)

    def _python(self, info: lang.ProgramInfo) -> PythonCommand:
        return resolve_python(self._options(info))

    @staticmethod
    @contextlib.contextmanager
    def _answering(context: grpc.ServicerContext) -> Iterator[None]:
        """Turn a HostError into the RPC's error status, its message shown to the user."""
        try:
            yield
        except HostError as err:
            context.abort(grpc.StatusCode.UNKNOWN, str(err))
            raise AssertionError("unreachable: abort raises") from err

    # -- the engine and the host -------------------------------------------------------

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

    def Cancel(self, request: empty_pb2.Empty, context: grpc.ServicerContext) -> empty_pb2.Empty:
        """Pass the engine's cancellation on to whatever we are running."""
        self.interrupt_children()
        return empty_pb2.Empty()

    # -- the program's packages --------------------------------------------------------

    def GetRequiredPackages(
        self, request: lang.GetRequiredPackagesRequest, context: grpc.ServicerContext
    ) -> lang.GetRequiredPackagesResponse:
        """Resource plugins implied by the program's installed ``pulumi-*`` packages."""
        with self._answering(context):
            found = packages.required_packages(self._python(request.info))
        return lang.GetRequiredPackagesResponse(packages=found)

    def GetRequiredPlugins(
        self, request: lang.GetRequiredPluginsRequest, context: grpc.ServicerContext
    ) -> lang.GetRequiredPluginsResponse:
        """The older form of GetRequiredPackages, for engines that still ask it."""
        with self._answering(context):
            found = packages.required_plugins(self._python(request.info))
        return lang.GetRequiredPluginsResponse(plugins=found)

    def About(
        self, request: lang.AboutRequest, context: grpc.ServicerContext
    ) -> lang.AboutResponse:
        """Which Python runs the program (``pulumi about``, update metadata)."""
        with self._answering(context):
            opts = self._options(request.info)
            found = packages.about(resolve_python(opts), opts.toolchain)
        return found

    def GetProgramDependencies(
        self,
        request: lang.GetProgramDependenciesRequest,
        context: grpc.ServicerContext,
    ) -> lang.GetProgramDependenciesResponse:
        """Installed packages of the program's Python (``pulumi about``)."""
        with self._answering(context):
            python = self._python(request.info)
            found = packages.dependencies(python, transitive=request.transitiveDependencies)
        return lang.GetProgramDependenciesResponse(dependencies=found)

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
        with self._answering(context):
            opts = self._options(request.info)
            steps = install.install_steps(opts, is_plugin=request.is_plugin)
            yield from install.run_steps(opts, steps)

    # -- running code ------------------------------------------------------------------

    def Run(self, request: lang.RunRequest, context: grpc.ServicerContext) -> lang.RunResponse:
        """Run the program to completion; its resource registrations go to the monitor."""
        return run_program(
            request,
            engine_address=self.engine_address,
            executor=self.executor,
            tracing=self.tracing,
            default_root=self.default_root,
            children=self.children,
        )

    def RunPlugin(
        self, request: lang.RunPluginRequest, context: grpc.ServicerContext
    ) -> Iterator[lang.RunPluginResponse]:
        """Run a plugin written in Python (a folder with __main__.py or a buildable package)."""
        base_env = plugins.plugin_env(request.env)
        with self._answering(context):
            opts = self._options(request.info)
            python = resolve_python(opts, base_env=base_env, venv_default=plugins.PLUGIN_VENV)
            cmd = plugins.plugin_command(opts, python, list(request.args))

        procs: list[subprocess.Popen[bytes]] = []

        def started(proc: subprocess.Popen[bytes]) -> None:
            procs.append(proc)
            self.children.add(proc)

            def stop_if_running() -> None:
                # The engine ended the stream (plugin shutdown): end the plugin with it.
                if proc.poll() is None:
                    proc.terminate()

            context.add_callback(stop_if_running)

        try:
            yield from plugins.plugin_output(
                stream_process(cmd, cwd=request.pwd or None, env=python.env, on_start=started)
            )
        finally:
            for proc in procs:
                self.children.discard(proc)

    # -- code generation: not available ------------------------------------------------

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
