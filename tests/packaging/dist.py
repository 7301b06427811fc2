"""The package as users get it: the sdist and the wheel, built from this checkout."""

from __future__ import annotations

import email.parser
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement

from tests.support.engine import REPO

RUNTIME_DEPENDENCIES = ("pulumi", "httpx", "pydantic", "typing-extensions", "pyyaml")


@dataclass(frozen=True)
class Dist:
    wheel: Path
    sdist: Path

    def metadata(self) -> email.message.Message:
        with zipfile.ZipFile(self.wheel) as archive:
            name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
            text = archive.read(name).decode("utf-8")
        return email.parser.Parser().parsestr(text)

    def requirements(self) -> list[Requirement]:
        return [Requirement(line) for line in self.metadata().get_all("Requires-Dist") or []]

    def lowest_pins(self) -> list[str]:
        """`name==lower bound` of each runtime dependency, read from the wheel itself, so
        the matrix tests the bounds users get, not a copy of them."""
        pins = []
        for requirement in self.requirements():
            if requirement.name not in RUNTIME_DEPENDENCIES or requirement.marker is not None:
                continue
            lows = [s.version for s in requirement.specifier if s.operator == ">="]
            assert len(lows) == 1, f"{requirement} needs exactly one lower bound"
            pins.append(f"{requirement.name}=={lows[0]}")
        assert sorted(p.split("==")[0] for p in pins) == sorted(RUNTIME_DEPENDENCIES), pins
        return pins


def build(out: Path) -> Dist:
    """`python -m build` (sdist, then the wheel from it, as PyPI users get them), then
    `twine check` on both."""
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(REPO)],
        check=True,
        capture_output=True,
        text=True,
    )
    wheels = sorted(out.glob("*.whl"))
    sdists = sorted(out.glob("*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1, sorted(p.name for p in out.iterdir())
    checked = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", str(wheels[0]), str(sdists[0])],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    return Dist(wheel=wheels[0], sdist=sdists[0])
