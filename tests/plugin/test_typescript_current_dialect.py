"""A TypeScript chain through the plugin's generated SDK in the current dialect: the
same steps as the YAML one (tests/plugin/test_yaml_current_dialect.py)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.plugin.programs import ProjectSteps, plugin_project
from tests.plugin.test_typescript_program import _without_sdk_dependency
from tests.plugin.test_yaml_current_dialect import walk_current_chain
from tests.support.server import ServerControls

if TYPE_CHECKING:
    from workload_api_server.launcher import ServerHandle

pytestmark = pytest.mark.e2e
PROGRAM = Path(__file__).resolve().parent / "current_typescript" / "index.ts"


def use_current_program(work: Path) -> None:
    _without_sdk_dependency(work)
    shutil.copy(PROGRAM, work / "index.ts")


@pytest.fixture
def typescript_stack(
    engine_bin: Path, api_server: ServerHandle, tmp_path: Path
) -> Iterator[ProjectSteps]:
    home = {"HOME": os.environ.get("HOME", str(tmp_path))}
    with plugin_project(
        "typescript",
        "nodejs",
        tmp_path,
        api_server.base_url,
        prepare=use_current_program,
        extra_env=home,
    ) as (steps, _):
        steps.config("datarobot-workloads:dialect", "current")
        yield steps


def test_typescript_chain_in_the_current_dialect(
    typescript_stack: ProjectSteps, server: ServerControls, api_server: ServerHandle
) -> None:
    walk_current_chain(typescript_stack, server, api_server.base_url)
