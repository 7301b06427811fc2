"""What each process loads: every `pulumi` command pays for it before doing any work.

The program process imports the SDK only to declare resources and pickle provider
references; pydantic and httpx would add ~0.3 s to every preview. Each check runs in a
fresh interpreter, since this test process has long since loaded everything.
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("pydantic", "httpx", "datarobot_workloads_provider.schema")


def loaded_after(code: str, modules: tuple[str, ...]) -> dict[str, bool]:
    probe = (
        f"{code}\nimport json, sys\nprint(json.dumps({{m: m in sys.modules for m in {modules!r}}}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    result: dict[str, bool] = json.loads(out.strip().splitlines()[-1])
    return result


def test_program_side_import_loads_neither_pydantic_nor_httpx() -> None:
    loaded = loaded_after("import pulumi_datarobot_workloads", HEAVY)
    assert loaded == dict.fromkeys(HEAVY, False)


def test_provider_modules_load_the_schema_only_when_checking() -> None:
    code = (
        "from datarobot_workloads_provider.artifact import ArtifactProvider\n"
        "from datarobot_workloads_provider.workload import WorkloadProvider\n"
        "from datarobot_workloads_provider.deployment import DeploymentProvider"
    )
    assert loaded_after(code, HEAVY) == dict.fromkeys(HEAVY, False)
    checked = code + "\nArtifactProvider().check({}, {'name': 'a'})"
    assert loaded_after(checked, ("datarobot_workloads_provider.schema", "httpx")) == {
        "datarobot_workloads_provider.schema": True,
        "httpx": False,
    }


def test_the_client_loads_httpx_without_its_cli_and_pydantic_only_to_parse() -> None:
    code = "from datarobot_workloads_provider.client import WorkloadApi"
    assert loaded_after(code, ("httpx", "httpx._main", "pydantic")) == {
        "httpx": True,
        "httpx._main": False,
        "pydantic": False,
    }
    parsed = code + "\nfrom datarobot_workloads_provider.client.api import models\nmodels.Workload"
    assert loaded_after(parsed, ("pydantic",)) == {"pydantic": True}
    # The real CLI is still one import (or one `httpx.main()` call) away.
    real = code + "\nimport httpx._main, httpx\nassert callable(httpx._main.main)"
    assert loaded_after(real, ("httpx._main",)) == {"httpx._main": True}
