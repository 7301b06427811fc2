"""What every resource provider shares: configuration, one API client, check and diff plumbing.

Provider instances are pickled into the stack's state by module path, so they carry no
settings of their own: the endpoint and the token arrive through `configure()` in the
provider process and stay in memory there.

The program process imports these modules only to pickle that reference, so nothing heavy
loads at import time: the strict input schema (pydantic) loads on the first check, the
wire models and httpx on the first API call. Every `pulumi` command pays for what loads.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    ReadResult,
    ResourceProvider,
)

from .client.errors import ApiError, NotFoundError, OutcomeUnknownError
from .client.settings import ApiSettings
from .host import adapt_to_host
from .unknowns import contains_unknown

if TYPE_CHECKING:
    import pydantic

    from .client.api import WorkloadApi

M = TypeVar("M")
_clients: dict[ApiSettings, WorkloadApi] = {}
_clients_lock = threading.Lock()


def client_for(settings: ApiSettings) -> WorkloadApi:
    """One pooled HTTP client per process and endpoint, shared by all resources."""
    from .client.api import WorkloadApi

    with _clients_lock:
        api = _clients.get(settings)
        if api is None:
            api = _clients[settings] = WorkloadApi(settings)
        return api


class SchemaModel:
    """A class attribute naming a model of `schema`, imported when first read."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type | None = None) -> type[pydantic.BaseModel]:
        from . import schema

        model: type[pydantic.BaseModel] = getattr(schema, self.name)
        return model


class ProviderError(Exception):
    """A failure shown to the user as is: it already names the resource and the cause."""


LIFECYCLE_METHODS = ("check", "diff", "create", "read", "update", "delete")


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
    """Base of the three providers. Subclasses declare their input model and replace rules."""

    serialize_as_secret_always = False
    input_model: ClassVar[SchemaModel]
    kind: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name in LIFECYCLE_METHODS:
            if name in vars(cls):
                setattr(cls, name, _one_traceback(vars(cls)[name]))

    def configure(self, req: ConfigureRequest) -> None:
        self._settings = ApiSettings.resolve(
            {
                "datarobot:endpoint": req.config.get("datarobot:endpoint"),
                "datarobot:apikey": req.config.get("datarobot:apikey"),
                "datarobot:tracecontext": req.config.get("datarobot:tracecontext"),
            }
        )
        adapt_to_host()

    @property
    def api(self) -> WorkloadApi:
        settings = getattr(self, "_settings", None) or ApiSettings.resolve()
        if not settings.token:
            raise ProviderError(
                "no API token: set the secret stack config `datarobot:apikey` "
                "(pulumi config set --secret datarobot:apikey ...) or DATAROBOT_API_TOKEN"
            )
        return client_for(settings)

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        from .validation import check_inputs

        checked = check_inputs(self.input_model, news)
        failures = [CheckFailure(path, reason) for path, reason in checked.failures]
        return CheckResult(checked.inputs, failures)

    def read_live(
        self, id_: str, fetch: Callable[[str], M], to_outputs: Callable[[M], dict[str, Any]]
    ) -> ReadResult:
        """Serves refresh. A 404 means the object is gone: the empty ID drops it from state."""
        try:
            live = fetch(id_)
        except NotFoundError:
            return ReadResult("", {})
        return ReadResult(id_, to_outputs(live))

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


def changed_keys(olds: dict[str, Any], news: dict[str, Any], keys: tuple[str, ...]) -> list[str]:
    """Keys whose new input differs from the old state; unknown counts as different."""
    out = []
    for key in keys:
        new = news.get(key)
        if contains_unknown(new) or olds.get(key) != new:
            out.append(key)
    return out
