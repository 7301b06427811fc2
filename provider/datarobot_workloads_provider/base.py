"""The Python dynamic provider front door: `pulumi.dynamic` calls, adapted to the lifecycle.

Provider instances are pickled into the stack's state by module path (`artifact`,
`workload`, `deployment`), so they carry no settings and no lifecycle of their own: the
endpoint and the token arrive through `configure()` in the provider process and stay in
memory there, in the lifecycle built then.

The program process imports these modules only to pickle that reference, so nothing heavy
loads at import time: the lifecycle loads when the provider is configured (in the
provider process only), the strict input schema (pydantic) on the first check with a
mistake to name, httpx on the first API call, and the pydantic wire models only for an
answer that is not plainly well formed (`client.records`). Every `pulumi` command pays
for what loads.

The engine's numbers arrive as doubles; every method hands the lifecycle its olds, news
and props with whole ones as ints (`engine_numbers`), as the plugin's front door does.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

from .engine_numbers import whole_numbers
from .failure import ProviderError
from .host import adapt_to_host
from .naming import DERIVED_NAME_MARK, kept_name

if TYPE_CHECKING:
    from .lifecycle.core import Lifecycle, client_for

__all__ = ["ApiResourceProvider", "LifecycleOf", "ProviderError", "client_for"]


def __getattr__(name: str) -> Any:
    """`client_for` is the lifecycle's; importing it here would load the lifecycle into
    the program process."""
    if name == "client_for":
        from .lifecycle.core import client_for

        return client_for
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class LifecycleOf:
    """A provider's lifecycle class, named by its module in `lifecycle/` and imported on
    first use: only the provider process ever uses it."""

    def __init__(self, module: str, name: str) -> None:
        self.module = module
        self.name = name

    def __get__(self, instance: object, owner: type | None = None) -> type[Lifecycle[Any]]:
        found: type[Lifecycle[Any]] = getattr(
            importlib.import_module(f"{__package__}.lifecycle.{self.module}"), self.name
        )
        return found


def _one_traceback(method: Callable[..., Any]) -> Callable[..., Any]:
    """Shows a ProviderError without the API error it was raised from.

    The dynamic provider host prints the whole exception chain, so every failure read as
    two tracebacks; the ProviderError's message already says what the API answered."""

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except ProviderError as error:
            raise error from None

    return wrapper


def _read_result(id_: str, state: dict[str, Any], inputs: dict[str, Any]) -> ReadResult:
    """A refresh's result with the inputs it leaves in the state (`lifecycle.core.Read`).

    A Pulumi SDK whose `ReadResult` takes no inputs keeps the program's old inputs
    instead: refresh works as before, only `ignore_changes` of a drifted input still sees
    the old value there."""
    try:
        return ReadResult(id_, state, inputs or None)
    except TypeError:
        return ReadResult(id_, state)


class ApiResourceProvider(ResourceProvider):
    """Base of the three dynamic providers: each names its lifecycle class."""

    serialize_as_secret_always = False
    lifecycle_class: ClassVar[LifecycleOf]

    def configure(self, req: ConfigureRequest) -> None:
        # Imported here, in the provider process: the program process never configures.
        from .client.settings import (
            DIALECT_CONFIG_KEY,
            ENDPOINT_CONFIG_KEY,
            TOKEN_CONFIG_KEY,
            TRACE_CONFIG_KEY,
            ApiSettings,
        )

        settings = ApiSettings.resolve(
            {
                key: req.config.get(key)
                for key in (
                    ENDPOINT_CONFIG_KEY,
                    TOKEN_CONFIG_KEY,
                    TRACE_CONFIG_KEY,
                    DIALECT_CONFIG_KEY,
                )
            }
        )
        self._lifecycle = self.lifecycle_class(settings)
        adapt_to_host()

    @property
    def lifecycle(self) -> Lifecycle[Any]:
        """Built by `configure`; without it (tests, tools) the settings come from the
        environment when the API is first needed."""
        lifecycle: Lifecycle[Any] | None = self.__dict__.get("_lifecycle")
        if lifecycle is None:
            lifecycle = self._lifecycle = self.lifecycle_class()
        return lifecycle

    @_one_traceback
    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        olds, news = whole_numbers(olds), whole_numbers(news)
        if news.pop(DERIVED_NAME_MARK, None):
            news["name"] = kept_name(olds, news["name"])
        checked = self.lifecycle.check(olds, news)
        failures = [CheckFailure(path, reason) for path, reason in checked.failures]
        return CheckResult(checked.inputs, failures)

    @_one_traceback
    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        plan = self.lifecycle.diff(whole_numbers(olds), whole_numbers(news))
        return DiffResult(
            changes=plan.changes,
            replaces=list(plan.replaces),
            delete_before_replace=False,
            stables=list(plan.stables),
        )

    @_one_traceback
    def create(self, props: dict[str, Any]) -> CreateResult:
        created = self.lifecycle.create(whole_numbers(props))
        return CreateResult(created.id, created.state)

    @_one_traceback
    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        found = self.lifecycle.read(id_, whole_numbers(props))
        return _read_result(found.id or "", found.state, found.inputs)

    @_one_traceback
    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        state = self.lifecycle.update(id_, whole_numbers(olds), whole_numbers(news))
        return UpdateResult(state)

    @_one_traceback
    def delete(self, id_: str, props: dict[str, Any]) -> None:
        self.lifecycle.delete(id_, whole_numbers(props))
