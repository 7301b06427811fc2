"""What each process loads: every `pulumi` command pays for it before doing any work.

The program process imports the SDK only to declare resources and pickle provider
references; pydantic and httpx would add ~0.3 s to every preview. Each check runs in a
fresh interpreter, since this test process has long since loaded everything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support.server import TOKEN

if TYPE_CHECKING:
    from workload_api_server.launcher import ServerHandle

HEAVY = ("pydantic", "httpx", "datarobot_workloads_provider.schema")
REPO = Path(__file__).resolve().parents[2]


def loaded_after(
    code: str, modules: tuple[str, ...], env: dict[str, str] | None = None
) -> dict[str, bool]:
    probe = (
        f"{code}\nimport json, sys\nprint(json.dumps({{m: m in sys.modules for m in {modules!r}}}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
        env={**os.environ, **(env or {})},
    ).stdout
    result: dict[str, bool] = json.loads(out.strip().splitlines()[-1])
    return result


# What only the provider process runs: the lifecycle, its waits and progress messages,
# the API client's package (its settings are read when the provider is configured), and
# the reading of declared fields (the program takes only the definitions' names).
PROVIDER_ONLY = (
    "datarobot_workloads_provider.lifecycle.core",
    "datarobot_workloads_provider.lifecycle.workload",
    "datarobot_workloads_provider.waiting",
    "datarobot_workloads_provider.progress",
    "datarobot_workloads_provider.client",
    "datarobot_workloads_provider.contract.declared",
)


def test_program_side_import_loads_neither_pydantic_nor_httpx() -> None:
    loaded = loaded_after("import pulumi_datarobot_workloads", HEAVY)
    assert loaded == dict.fromkeys(HEAVY, False)


def test_a_program_loads_the_lookups_only_when_it_uses_one() -> None:
    modules = ("datarobot_workloads_provider.lookups", "pulumi_datarobot_workloads.lookups")
    declared = (
        "import pulumi_datarobot_workloads as dr\n"
        "dr.Workload  # declaring resources, artifact= included, needs no lookup"
    )
    assert loaded_after(declared, modules) == dict.fromkeys(modules, False)
    looked_up = "from pulumi_datarobot_workloads import get_artifact, ArtifactInfo"
    assert loaded_after(looked_up, modules) == dict.fromkeys(modules, True)
    # The submodule is still an attribute of the package, as when it loaded eagerly.
    by_module = "import pulumi_datarobot_workloads as dr\ndr.lookups.LookupFailed"
    assert loaded_after(by_module, modules) == dict.fromkeys(modules, True)


def test_program_side_import_leaves_the_lifecycle_to_the_provider_process() -> None:
    declared = (
        "import pulumi_datarobot_workloads as dr, dill\n"
        "from datarobot_workloads_provider.workload import WorkloadProvider\n"
        "dill.dumps(WorkloadProvider(), recurse=True)"
    )
    assert loaded_after(declared, PROVIDER_ONLY) == dict.fromkeys(PROVIDER_ONLY, False)
    # In the provider process, the provider's lifecycle is one attribute access away.
    used = declared + "\nWorkloadProvider.lifecycle_class"
    assert loaded_after(used, PROVIDER_ONLY[:3]) == dict.fromkeys(PROVIDER_ONLY[:3], True)


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


def test_the_client_loads_httpx_without_its_cli_and_pydantic_only_for_odd_answers() -> None:
    code = "from datarobot_workloads_provider.client import WorkloadApi"
    assert loaded_after(code, ("httpx", "httpx._main", "pydantic")) == {
        "httpx": True,
        "httpx._main": False,
        "pydantic": False,
    }
    parse = (
        code + "\nfrom datarobot_workloads_provider.client.api import models\n"
        "w = models.Workload.model_validate({'id': 'w', 'status': 'running',"
        " 'runtime': {'replicaCount': %s, 'autoscaling': {'enabled': False}}})\n"
        "assert w.runtime.replica_count == 2 and type(w.runtime.replica_count) is int"
    )
    assert loaded_after(parse % "2", ("pydantic",)) == {"pydantic": False}
    # An answer pydantic would coerce (or refuse) is pydantic's to read.
    assert loaded_after(parse % "'2'", ("pydantic",)) == {"pydantic": True}
    # The real CLI is still one import (or one `httpx.main()` call) away.
    real = code + "\nimport httpx._main, httpx\nassert callable(httpx._main.main)"
    assert loaded_after(real, ("httpx._main",)) == {"httpx._main": True}


def test_creating_and_reading_every_kind_loads_no_pydantic(api_server: ServerHandle) -> None:
    """What an `up` and a `refresh` parse: the local server's answers to a create, read,
    list and change of each resource kind, in both dialects, in a fresh process."""
    code = (
        "from tests.support.answers import exercise\n"
        f"exercise({api_server.base_url!r}, 'import-cost')"
    )
    assert loaded_after(code, HEAVY) == {
        "pydantic": False,
        "httpx": True,
        "datarobot_workloads_provider.schema": False,
    }


# The quickstart's resources through the providers, as the engine drives them: check,
# create (with its wait for the workload to run), then read (a refresh). Every value
# crosses the engine's wire first, where numbers are doubles: 8080 arrives as 8080.0.
QUICKSTART = """
from google.protobuf import json_format, struct_pb2
from datarobot_workloads_provider.artifact import ArtifactProvider
from datarobot_workloads_provider.workload import WorkloadProvider
from datarobot_workloads_provider.deployment import DeploymentProvider

def through_engine(values):
    message = struct_pb2.Struct()
    message.update(values)
    return json_format.MessageToDict(message)

def up_and_refresh(provider, inputs):
    checked = provider.check({}, through_engine(inputs))
    assert not checked.failures, checked.failures
    created = provider.create(through_engine(checked.inputs))
    provider.read(created.id, through_engine(created.outs))
    return created

spec = {'container_groups': [{'containers': [{'name': 'app', 'image_uri': 'registry/app:1',
    'port': 8080, 'resource_request': {'cpu': 0.5, 'memory': 536870912},
    'readiness_probe': {'path': '/healthz'}}]}]}
artifact = up_and_refresh(ArtifactProvider(), {'name': 'quick-%(dialect)s',
    'status': '%(frozen)s', 'spec': spec})
workload = up_and_refresh(WorkloadProvider(), {'name': 'quick-%(dialect)s',
    'artifact_id': artifact.id, 'runtime': {'replica_count': 1}})
if '%(dialect)s' == 'older':
    up_and_refresh(DeploymentProvider(), {'name': 'quick', 'workload_id': workload.id})
"""


# What a provider process's up never needs: the lookups are a program's (or the plugin's
# invoke), and the User-Agent names pulumi's version without reading installed metadata.
UP_PATH_SPARES = ("datarobot_workloads_provider.lookups", "importlib.metadata")


@pytest.mark.parametrize(("dialect", "frozen"), [("older", "registered"), ("current", "locked")])
def test_an_up_and_a_refresh_of_the_quickstart_load_no_pydantic(
    api_server: ServerHandle, dialect: str, frozen: str
) -> None:
    env = {
        "DATAROBOT_ENDPOINT": api_server.base_url,
        "DATAROBOT_API_TOKEN": TOKEN,
        "DATAROBOT_API_DIALECT": dialect,
    }
    code = QUICKSTART % {"dialect": dialect, "frozen": frozen}
    assert loaded_after(code, HEAVY + UP_PATH_SPARES, env) == {
        "pydantic": False,
        "httpx": True,
        "datarobot_workloads_provider.schema": False,
        **dict.fromkeys(UP_PATH_SPARES, False),
    }


def test_valid_inputs_are_checked_without_pydantic() -> None:
    """The first check of every preview and up: plainly valid inputs never load pydantic
    (~0.15 s with the strict model); the strict model is there for what it must name."""
    code = (
        "from datarobot_workloads_provider.artifact import ArtifactProvider\n"
        "from datarobot_workloads_provider.workload import WorkloadProvider\n"
        "from datarobot_workloads_provider.deployment import DeploymentProvider\n"
        "spec = {'container_groups': [{'containers': [{'name': 'app', 'image_uri': 'i',"
        " 'port': 8080, 'resource_request': {'cpu': 0.5, 'memory': 512},"
        " 'readiness_probe': {'path': '/healthz'}}]}]}\n"
        "checks = [ArtifactProvider().check({}, {'name': 'a', 'status': 'registered',"
        " 'spec': spec}),\n"
        "  WorkloadProvider().check({}, {'name': 'w', 'artifact_id': 'a' * 24,"
        " 'runtime': {'replica_count': 1}}),\n"
        "  DeploymentProvider().check({}, {'name': 'd', 'workload_id': 'w' * 24})]\n"
        "assert not any(c.failures for c in checks), [c.failures for c in checks]"
    )
    assert loaded_after(code, HEAVY) == dict.fromkeys(HEAVY, False)
    refused = code + "\nassert ArtifactProvider().check({}, {'name': 'a'}).failures"
    assert loaded_after(refused, ("pydantic", "datarobot_workloads_provider.schema")) == {
        "pydantic": True,
        "datarobot_workloads_provider.schema": True,
    }


def test_a_check_builds_the_strict_models_of_its_own_resource_only() -> None:
    probe = (
        "import json\n"
        "from datarobot_workloads_provider import schema\n"
        "from datarobot_workloads_provider.workload import WorkloadProvider\n"
        "WorkloadProvider().check({}, {'name': 'w', 'artifact_id': 'a' * 24,"
        " 'runtime': {'replica_count': -1}})\n"
        "print(json.dumps([sorted(schema._INPUTS), sorted(c.__name__ for c in schema.MODELS)]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    inputs, shapes = json.loads(out.strip().splitlines()[-1])
    assert inputs == ["Workload"]
    # The runtime's shapes, none of the artifact spec's (containers, probes, ...).
    assert "RuntimeArgs" in shapes
    assert not {"ContainerArgs", "ArtifactSpecArgs", "ProbeArgs"} & set(shapes), shapes
