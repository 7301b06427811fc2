"""The lifecycle every resource shares: check, diff, create, read, update, delete.

Written once, in plain Python with plain results: no Pulumi provider type appears here.
The two front doors adapt it: `base.ApiResourceProvider` to the Python dynamic provider
host (`pulumi.dynamic`), `native.provider.WorkloadsProvider` to the plugin protocol that
YAML and TypeScript programs use. So both doors plan with the same diff and act with the
same code (docs/architecture.md).

What differs per resource is small and named: the API calls (`fetch`, `create_object`,
`remove`, `converge`), what the state holds beyond the definition (`live_values`), and the
few rules a definition cannot say (`normalize`, `comparable`, `extra_replaces`, ...).

The API dialect (`client.settings`, docs/architecture.md "Two dialects") is the
configured one for new objects and plans; the state records the dialect of each object
made in the current one (`api_dialect`; absent means older), a plan refuses a
disagreement, and refresh and delete speak the dialect the object was made with.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from .. import progress
from ..client.errors import ApiError, ConflictError, NotFoundError, OutcomeUnknownError
from ..client.settings import DIALECT_CONFIG_KEY, OLDER, ApiSettings, DialectError
from ..definitions import Resource
from ..failure import ProviderError
from ..replace_on_changes import REPLACE_ON_CHANGES, named_by
from ..unknowns import contains_unknown

if TYPE_CHECKING:
    from ..client.api import WorkloadApi

__all__ = ["Checked", "Created", "Lifecycle", "Plan", "ProviderError", "Read", "client_for"]

Live = TypeVar("Live")
_clients: dict[ApiSettings, WorkloadApi] = {}
_clients_lock = threading.Lock()


def client_for(settings: ApiSettings) -> WorkloadApi:
    """One pooled HTTP client per process, endpoint and dialect, shared by all resources."""
    from ..client.dialects import open_api

    with _clients_lock:
        api = _clients.get(settings)
        if api is None:
            api = _clients[settings] = open_api(settings)
        return api


@dataclass
class Checked:
    """Normalized inputs, or (path, reason) failures that name the property."""

    inputs: dict[str, Any]
    failures: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Plan:
    """What a diff found: the inputs that changed, those of them (or others) that force a
    replacement, and outputs that stay as they are across an update."""

    changed: tuple[str, ...] = ()
    replaces: tuple[str, ...] = ()
    stables: tuple[str, ...] = ()

    @property
    def changes(self) -> bool:
        return bool(self.changed or self.replaces)


@dataclass(frozen=True)
class Created:
    id: str
    state: dict[str, Any]


@dataclass(frozen=True)
class Read:
    """`id` is None when the object is gone (refresh then drops it from the state).

    `inputs` are what the state's inputs become: the input properties of the refreshed
    state. Resource options that read the old inputs (`ignore_changes`) then see what the
    API holds, and the next `up` does not undo a change refresh accepted."""

    id: str | None
    state: dict[str, Any]
    inputs: dict[str, Any] = field(default_factory=dict)


class Lifecycle(Generic[Live]):
    """One resource's lifecycle, driven by its definition. Subclasses name the API calls
    and the rules the definition cannot say."""

    definition: ClassVar[Resource]

    def __init__(
        self, settings: ApiSettings | None = None, *, api: WorkloadApi | None = None
    ) -> None:
        """`api` replaces the pooled client of `settings` (tests give a fake one)."""
        self.settings = settings
        self._api = api
        # `adopt_id` values of resources the state holds, seen in this command (`check`).
        self._adopted: set[str] = set()
        # IDs a create of this command took over: this command never deletes them.
        self._taken_over: set[str] = set()

    @property
    def kind(self) -> str:
        return self.definition.type_name.lower()

    @property
    def dialect(self) -> str:
        """The configured API dialect: what new objects are made with and plans follow."""
        if self._api is not None:
            return self._api.dialect
        try:
            return (self.settings or ApiSettings.resolve()).dialect
        except DialectError as error:
            raise ProviderError(str(error)) from error

    @property
    def current(self) -> bool:
        return self.dialect != OLDER

    @property
    def api(self) -> WorkloadApi:
        if self._api is not None:
            return self._api
        try:
            settings = self.settings or ApiSettings.resolve()
        except DialectError as error:
            raise ProviderError(str(error)) from error
        problem = settings.problem
        if problem:
            raise ProviderError(problem)
        return client_for(settings)

    def settings_problem(self) -> str | None:
        """Why the configured settings cannot reach the API, known without a call (no
        token, an endpoint that is not an http(s) URL), so a preview says it instead of
        planning what `up` could not carry out.
        Only settings a front door configured count: without them (tests, tools) the
        environment is read when the API is first needed, and `api` says the same."""
        if self._api is not None or self.settings is None:
            return None
        return self.settings.problem

    def recorded_dialect(self, props: dict[str, Any]) -> str:
        """The dialect an object of the state was made with (absent: older); with no
        state at all (an import by ID), the configured one."""
        if not props:
            return self.dialect
        recorded = props.get("api_dialect")
        return recorded if isinstance(recorded, str) and recorded else OLDER

    def api_for(self, props: dict[str, Any]) -> WorkloadApi:
        """The client of the dialect the object was made with (refresh, delete)."""
        dialect = self.recorded_dialect(props)
        api = self.api
        if self._api is not None or dialect == api.dialect:
            return api
        return client_for(dataclasses.replace(api.settings, dialect=dialect))

    def refuse_other_dialect(self, olds: dict[str, Any]) -> None:
        """A plan must not mix dialects: an object made in one cannot be changed in the
        other (their paths, statuses and rules differ)."""
        recorded, configured = self.recorded_dialect(olds), self.dialect
        if recorded != configured:
            raise ProviderError(
                f"{self.kind} {olds.get('name')!r} was made with the {recorded} dialect of "
                f"the Workload API, but this stack is configured for the {configured} dialect "
                f"({DIALECT_CONFIG_KEY}); set {DIALECT_CONFIG_KEY} back to {recorded}, or "
                "destroy the stack's objects before switching"
            )

    # check ------------------------------------------------------------------------------
    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> Checked:
        """`olds` are the inputs the state holds for this resource (found through its
        aliases too); empty for a new one, and at the engine's second check of a
        replacement."""
        from ..validation import check_inputs

        checked = check_inputs(self.definition.type_name, news)
        result = Checked(checked.inputs, list(checked.failures))
        self.normalize(result)
        self._adopt_once(olds, result.inputs)
        problem = self.settings_problem()
        if problem:
            # After the inputs' own failures, which still name their property; with no
            # path the engine reports it against the resource.
            result.failures.append(("", problem))
        return result

    def _adopt_once(self, olds: dict[str, Any], inputs: dict[str, Any]) -> None:
        """`adopt_id` takes an object over at the create of a resource the state does not
        hold yet, and only then. Once the state holds it, the create of a replacement must
        make a new object: taking over the one it replaces again, which the engine deletes
        next, would leave the state naming a deleted object. The engine checks a
        replacement a second time without its olds (so defaults are computed afresh), so
        the IDs seen on resources the state holds are remembered for the rest of the
        command in this process, and the second check drops them too."""
        adopt_id = inputs.get("adopt_id")
        if not isinstance(adopt_id, str) or not adopt_id:
            return
        if olds:
            self._adopted.add(adopt_id)
        if adopt_id in self._adopted:
            del inputs["adopt_id"]

    def normalize(self, checked: Checked) -> None:
        """Resource rules after validation: canonical forms, computed inputs, guards."""

    # diff -------------------------------------------------------------------------------
    def diff(self, olds: dict[str, Any], news: dict[str, Any]) -> Plan:
        """The one diff of both front doors. A key changed when its comparable forms
        differ or the new value is not known yet; what a change does is its definition's
        `change` (docs/architecture.md, "The diff table")."""
        self.refuse_other_dialect(olds)
        registered = self.registered(olds)
        older = not self.current
        changed: list[str] = []
        replaces: list[str] = []
        for item in self.definition.inputs:
            change = item.prop.change
            if change == "none":
                continue
            old = self.comparable(item.name, olds.get(item.name))
            new = self.comparable(item.name, news.get(item.name))
            if not contains_unknown(new) and old == new:
                continue
            changed.append(item.name)
            if (
                change == "replace"
                or (change == "replace_when_registered" and registered)
                or (change == "replace_in_older" and older)
            ):
                replaces.append(item.name)
        replaces.extend(k for k in self.extra_replaces(olds, news) if k not in replaces)
        forced = named_by(changed, news.get(REPLACE_ON_CHANGES))
        replaces.extend(k for k in forced if k not in replaces)
        return Plan(tuple(changed), tuple(replaces), self.stables(replaces))

    def comparable(self, key: str, value: Any) -> Any:
        """The form in which an input is compared (server-filled empties dropped...)."""
        return value

    def registered(self, olds: dict[str, Any]) -> bool:
        """Whether `replace_when_registered` inputs replace (an artifact's status)."""
        return False

    def extra_replaces(self, olds: dict[str, Any], news: dict[str, Any]) -> list[str]:
        return []

    def stables(self, replaces: list[str]) -> tuple[str, ...]:
        return ()

    # create, read, update, delete -------------------------------------------------------
    def create(self, props: dict[str, Any]) -> Created:
        adopt_id = props.get("adopt_id")
        if adopt_id:
            state = self.adopt(adopt_id, props)
            self._taken_over.add(adopt_id)
            return Created(adopt_id, state)
        try:
            live = self.create_object(props)
        except ApiError as error:
            raise self.create_failed(props["name"], error, self.create_cause(error)) from error
        return Created(self.id_of(live), self.after_create(live, props))

    def read(self, id_: str, props: dict[str, Any]) -> Read:
        """Serves refresh. A 404 means the object is gone."""
        try:
            live = self.fetch(id_, self.api_for(props))
        except NotFoundError:
            return Read(None, {})
        except ApiError as error:
            raise self.fail("reading", id_, error) from error
        state = self.state(live, props, observed=True)
        return Read(id_, state, self.inputs_of(state))

    def inputs_of(self, state: dict[str, Any]) -> dict[str, Any]:
        """What `check` would answer for this state (which repeats every checked input)."""
        names = self.definition.checked_names
        return {name: state[name] for name in names if state.get(name) is not None}

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> dict[str, Any]:
        try:
            live = self.fetch(id_, self.api)
            return self.state(self.converge(id_, live, news, olds), news)
        except ApiError as error:
            raise self.fail("updating", id_, error) from error

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Deletes the object, unless a create of this same command took it over: then
        the engine is deleting what it holds under another step (a `--replace` of an
        adopted resource, whose one check keeps `adopt_id`; an adopted resource renamed
        without an alias), and the state would name a deleted object."""
        if id_ in self._taken_over:
            progress.warn(
                f"{self.describe(id_)} is kept: a resource of this update took it over "
                "with adopt_id (or import_); remove that from the program for a "
                "replacement to make a new one"
            )
            return
        try:
            self.remove(id_, self.api_for(props))
        except ConflictError as error:
            if not self.in_use:
                raise self.fail("deleting", id_, error) from error
            name = props.get("name")
            named = f"{self.kind} {name!r} ({id_})" if name else self.describe(id_)
            raise ProviderError(
                f"cannot delete {named}: {self.in_use} ({error.message})"
            ) from error
        except ApiError as error:
            raise self.fail("deleting", id_, error) from error

    def adopt(self, id_: str, props: dict[str, Any]) -> dict[str, Any]:
        """Takes over an existing object: refuses what cannot change in place, converges
        the rest."""
        try:
            live = self.fetch(id_, self.api)
        except NotFoundError as error:
            raise ProviderError(f"adopt_id: {self.kind} {id_} does not exist") from error
        self.refuse_adoption(id_, live, props)
        try:
            return self.state(self.converge(id_, live, props, None), props)
        except ApiError as error:
            raise self.fail("adopting", id_, error) from error

    # the state --------------------------------------------------------------------------
    def state(self, live: Live, props: dict[str, Any], *, observed: bool = False) -> dict[str, Any]:
        """What the state holds: every property of the definition, API-reported ones from
        `live`, provider-only inputs from `props`, and the dialect that answered when it is
        not the older one (so older states stay exactly as they always were)."""
        values = self.live_values(live, props, observed)
        out = {name: values.get(name) for name in self.definition.api_inputs}
        out.update({item.name: values.get(item.name) for item in self.definition.outputs})
        out.update({name: props.get(name) for name in self.definition.provider_only})
        dialect = getattr(live, "dialect", OLDER)
        out["api_dialect"] = None if dialect == OLDER else dialect
        return out

    # per resource -----------------------------------------------------------------------
    # Why the API refuses to delete it (409), said to the user; "" for no such rule.
    in_use: ClassVar[str] = ""

    def fetch(self, id_: str, api: WorkloadApi) -> Live:
        raise NotImplementedError

    def create_object(self, props: dict[str, Any]) -> Live:
        raise NotImplementedError

    def remove(self, id_: str, api: WorkloadApi) -> None:
        raise NotImplementedError

    def converge(
        self, id_: str, live: Live, want: dict[str, Any], olds: dict[str, Any] | None
    ) -> Live:
        """Brings the live object to the wanted inputs (olds: None when adopting)."""
        raise NotImplementedError

    def live_values(self, live: Live, props: dict[str, Any], observed: bool) -> dict[str, Any]:
        dump: Callable[[], dict[str, Any]] = live.model_dump  # type: ignore[attr-defined]
        return dump()

    def id_of(self, live: Live) -> str:
        object_id: str = live.id  # type: ignore[attr-defined]
        return object_id

    def after_create(self, live: Live, props: dict[str, Any]) -> dict[str, Any]:
        return self.state(live, props)

    def create_cause(self, error: ApiError) -> str | None:
        return None

    def refuse_adoption(self, id_: str, live: Live, props: dict[str, Any]) -> None:
        """Raises when the live object differs where it cannot change in place."""

    # messages ---------------------------------------------------------------------------
    def describe(self, id_: str) -> str:
        return f"{self.kind} {id_}"

    def create_failed(self, name: str, error: ApiError, cause: str | None = None) -> ProviderError:
        """The error of a failed create. When the API may have created the object anyway
        (its answer was lost and it could not be checked), the object is not in the state:
        the message says what to look for and how to clean it up or take it over."""
        text = f"creating {self.kind} {name!r} failed: {cause or error}"
        if isinstance(error, OutcomeUnknownError):
            text += (
                f"\n  the API may have created it before its answer was lost; if a {self.kind} "
                f"named {name!r} exists that this stack does not list, delete it, or adopt it "
                "with adopt_id=<its ID>"
            )
        return ProviderError(text)

    def fail(self, action: str, id_: str, error: ApiError) -> ProviderError:
        return ProviderError(f"{action} {self.describe(id_)} failed: {error}")
