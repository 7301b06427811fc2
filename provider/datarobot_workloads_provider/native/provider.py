"""The plugin front door: a real resource provider over the same lifecycle core.

`lifecycle` holds each resource's whole lifecycle; the Python dynamic resources reach it
through `base.ApiResourceProvider`. This class serves the same three resources, by type
token, to programs in any language (through the schema and generated SDKs): it only
translates names and values (`wire`) and hands each call to the lifecycle, whose one
diff also gives the detailed diff shown to the user.
Compared with the dynamic host it also gives `pulumi import` (read by ID), secret config
through the provider, and no four-call ceiling (calls run on a wide thread pool).
The engine's values enter through `wire.to_plain`, which also turns its whole doubles
into ints (`engine_numbers`), so every call below sees numbers as the program wrote them.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import inspect
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from pulumi.provider.experimental.provider import (
    CheckFailure,
    CheckRequest,
    CheckResponse,
    ConfigureRequest,
    ConfigureResponse,
    CreateRequest,
    CreateResponse,
    DeleteRequest,
    DiffRequest,
    DiffResponse,
    GetSchemaRequest,
    GetSchemaResponse,
    InvokeRequest,
    InvokeResponse,
    PropertyDiff,
    PropertyDiffKind,
    Provider,
    ReadRequest,
    ReadResponse,
    UpdateRequest,
    UpdateResponse,
)

from .. import naming
from ..client.settings import ApiSettings
from ..lifecycle.artifact import ArtifactLifecycle
from ..lifecycle.core import Lifecycle, Plan, client_for
from ..lifecycle.deployment import DeploymentLifecycle
from ..lifecycle.workload import WorkloadLifecycle
from ..lookups import Lookup, LookupArgumentError, Spelled
from ..package_name import PACKAGE
from ..pool import HOST_WORKERS
from . import settings as plugin_settings
from .package_schema import (
    ARTIFACT,
    DEPLOYMENT,
    FUNCTION_BY_TOKEN,
    KIND_BY_TOKEN,
    WORKLOAD,
    integer_parameters,
    lookup_parameters,
    schema_json,
)
from .wire import (
    keys_to_camel,
    keys_to_snake,
    map_from_plain,
    map_to_plain,
    path_to_camel,
    to_camel,
)

T = TypeVar("T")


class UnknownResourceType(Exception):
    """A type token this package does not serve (a stale SDK or a typo in YAML)."""


def resource_type(urn: str) -> str:
    """The resource's own type token; a URN of a child carries `parent$child` types."""
    parts = urn.split("::")
    qualified = parts[2] if len(parts) > 3 else ""
    return qualified.rsplit("$", 1)[-1]


def default_api_name(urn: str, type_name: str) -> str:
    """The API name when the program gives none: the same value the Python SDK's
    `auto_name` computes (resource name plus a suffix from project, stack and type), so
    one stack names objects alike whichever language declares them, stable across runs.

    The Python SDK's `auto_name` calls the same helper.
    """
    stack_part, project, _type, *name_parts = urn.split("::")
    stack = stack_part.removeprefix("urn:pulumi:")
    resource_name = "::".join(name_parts)
    parent_type = naming.parent_type_of(urn)
    return naming.default_api_name(project, stack, type_name, resource_name, parent_type)


class WorkloadsProvider(Provider):
    """Dispatches each engine call to the lifecycle class of the resource's type."""

    def __init__(self) -> None:
        self._lifecycles: dict[str, Lifecycle[Any]] = {
            ARTIFACT.token: ArtifactLifecycle(),
            WORKLOAD.token: WorkloadLifecycle(),
            DEPLOYMENT.token: DeploymentLifecycle(),
        }
        # The lifecycle code is synchronous and a workload create waits for minutes:
        # every call gets a thread, and waits of many workloads run side by side.
        self._pool = ThreadPoolExecutor(max_workers=HOST_WORKERS, thread_name_prefix="drw")
        self._settings: ApiSettings | None = None
        # The provider's URN, from the engine's Configure (the servicer records it): it
        # names the stack whose shared `datarobot:*` config applies.
        self.urn = ""

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, functools.partial(fn, *args))

    def _lifecycle(self, urn: str) -> tuple[str, Lifecycle[Any]]:
        token = resource_type(urn)
        lifecycle = self._lifecycles.get(token)
        if lifecycle is None:
            known = ", ".join(sorted(self._lifecycles))
            raise UnknownResourceType(f"{PACKAGE} has no resource type {token!r} ({known})")
        return token, lifecycle

    async def get_schema(self, request: GetSchemaRequest) -> GetSchemaResponse:
        return GetSchemaResponse(schema=schema_json())

    async def configure(self, request: ConfigureRequest) -> ConfigureResponse:
        settings = await self._run(
            plugin_settings.resolve,
            map_to_plain(request.args),
            dict(request.variables),
            self._shared_config,
        )
        self._settings = settings
        for lifecycle in self._lifecycles.values():
            lifecycle.settings = settings
        # Secrets are not accepted: the engine then strips them from what it sends and
        # marks the outputs of secret inputs secret itself, the same as for dynamic
        # resources. No preview calls: preview must not touch the API
        # (docs/architecture.md).
        return ConfigureResponse(
            accept_secrets=False,
            supports_preview=False,
            accept_resources=False,
            accept_outputs=False,
        )

    def _shared_config(self, names: list[str]) -> dict[str, str]:
        """The stack's `datarobot:*` keys among `names`; without them the environment
        decides, so a failure to read them is reported on stderr (the engine's log), not
        raised."""
        try:
            return plugin_settings.read_shared_keys(plugin_settings.stack_of(self.urn), names)
        except (plugin_settings.SharedConfigUnavailable, OSError, ValueError) as error:
            sys.stderr.write(f"{PACKAGE}: stack config datarobot:* not read: {error}\n")
            return {}

    async def invoke(self, request: InvokeRequest) -> InvokeResponse:
        """A lookup (`getArtifact`, `listWorkloads`, ...), answered by the same code as
        the Python SDK's lookups, with this provider's settings."""
        lookup = FUNCTION_BY_TOKEN.get(request.tok)
        if lookup is None:
            known = ", ".join(sorted(FUNCTION_BY_TOKEN))
            raise UnknownResourceType(f"{PACKAGE} has no function {request.tok!r} ({known})")
        args = keys_to_snake(map_to_plain(request.args))
        _refuse_fractions(args, integer_parameters(lookup))
        _check_arguments(lookup, args)
        settings = self._settings or ApiSettings.resolve()
        try:
            result = await self._run(_call_lookup, lookup.run, settings, args)
        except Spelled as error:
            # The lookups name functions and arguments the Python way; say them as the
            # program wrote them (`getArtifact`, `latestRegistered`).
            raise type(error)(error.spelled(to_camel)) from None
        return InvokeResponse(return_value=map_from_plain(keys_to_camel(result)))

    async def check(self, request: CheckRequest) -> CheckResponse:
        token, lifecycle = self._lifecycle(request.urn)
        olds = keys_to_snake(map_to_plain(request.old_inputs))
        news = keys_to_snake(map_to_plain(request.new_inputs))
        if news.get("name") is None:
            derived = default_api_name(request.urn, KIND_BY_TOKEN[token].type_name)
            news["name"] = naming.kept_name(olds, derived)
        result = await self._run(lifecycle.check, olds, news)
        failures = [CheckFailure(path_to_camel(path), reason) for path, reason in result.failures]
        return CheckResponse(
            inputs=map_from_plain(keys_to_camel(result.inputs)), failures=failures or None
        )

    async def diff(self, request: DiffRequest) -> DiffResponse:
        _token, lifecycle = self._lifecycle(request.urn)
        olds = keys_to_snake(map_to_plain(request.old_state))
        news = keys_to_snake(map_to_plain(request.new_inputs))
        plan = await self._run(lifecycle.diff, olds, news)
        detailed = _detailed_diff(olds, news, plan)
        return DiffResponse(
            changes=plan.changes,
            replaces=[path_to_camel(key) for key in plan.replaces],
            stables=[path_to_camel(key) for key in plan.stables],
            delete_before_replace=False,
            diffs=list(detailed),
            detailed_diff=detailed,
        )

    async def create(self, request: CreateRequest) -> CreateResponse:
        _token, lifecycle = self._lifecycle(request.urn)
        props = keys_to_snake(map_to_plain(request.properties))
        created = await self._run(lifecycle.create, props)
        return CreateResponse(
            resource_id=created.id, properties=map_from_plain(keys_to_camel(created.state))
        )

    async def read(self, request: ReadRequest) -> ReadResponse:
        _token, lifecycle = self._lifecycle(request.urn)
        props = keys_to_snake(map_to_plain(request.properties))
        found = await self._run(lifecycle.read, request.resource_id, props)
        if not found.id:
            return ReadResponse(resource_id=None, properties={}, inputs={})
        outs = map_from_plain(keys_to_camel(found.state))
        # The input properties of the refreshed state, for a refresh as for `pulumi
        # import` (`lifecycle.core.Read`): `ignore_changes` then keeps what the API holds.
        inputs = map_from_plain(keys_to_camel(found.inputs))
        return ReadResponse(resource_id=found.id, properties=outs, inputs=inputs)

    async def update(self, request: UpdateRequest) -> UpdateResponse:
        _token, lifecycle = self._lifecycle(request.urn)
        olds = keys_to_snake(map_to_plain(request.olds))
        news = keys_to_snake(map_to_plain(request.news))
        state = await self._run(lifecycle.update, request.resource_id, olds, news)
        return UpdateResponse(properties=map_from_plain(keys_to_camel(state)))

    async def delete(self, request: DeleteRequest) -> None:
        _token, lifecycle = self._lifecycle(request.urn)
        props = keys_to_snake(map_to_plain(request.properties))
        await self._run(lifecycle.delete, request.resource_id, props)


def _call_lookup(run: Callable[..., Any], settings: ApiSettings, args: dict[str, Any]) -> Any:
    """Run one lookup with the API client of `settings`; its result as plain values. The
    arguments were checked against the lookup's parameters first (`_check_arguments`)."""
    problem = settings.problem
    if problem:
        raise LookupUnavailable(problem)
    kwargs = {key: value for key, value in args.items() if value is not None}
    return dataclasses.asdict(run(client_for(settings), **kwargs))


def _check_arguments(lookup: Lookup, args: dict[str, Any]) -> None:
    """An argument the lookup does not take, or a required one left out, is refused
    naming it in the program's spelling (YAML only warns about an unknown one)."""
    parameters = lookup_parameters(lookup)
    known = [parameter.name for parameter in parameters]
    unknown = sorted(set(args) - set(known))
    if unknown:
        given = ", ".join(repr(to_camel(name)) for name in unknown)
        takes = ", ".join(map(to_camel, known))
        raise LookupArgumentError(f"{lookup.name} has no argument {given} (it takes: {takes})")
    for parameter in parameters:
        if parameter.default is inspect.Parameter.empty and args.get(parameter.name) is None:
            raise LookupArgumentError(f"{lookup.name} needs {to_camel(parameter.name)}")


def _refuse_fractions(args: dict[str, Any], names: frozenset[str]) -> None:
    """An integer parameter given a fraction is refused naming it. Whole numbers are ints
    already (`limit: 10` arrives as 10.0 and `wire.to_plain` makes it 10), so a double
    left in one is not a whole number (or is beyond 2**53, where doubles skip integers)."""
    for name in sorted(names & args.keys()):
        value = args[name]
        if isinstance(value, float):
            raise LookupArgumentError(f"{to_camel(name)} must be a whole number, not {value}")


class LookupUnavailable(Exception):
    """A lookup cannot run: no credentials."""


def _detailed_diff(
    olds: dict[str, Any], news: dict[str, Any], plan: Plan
) -> dict[str, PropertyDiff]:
    """The lifecycle's plan, per input, for the engine's display: no second comparison,
    so what is shown is exactly what the plan acts on.

    The plan compares the old *state* (the outputs) with the new inputs, so each entry
    says so (`input_diff=False`): the engine then shows the old value from the outputs.
    Marked as an input diff, it would show the old *inputs*, which a refresh keeps as the
    program wrote them: drift made outside Pulumi would read `"a" => "a"` in `refresh`
    and in the `up` after it, instead of the live value against the program's."""
    detailed: dict[str, PropertyDiff] = {}
    for key in sorted(set(plan.changed) | set(plan.replaces)):
        replace = key in plan.replaces
        if olds.get(key) is None:
            kind = PropertyDiffKind.ADD_REPLACE if replace else PropertyDiffKind.ADD
        elif news.get(key) is None:
            kind = PropertyDiffKind.DELETE_REPLACE if replace else PropertyDiffKind.DELETE
        else:
            kind = PropertyDiffKind.UPDATE_REPLACE if replace else PropertyDiffKind.UPDATE
        detailed[path_to_camel(key)] = PropertyDiff(kind, input_diff=False)
    return detailed
