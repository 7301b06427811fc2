"""Inspect the Python environment that runs a Pulumi program.

The language host answers the engine's questions about a program ("which plugins does it
need?", "which packages are installed?", "which Python is this?"). The answers belong to
the interpreter that will run the program, which is not always the interpreter running the
host (a project's ``virtualenv`` option can point elsewhere). So this module is small,
stdlib-only and runnable as a script: the host imports it when both interpreters are the
same (no extra process), and otherwise runs ``<program python> package_scan.py <command>``
and reads one JSON document from stdout.

Commands: ``plugins`` (resource plugins implied by installed ``pulumi-*`` packages),
``dependencies [--transitive]`` and ``about``.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import platform
import re
import sys
from pathlib import Path
from typing import Any

# Packages named pulumi-* that are known to ship no plugin; upstream skips them too, since
# older releases lack the pulumi-plugin.json that would say so.
_NO_PLUGIN = frozenset({"pulumi-policy", "pulumi-esc-sdk"})

_PEP440 = re.compile(
    r"^(?P<release>\d+(?:\.\d+)*)"
    r"(?:(?P<pre>a|b|rc)(?P<pre_n>\d+))?"
    r"(?:\.post(?P<post>\d+))?"
    r"(?:\.dev(?P<dev>\d+))?$"
)
_PRE_NAMES = {"a": "alpha", "b": "beta", "rc": "rc"}


def normalize_name(name: str) -> str:
    """PEP 503 form, so ``pulumi_aws`` and ``Pulumi-AWS`` compare equal."""
    return re.sub(r"[-_.]+", "-", name).lower()


def plugin_version(package_version: str) -> str | None:
    """Translate a PEP 440 package version into the semver of its plugin.

    Plugins are versioned in semver while Python packages use PEP 440; the engine needs
    the former. Only the common shapes translate unambiguously (``1.2``, ``1.2.3rc1``,
    ``1.2.3.post1.dev2``); anything else (epochs, local versions) returns None and the
    package is skipped rather than guessed at.
    """
    match = _PEP440.match(package_version.strip())
    if match is None:
        return None
    release = match["release"].split(".")
    while len(release) < 3:
        release.append("0")
    text = ".".join(release)
    if match["pre"]:
        text += f"-{_PRE_NAMES[match['pre']]}.{match['pre_n']}"
    build = ""
    if match["post"] is not None:
        build += f"post{match['post']}"
    if match["dev"] is not None:
        build += f"dev{match['dev']}"
    if build:
        text += f"+{build}"
    return text


def _plugin_manifest(dist: importlib.metadata.Distribution, name: str) -> dict[str, Any] | None:
    """Read ``<module>/pulumi-plugin.json`` of a distribution, if it ships one.

    The module is assumed to be the package name with underscores (the convention of every
    generated Pulumi SDK). Regular installs are found beside the metadata; editable installs
    (``pip install -e``) are found through the import system, without importing anything.
    """
    module = name.replace("-", "_")
    candidates: list[Path] = [Path(str(dist.locate_file(f"{module}/pulumi-plugin.json")))]
    if name.startswith("pulumi-"):
        try:
            spec = importlib.util.find_spec(module)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.submodule_search_locations:
            candidates.extend(
                Path(location) / "pulumi-plugin.json"
                for location in spec.submodule_search_locations
            )
    for path in candidates:
        if path.is_file():
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return None
            return loaded if isinstance(loaded, dict) else None
    return None


def required_plugins() -> list[dict[str, Any]]:
    """Resource plugins the engine should have ready before it runs the program.

    Mirrors the rule of the upstream host: a distribution counts when it ships
    pulumi-plugin.json or is named ``pulumi-*``; ``"resource": false`` in the manifest opts
    out (this project's own package does that); name and version default to the package's.
    """
    found: dict[str, dict[str, Any]] = {}
    for dist in importlib.metadata.distributions():
        raw_name: str | None = dist.metadata["Name"]
        if not raw_name:
            continue
        name = normalize_name(raw_name)
        if name in _NO_PLUGIN or name in found:
            continue
        manifest = _plugin_manifest(dist, name)
        if manifest is None and not name.startswith("pulumi-"):
            continue
        manifest = manifest or {}
        if manifest.get("resource", True) is False:
            continue
        plugin_name = str(manifest.get("name") or name.removeprefix("pulumi-"))
        version = str(manifest.get("version") or "") or plugin_version(dist.version or "")
        if not version:
            continue
        entry: dict[str, Any] = {
            "name": plugin_name,
            "version": version if version.startswith("v") else f"v{version}",
            "server": str(manifest.get("server") or ""),
        }
        parameterization = manifest.get("parameterization")
        if isinstance(parameterization, dict):
            entry["parameterization"] = {
                "name": str(parameterization.get("name", "")),
                "version": str(parameterization.get("version", "")),
                "value": str(parameterization.get("value", "")),
            }
        found[name] = entry
    return list(found.values())


def installed_packages(transitive: bool) -> list[dict[str, str]]:
    """Installed distributions; without ``transitive`` only those nothing else requires.

    That is what ``pulumi about`` wants to show: the packages a user chose, not every
    dependency they dragged in.
    """
    dists: dict[str, str] = {}
    required: set[str] = set()
    for dist in importlib.metadata.distributions():
        raw_name: str | None = dist.metadata["Name"]
        if not raw_name:
            continue
        dists.setdefault(normalize_name(raw_name), dist.version or "")
        if not transitive:
            for requirement in dist.requires or []:
                head = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
                if head and "extra ==" not in requirement:
                    required.add(normalize_name(head.group(1)))
    return [
        {"name": name, "version": version}
        for name, version in sorted(dists.items())
        if transitive or name not in required
    ]


def about() -> dict[str, str]:
    """Which interpreter this is, for ``pulumi about`` and update metadata."""
    return {"executable": sys.executable, "version": platform.python_version()}


def main(argv: list[str]) -> int:
    """Script entry point: print one JSON document for the requested command."""
    command = argv[0] if argv else ""
    result: object
    if command == "plugins":
        result = required_plugins()
    elif command == "dependencies":
        result = installed_packages(transitive="--transitive" in argv[1:])
    elif command == "about":
        result = about()
    else:
        print(
            f"usage: package_scan.py plugins|dependencies [--transitive]|about (got {argv!r})",
            file=sys.stderr,
        )
        return 2
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
