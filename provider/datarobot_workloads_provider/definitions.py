"""The one definition of each resource: every property, once, with what it is.

Each resource declares its inputs as a TypedDict (the Python SDK's constructors take
them as keyword arguments, so this is also what mypy checks a program against) and what
the API reports back as a second TypedDict. Beside each type, a `Prop` (or `Out`) says:

- `change`: what a new value does. `replace` (the API cannot change it: a new object),
  `replace_when_registered` (in place on a draft artifact, a new artifact once it is
  registered), `replace_in_older` (in place in the current dialect of the API, by a
  PATCH or a rolling replacement; a new object in the older dialect, which cannot
  change it), `in_place` (an update), or `none` (not compared: it only steers `check`
  or `create`);
- `provider_only`: kept in the state from the inputs, never sent to the API nor read
  back from it;
- `required`, `default`, the value's `rule`, and a `doc` for the user.

Everything else is derived from this (docs/architecture.md, "One definition per
resource"): the diff's replace and update keys and the state each operation writes
(`lifecycle.core.Lifecycle`), the strict input models of `check` (`schema`), the package
schema of YAML and TypeScript programs, and the SDK's typed keyword arguments and output
properties. Adding an optional input is one line here (and a test).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal

import pulumi

# Required (and a TypedDict that knows it) are in `typing` from Python 3.11 only.
from typing_extensions import Required, TypedDict

from .contract.args import (
    ArtifactSpecArgs,
    ArtifactSpecDict,
    ArtifactStatus,
    ArtifactType,
    DesiredStatus,
    Importance,
    Rule,
    RuntimeArgs,
    RuntimeDict,
)
from .contract.missing import MISSING

if TYPE_CHECKING:
    from .contract.declared import Declared

Change = Literal["replace", "replace_when_registered", "replace_in_older", "in_place", "none"]
NAME_RULE = Rule(min_length=1, max_length=255)
NAME_DOC = "The API name. Default: the resource name plus a suffix derived from the stack."


def _name(change: Change) -> Prop:
    return Prop(change, required=True, rule=NAME_RULE, doc=NAME_DOC)


ADOPT_DOC = "Take over this existing object instead of creating one."
DIALECT_DOC = (
    "The API dialect it was made with, when it is the current one (absent: older). A "
    "stack configured for another dialect refuses to plan a change of it."
)


@dataclass(frozen=True)
class Prop:
    """What an input is (see the module docstring)."""

    change: Change = "none"
    provider_only: bool = False
    required: bool = False
    default: Any = MISSING
    rule: Rule | None = None
    doc: str = ""


@dataclass(frozen=True)
class Out:
    """An output: what the API reports, or (`checked`) what `check` computes and adds to
    the inputs, so a refresh's inputs hold it too (`Resource.checked_names`)."""

    doc: str = ""
    checked: bool = False


class ArtifactInputs(TypedDict, total=False):
    name: Annotated[
        pulumi.Input[str], Prop("in_place", required=True, rule=NAME_RULE, doc=NAME_DOC)
    ]
    description: Annotated[pulumi.Input[str], Prop("in_place")]
    type: Annotated[pulumi.Input[ArtifactType], Prop("replace_when_registered", default="service")]
    status: Annotated[
        pulumi.Input[ArtifactStatus],
        Prop(
            "in_place",
            default="draft",
            doc="draft (editable) until registered (immutable); back to draft replaces it. "
            "`locked` (the current dialect's word) means the same.",
        ),
    ]
    spec: Required[
        Annotated[
            ArtifactSpecArgs | ArtifactSpecDict | pulumi.Input[dict[str, Any]],
            Prop("replace_when_registered", required=True, doc="What containers to run."),
        ]
    ]
    adopt_id: Annotated[pulumi.Input[str], Prop(provider_only=True, doc=ADOPT_DOC)]


class ArtifactOutputs(TypedDict):
    spec_revision: Annotated[
        str,
        Out(
            "Digest of the spec; pass it to a Workload's artifactRevision so the workload "
            "restarts when this draft's spec changes.",
            checked=True,
        ),
    ]
    version: Annotated[int | None, Out("The registry's version number.")]
    created_at: Annotated[str, Out("When the API created it (ISO 8601).")]
    updated_at: Annotated[str, Out("When the API last changed it (ISO 8601).")]
    registered_at: Annotated[str | None, Out()]
    repository_id: Annotated[
        str | None,
        Out("Its artifact repository (current dialect): a new version joins the same one."),
    ]
    api_dialect: Annotated[str | None, Out(DIALECT_DOC)]


class WorkloadInputs(TypedDict, total=False):
    name: Annotated[pulumi.Input[str], _name("replace_in_older")]
    artifact_id: Annotated[
        pulumi.Input[str],
        Prop(
            "replace_in_older",
            required=True,
            rule=Rule(min_length=1),
            doc="What it runs. In the current dialect a new one rolls it over in place.",
        ),
    ]
    runtime: Annotated[
        RuntimeArgs | RuntimeDict | pulumi.Input[dict[str, Any]],
        Prop(
            "replace_in_older",
            default=RuntimeArgs,
            doc="Replicas, autoscaling, resource bundle, and (current dialect) each "
            "container's resources by name (`containers`; by default its artifact's "
            "`resource_request`). In the current dialect a new one rolls it over in place.",
        ),
    ]
    desired_status: Annotated[
        pulumi.Input[DesiredStatus],
        Prop("in_place", default="running", doc="Starts or stops it in place."),
    ]
    artifact_revision: Annotated[
        pulumi.Input[str],
        Prop(
            "in_place",
            provider_only=True,
            doc="Its artifact's specRevision: a new value restarts it onto the changed spec.",
        ),
    ]
    start_timeout_seconds: Annotated[
        pulumi.Input[float],
        Prop(
            "in_place",
            provider_only=True,
            default=900.0,
            rule=Rule(gt=0),
            doc="How long create and start wait for running.",
        ),
    ]
    description: Annotated[
        pulumi.Input[str],
        Prop(
            "in_place",
            provider_only=True,
            doc="What this workload is for. The current dialect keeps it on the workload; "
            "the older one has none, so there it is kept in the state only.",
        ),
    ]
    importance: Annotated[
        pulumi.Input[Importance],
        Prop(
            "in_place",
            provider_only=True,
            doc="Current dialect only (the older one sets it on a Deployment).",
        ),
    ]
    rollout_warmup_minutes: Annotated[
        pulumi.Input[float],
        Prop(
            provider_only=True,
            rule=Rule(ge=0),
            doc="Current dialect: how long a rolling replacement warms the new version up "
            "before it takes the traffic (the API's default: 0).",
        ),
    ]
    rollout_keep_old_minutes: Annotated[
        pulumi.Input[float],
        Prop(
            provider_only=True,
            rule=Rule(ge=0),
            doc="Current dialect: how long the old version is kept after the switch (the "
            "API's default: 0).",
        ),
    ]
    adopt_id: Annotated[pulumi.Input[str], Prop(provider_only=True, doc=ADOPT_DOC)]
    # Known at preview from the artifact's inputs; only `check` reads them.
    artifact_status: Annotated[pulumi.Input[str], Prop(provider_only=True)]
    artifact_resources: Annotated[
        pulumi.Input[list[dict[str, Any]]],
        Prop(
            provider_only=True,
            doc="Its artifact's containers (`artifact=` sets it; elsewhere pass "
            "`artifact.spec.containerGroups[0].containers`): only each one's name and "
            "`resource_request` are kept. The current dialect sizes containers in the "
            "workload's runtime: these requests fill `runtime.containers` where it names "
            "no entry.",
        ),
    ]
    require_registered_artifact: Annotated[
        bool,
        Prop(
            provider_only=True,
            default=False,
            doc="Refuse a draft artifact at preview (needs artifactStatus).",
        ),
    ]


class WorkloadOutputs(TypedDict):
    status: Annotated[str, Out("The API's status (running, stopped, ...).")]
    status_details: Annotated[dict[str, Any] | None, Out()]
    endpoint: Annotated[str, Out("The workload's internal endpoint.")]
    created_at: Annotated[str, Out("When the API created it (ISO 8601).")]
    updated_at: Annotated[str, Out("When the API last changed it (ISO 8601).")]
    invoke_url: Annotated[
        str | None,
        Out(
            "Current dialect: the stable invoke URL; it survives rolling replacements "
            "(the older dialect's is a Deployment's endpoint)."
        ),
    ]
    expires_at: Annotated[
        str | None,
        Out(
            "Current dialect: when a workload of a draft artifact ends by itself (ISO 8601; "
            "a restart moves it, locking the artifact removes it); null otherwise."
        ),
    ]
    api_dialect: Annotated[str | None, Out(DIALECT_DOC)]


class DeploymentInputs(TypedDict, total=False):
    name: Annotated[
        pulumi.Input[str], Prop("in_place", required=True, rule=NAME_RULE, doc=NAME_DOC)
    ]
    workload_id: Annotated[
        pulumi.Input[str], Prop("replace", required=True, rule=Rule(min_length=1))
    ]
    description: Annotated[pulumi.Input[str], Prop("in_place")]
    importance: Annotated[pulumi.Input[Importance], Prop("in_place", default="low")]
    adopt_id: Annotated[pulumi.Input[str], Prop(provider_only=True, doc=ADOPT_DOC)]
    artifact_status: Annotated[pulumi.Input[str], Prop(provider_only=True)]


class DeploymentOutputs(TypedDict):
    status: Annotated[str, Out()]
    endpoint: Annotated[str, Out("The stable invoke URL.")]
    created_at: Annotated[str, Out("When the API created it (ISO 8601).")]
    updated_at: Annotated[str, Out("When the API last changed it (ISO 8601).")]
    api_dialect: Annotated[str | None, Out(DIALECT_DOC)]


@dataclass(frozen=True)
class Input:
    """One input as the derivations see it."""

    declared: Declared
    prop: Prop

    @property
    def name(self) -> str:
        return self.declared.name

    @property
    def type(self) -> Any:
        return self.declared.type


@dataclass(frozen=True)
class Resource:
    """One resource's definition, with everything derived from it."""

    type_name: str
    inputs_class: type
    outputs_class: type
    doc: str

    @property
    def property_names(self) -> tuple[str, ...]:
        """Every property of the state, inputs first; the program process reads only this
        (no annotation is evaluated, nothing is imported)."""
        return tuple(self.inputs_class.__annotations__) + tuple(self.outputs_class.__annotations__)

    @functools.cached_property
    def checked_names(self) -> tuple[str, ...]:
        """What `check` answers with: the inputs and the outputs it computes."""
        computed = (item.name for item in self.outputs if (item.marker(Out) or Out()).checked)
        return tuple(self.inputs_class.__annotations__) + tuple(computed)

    @functools.cached_property
    def inputs(self) -> tuple[Input, ...]:
        # Read in the provider process (and by tools); the program process never does.
        from .contract.declared import fields_of

        found: list[Input] = []
        for declared in fields_of(self.inputs_class):
            prop = declared.marker(Prop)
            if prop is None:
                raise TypeError(f"{self.type_name}.{declared.name} has no Prop")
            found.append(Input(declared, prop))
        return tuple(found)

    @functools.cached_property
    def outputs(self) -> tuple[Declared, ...]:
        from .contract.declared import fields_of

        return fields_of(self.outputs_class)

    def keys(self, *changes: Change) -> tuple[str, ...]:
        return tuple(i.name for i in self.inputs if i.prop.change in changes)

    @functools.cached_property
    def provider_only(self) -> tuple[str, ...]:
        return tuple(i.name for i in self.inputs if i.prop.provider_only)

    @functools.cached_property
    def api_inputs(self) -> tuple[str, ...]:
        """Inputs the API also reports back: the state takes them from its answer."""
        return tuple(i.name for i in self.inputs if not i.prop.provider_only)

    def default(self, name: str) -> Any:
        for item in self.inputs:
            if item.name == name:
                return item.prop.default
        raise KeyError(name)


ARTIFACT = Resource(
    "Artifact",
    ArtifactInputs,
    ArtifactOutputs,
    "A container artifact. Draft edits update in place; status `registered` (or `locked`) "
    "freezes it (one way); a registered artifact's spec or type change, or a return to "
    "draft, replaces it (in the current dialect: the next version in its repository).",
)
WORKLOAD = Resource(
    "Workload",
    WorkloadInputs,
    WorkloadOutputs,
    "An artifact running with a runtime. In the older dialect name, artifactId and "
    "runtime changes replace it (that API cannot change a workload); in the current one "
    "they change it in place, a new artifact or runtime by a rolling replacement that "
    "keeps its ID and invoke URL. desiredStatus starts or stops it in place; a new "
    "artifactRevision restarts it onto its draft artifact's changed spec.",
)
DEPLOYMENT = Resource(
    "Deployment",
    DeploymentInputs,
    DeploymentOutputs,
    "A stable invoke URL in front of a workload whose artifact is registered (older "
    "dialect only: in the current one a workload has its own invokeUrl). Name, "
    "description and importance change in place; another workloadId replaces it.",
)
RESOURCES: tuple[Resource, ...] = (ARTIFACT, WORKLOAD, DEPLOYMENT)
