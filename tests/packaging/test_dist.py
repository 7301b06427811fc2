"""What the built sdist and wheel hold, opened as archives (what PyPI users download)."""

from __future__ import annotations

import tarfile
import zipfile

from datarobot_workloads_provider.version import __version__

from tests.packaging.dist import Dist


def test_wheel_has_the_typed_packages_the_plugin_marker_and_the_license(dist: Dist) -> None:
    names = set(zipfile.ZipFile(dist.wheel).namelist())
    for package in ("pulumi_datarobot_workloads", "datarobot_workloads_provider"):
        assert f"{package}/py.typed" in names, package
    assert "workload_api_server/py.typed" in names
    assert "pulumi_datarobot_workloads/pulumi-plugin.json" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names), sorted(names)[:5]
    assert not any(n.startswith(("tests/", "bench/", "engine/")) for n in names)


def test_wheel_metadata_declares_ranges_and_the_server_extra(dist: Dist) -> None:
    meta = dist.metadata()
    assert meta["Version"] == __version__
    assert meta["Requires-Python"] == "<3.14,>=3.10"
    assert meta["License-Expression"] == "Apache-2.0"
    runtime = {r.name: r for r in dist.requirements() if r.marker is None}
    assert set(runtime) == {"pulumi", "httpx", "pydantic", "typing-extensions", "pyyaml"}
    assert str(runtime["pulumi"].specifier).count("<4") == 1
    server = {
        r.name
        for r in dist.requirements()
        if r.marker is not None and r.marker.evaluate({"extra": "server"})
    }
    assert {"fastapi", "uvicorn", "starlette", "httptools", "uvloop"} <= server
    assert "server" in (meta.get_all("Provides-Extra") or [])


def test_sdist_carries_license_changelog_and_the_plugin_manifest(dist: Dist) -> None:
    with tarfile.open(dist.sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"LICENSE", "CHANGELOG.md", "pyproject.toml", "README.md"} <= names
    # An unpacked sdist is a plugin folder for `pulumi package add`.
    assert {"PulumiPlugin.yaml", "__main__.py"} <= names
