"""The Python dynamic provider front door: `pulumi.dynamic` calls, adapted to the lifecycle.

Provider instances are pickled into the stack's state by module path (`artifact`,
`workload`, `deployment`), so they carry no settings and no lifecycle of their own: the
endpoint and the token arrive through `configure()` in the provider process and stay in
memory there, in the lifecycle built then.

The program process imports these modules only to pickle that reference, so nothing heavy
loads at import time: the strict input schema (pydantic) loads on the first check, the
wire models and httpx on the first API call. Every `pulumi` command pays for what loads.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ClassVar

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

from .client.settings import (
    DIALECT_CONFIG_KEY,
    ENDPOINT_CONFIG_KEY,
    TOKEN_CONFIG_KEY,
    TRACE_CONFIG_KEY,
    ApiSettings,
)
from .host import adapt_to_host
from .lifecycle.core import Lifecycle, ProviderError, client_for

__all__ = ["ApiResourceProvider", "ProviderError", "client_for"]


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


class ApiResourceProvider(ResourceProvider):
    """Base of the three dynamic providers: each names its lifecycle class."""

    serialize_as_secret_always = False
    lifecycle_class: ClassVar[type[Lifecycle[Any]]]

    def configure(self, req: ConfigureRequest) -> None:
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
        checked = self.lifecycle.check(olds, news)
        failures = [CheckFailure(path, reason) for path, reason in checked.failures]
        return CheckResult(checked.inputs, failures)

    @_one_traceback
    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        plan = self.lifecycle.diff(olds, news)
        return DiffResult(
            changes=plan.changes,
            replaces=list(plan.replaces),
            delete_before_replace=False,
            stables=list(plan.stables),
        )

    @_one_traceback
    def create(self, props: dict[str, Any]) -> CreateResult:
        created = self.lifecycle.create(props)
        return CreateResult(created.id, created.state)

    @_one_traceback
    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        found = self.lifecycle.read(id_, props)
        return ReadResult(found.id or "", found.state)

    @_one_traceback
    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        return UpdateResult(self.lifecycle.update(id_, olds, news))

    @_one_traceback
    def delete(self, id_: str, props: dict[str, Any]) -> None:
        self.lifecycle.delete(id_, props)
