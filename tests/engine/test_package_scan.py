"""engine/package_scan.py: what the program's interpreter reports to the language host.

These pin the details that are easy to get subtly wrong: PEP 440 -> semver, and which
installed packages count as plugins (run as a script, as the host runs it in a venv).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import package_scan
import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("pep440", "semver"),
    [
        ("1.2", "1.2.0"),
        ("3.260.0", "3.260.0"),
        ("1.2.3a4", "1.2.3-alpha.4"),
        ("1.2.3b1", "1.2.3-beta.1"),
        ("1.2.3rc4", "1.2.3-rc.4"),
        ("1.2.3.post4", "1.2.3+post4"),
        ("1.2.3.dev5", "1.2.3+dev5"),
        ("1.2.3.post4.dev5", "1.2.3+post4dev5"),
        ("1!2.0", None),
        ("1.0+local", None),
        ("", None),
    ],
)
def test_plugin_version_translation(pep440: str, semver: str | None) -> None:
    assert package_scan.plugin_version(pep440) == semver


def _fake_dist(site: Path, name: str, version: str, manifest: dict[str, object] | None) -> None:
    """An installed distribution as importlib.metadata sees it (no real install needed)."""
    module = name.replace("-", "_")
    meta = site / f"{module}-{version}.dist-info"
    meta.mkdir(parents=True)
    (meta / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8"
    )
    (site / module).mkdir()
    (site / module / "__init__.py").write_text("", encoding="utf-8")
    if manifest is not None:
        (site / module / "pulumi-plugin.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_required_plugins_follow_the_upstream_rules(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _fake_dist(site, "pulumi-fake", "1.2.3", None)  # named pulumi-*: a plugin
    _fake_dist(site, "pulumi-sdkonly", "2.0.0", {"resource": False})  # opts out
    _fake_dist(
        site,
        "vendor-thing",
        "0.1",
        {"resource": True, "name": "thing", "version": "0.0.7", "server": "https://x"},
    )
    _fake_dist(site, "unrelated", "1.0", None)  # not a Pulumi package
    _fake_dist(site, "pulumi-policy", "1.0", None)  # known to have no plugin
    out = subprocess.run(
        [sys.executable, str(REPO / "engine" / "package_scan.py"), "plugins"],
        env={**os.environ, "PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
        check=True,
    )
    plugins = {p["name"]: p for p in json.loads(out.stdout)}
    assert plugins["fake"]["version"] == "v1.2.3"
    assert plugins["thing"] == {"name": "thing", "version": "v0.0.7", "server": "https://x"}
    assert not {"sdkonly", "unrelated", "policy", "datarobot-workloads"} & plugins.keys()


def test_this_project_needs_no_plugin() -> None:
    """Our package is named pulumi-*; its pulumi-plugin.json must keep the engine from
    looking for a plugin to download (which fails offline)."""
    names = {p["name"] for p in package_scan.required_plugins()}
    assert "datarobot-workloads" not in names
