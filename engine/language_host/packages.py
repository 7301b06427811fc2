"""What the program's Python environment has installed, as the engine asks for it.

The answers belong to the interpreter that runs the program, which a ``virtualenv``
option can make different from the one running this host; engine/package_scan.py asks
that interpreter (in-process when it is ours), and this module words the answers as
protocol messages.
"""

from __future__ import annotations

import base64
import json
import subprocess
from pathlib import Path
from typing import Any

import package_scan
from language_host.errors import HostError
from language_host.interpreter import PythonCommand
from language_host.protos import lang, plugin_pb2

PACKAGE_SCAN = Path(__file__).resolve().parent.parent / "package_scan.py"


def scan(python: PythonCommand, *args: str) -> Any:
    """Run a package_scan command in the program's interpreter (in-process when it is ours)."""
    if python.is_this_interpreter():
        if args[0] == "plugins":
            return package_scan.required_plugins()
        if args[0] == "dependencies":
            return package_scan.installed_packages("--transitive" in args)
        return package_scan.about()
    out = subprocess.run(
        [python.executable, str(PACKAGE_SCAN), *args],
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


def required_packages(python: PythonCommand) -> list[plugin_pb2.PackageDependency]:
    """Resource plugins implied by the program's installed ``pulumi-*`` packages."""
    packages = []
    for item in scan(python, "plugins"):
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
    return packages


def required_plugins(python: PythonCommand) -> list[plugin_pb2.PluginDependency]:
    """The same, in the older form: parameterized packages cannot be said in it."""
    return [
        plugin_pb2.PluginDependency(
            name=i["name"],
            kind="resource",
            version=i["version"],
            server=i.get("server", ""),
        )
        for i in scan(python, "plugins")
        if not i.get("parameterization")
    ]


def about(python: PythonCommand, toolchain: str) -> lang.AboutResponse:
    """Which Python runs the program, and through which toolchain and venv."""
    found = scan(python, "about")
    metadata = {"toolchain": toolchain}
    if python.venv is not None:
        metadata["virtualenv"] = str(python.venv)
    return lang.AboutResponse(
        executable=found["executable"], version=found["version"], metadata=metadata
    )


def dependencies(python: PythonCommand, *, transitive: bool) -> list[lang.DependencyInfo]:
    """The distributions installed for the program (``pulumi about``)."""
    args = ["dependencies"] + (["--transitive"] if transitive else [])
    return [lang.DependencyInfo(name=d["name"], version=d["version"]) for d in scan(python, *args)]
