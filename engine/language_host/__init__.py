"""A Pulumi language host for Python programs (gRPC service ``pulumirpc.LanguageRuntime``).

Why this exists: the engine runs a CLI project with ``runtime: python`` by launching a
plugin named ``pulumi-language-python``. Upstream ships it as a Go program in a nested
module (``sdk/python/cmd/pulumi-language-python``) that the Go module proxy reachable from
this project's machines refuses to serve, so the CLI we build from source has no Python
host. This package is our own implementation of the same protocol, small and typed.

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

engine/pulumi-language-python starts it as ``python engine/language_host ARGS``
(``__main__``). The modules, one job each:

* ``server``: the process: command line, the gRPC server on a free port, signals, and
  exiting when the engine is gone.
* ``service``: the RPCs, each a thin adapter from protocol messages to the modules below.
* ``protos``: the generated protocol stubs, imported without loading the whole SDK.
* ``options``: the project's ``runtime.options``, validated.
* ``interpreter``: which Python runs the program, and the environment it runs with.
* ``packages``: what the program's environment has installed (plugins, dependencies).
* ``program_run``: Run: the upstream runner's command line, config and exit codes.
* ``install``: the commands of ``pulumi install``.
* ``plugins``: running a plugin written in Python.
* ``processes``: child processes: streamed output, cancellation, exit statuses.
* ``errors``: the one error type the RPCs turn into answers.

This module imports nothing: the engine starts the host for every command, so only what
an RPC needs is loaded.
"""
