"""What a stack runs, read from its state (`pulumi stack export`), never from its outputs.

Outputs are whatever a program chooses to export, under names of its own, and a stack
that exports none still runs something. The state holds every resource of this package
with its real ID and the API's last answer, whichever front door made it:

- the plugin's resources, by type token `datarobot-workloads:index:<Kind>` (camelCase
  properties);
- the Python dynamic resources, by type token `pulumi-python:dynamic/<module>:<Kind>`
  (snake_case properties). The token's module is whatever the class declared, so a
  dynamic resource is recognised by its provider instead: the state keeps it pickled in
  the `__provider` input, and the pickle names the provider class
  (`datarobot_workloads_provider.workload.WorkloadProvider`). The pickle is only read as
  opcodes, never loaded: a state is data, not code to run.

A *chain* is one Workload of the stack, the artifact it runs, and the Deployment in front
of it, whose endpoint is the chain's invoke URL. The current dialect of the API has no
deployments: there the workload's own `invoke_url` is the chain's, and it stays the same
when a promotion rolls the workload over to another version. The dialect is the one the
workload's state records (`api_dialect`; absent: older). What a stack runs is its one
chain; a stack with several needs the caller to name the Workload (its Pulumi resource
name).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import itertools
import json
import pickletools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..client.settings import OLDER
from ..pending import KINDS, kind_of
from .errors import PromoteError, Refused

if TYPE_CHECKING:
    from .workspace import ProjectStack

_DYNAMIC = "pulumi-python:dynamic"
_PROVIDER_MODULE = "datarobot_workloads_provider."


@dataclass(frozen=True)
class StateResource:
    """One resource of this package in a state."""

    urn: str
    kind: str
    id: str | None
    outputs: Mapping[str, Any]

    @property
    def name(self) -> str:
        """The Pulumi resource name (the URN's last part)."""
        return self.urn.rsplit("::", 1)[-1]

    def get(self, snake: str) -> Any:
        """An output by its Python name, whichever front door wrote it."""
        head, *rest = snake.split("_")
        camel = head + "".join(part.title() for part in rest)
        value = self.outputs.get(snake, self.outputs.get(camel))
        return None if value == "" else value


@dataclass(frozen=True)
class Chain:
    """One Workload of a stack, what it runs, and what fronts it."""

    workload: str  # its Pulumi resource name
    workload_urn: str
    workload_id: str
    artifact_id: str | None
    deployment_id: str | None = None
    invoke_url: str | None = None
    dialect: str = OLDER

    def describe(self) -> str:
        runs = f"runs artifact {self.artifact_id}" if self.artifact_id else "runs no artifact"
        fronted = f", deployment {self.deployment_id}" if self.deployment_id else ""
        return f"{self.workload} (workload {self.workload_id}, {runs}{fronted})"


@dataclass(frozen=True)
class StackState:
    """The resources of this package in one stack's state, and their chains."""

    stack: str
    resources: list[StateResource]
    pending: list[dict[str, Any]] = field(default_factory=list)
    fingerprint: str = ""

    @property
    def chains(self) -> list[Chain]:
        deployments = [r for r in self.resources if r.kind == "Deployment" and r.id]
        chains = []
        for workload in self.resources:
            if workload.kind != "Workload" or not workload.id:
                continue
            front = next((d for d in deployments if d.get("workload_id") == workload.id), None)
            artifact = workload.get("artifact_id")
            dialect = str(workload.get("api_dialect") or OLDER)
            endpoint = front.get("endpoint") if front else None
            if front is None and dialect != OLDER:
                endpoint = workload.get("invoke_url")
            chains.append(
                Chain(
                    workload=workload.name,
                    workload_urn=workload.urn,
                    workload_id=workload.id,
                    artifact_id=str(artifact) if artifact else None,
                    deployment_id=front.id if front else None,
                    invoke_url=str(endpoint) if endpoint else None,
                    dialect=dialect,
                )
            )
        return chains

    def ids(self, kind: str) -> list[str]:
        return [r.id for r in self.resources if r.kind == kind and r.id]

    def choose(self, workload: str | None) -> Chain | None:
        """The chain the stack runs: the one named `workload`, else its only one; None
        when it runs nothing. Several candidates and no name: refused, listing them."""
        chains = self.chains
        if workload is not None:
            for chain in chains:
                if chain.workload == workload:
                    return chain
            raise Refused(
                f"{self.stack}'s state holds no Workload named {workload!r} "
                f"({_candidates(chains)}): pass --workload with one of them"
            )
        if len(chains) > 1:
            raise Refused(
                f"{self.stack}'s state holds {len(chains)} candidate workloads "
                f"({_candidates(chains)}): pass --workload NAME (the Pulumi resource name) "
                "to say which one promote moves"
            )
        return chains[0] if chains else None


def state_of(stack: ProjectStack) -> StackState:
    """A stack's state, or a refusal: promote does not act on a stack it cannot read."""
    try:
        document = stack.export_state()
    except PromoteError as error:
        raise Refused(
            f"cannot read {stack.name}'s state, so cannot tell what it runs: {error}"
        ) from error
    return read_state(stack.name, document)


def read_state(stack: str, document: Mapping[str, Any]) -> StackState:
    """The package's resources in an exported state (resources pending deletion left out:
    they are what a replacement leaves behind, not what runs)."""
    deployment = document.get("deployment")
    if not isinstance(deployment, Mapping):
        raise Refused(f"{stack}'s state has no deployment section: cannot tell what it runs")
    found = []
    for resource in deployment.get("resources") or []:
        if not isinstance(resource, Mapping) or resource.get("delete"):
            continue
        kind = resource_kind(resource)
        if kind is None:
            continue
        identifier = resource.get("id")
        outputs = resource.get("outputs") or resource.get("inputs") or {}
        found.append(
            StateResource(
                urn=str(resource.get("urn", "")),
                kind=kind,
                id=str(identifier) if identifier else None,
                outputs=outputs if isinstance(outputs, Mapping) else {},
            )
        )
    canonical = json.dumps(deployment, sort_keys=True, separators=(",", ":")).encode()
    return StackState(
        stack=stack,
        resources=found,
        pending=list(deployment.get("pending_operations") or []),
        fingerprint=hashlib.sha256(canonical).hexdigest(),
    )


def resource_kind(resource: Mapping[str, Any]) -> str | None:
    """`Workload` (or `Artifact`, `Deployment`) for a resource of this package, by type
    token or, for a dynamic resource, by the provider class pickled in its state."""
    token = str(resource.get("type", ""))
    kind = kind_of(token)
    if kind is not None:
        return kind
    if not token.startswith(_DYNAMIC):
        return None
    pickled = (resource.get("inputs") or {}).get("__provider")
    return _provider_kind(pickled) if isinstance(pickled, str) else None


def _provider_kind(pickled: str) -> str | None:
    """The kind whose provider class the base64 pickle names, read without unpickling."""
    try:
        data = base64.b64decode(pickled, validate=True)
    except (binascii.Error, ValueError):
        return None
    names = list(_pickled_strings(data))
    for module, name in itertools.pairwise(names):
        if module.startswith(_PROVIDER_MODULE) and name.endswith("Provider"):
            kind = name.removesuffix("Provider")
            return kind if kind in KINDS else None
    return None


def _pickled_strings(data: bytes) -> Iterator[str]:
    """The strings a pickle pushes, in order (module and class names among them)."""
    try:
        for opcode, argument, _ in pickletools.genops(data):
            if opcode.name == "GLOBAL" and isinstance(argument, str):
                yield from argument.split(" ", 1)
            elif isinstance(argument, str):
                yield argument
    except (ValueError, EOFError):  # a truncated or foreign pickle: what was read counts
        return


def _candidates(chains: list[Chain]) -> str:
    return "; ".join(c.describe() for c in chains) if chains else "it holds none"
