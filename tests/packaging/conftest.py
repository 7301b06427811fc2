"""The built distribution, once per test session (building takes ~15 s)."""

from __future__ import annotations

import pytest

from tests.packaging.dist import Dist, build


@pytest.fixture(scope="session")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Dist:
    return build(tmp_path_factory.mktemp("dist"))
