"""The request loop: one httpx.Client, retries with backoff and jitter, typed errors.

Idempotent methods (GET, PUT, PATCH, DELETE) are retried on 429, 5xx and connection
failures. A POST is retried only when the server provably did not act on it (429, or a
connection that was never established); otherwise its fate is unknown and the caller must
look before it creates again (see `api.WorkloadApi`), or objects get duplicated.

An endpoint that has answered before and now refuses connections is most likely
restarting, so refused connections are retried for `outage_seconds` instead of the usual
few attempts. Giving up sooner turns a server restart into a failed `pulumi up` that
leaves half-created workloads behind (their clean-up cannot reach the server either).
An endpoint that never answered still fails after the usual attempts (a wrong URL should
not hang).
"""

from __future__ import annotations

import logging
import ssl
import time
from collections.abc import Callable
from typing import Any

from ._httpx import httpx
from .errors import (
    ApiError,
    ConnectionFailedError,
    OutcomeUnknownError,
    RateLimitedError,
    ServerError,
    error_for,
)
from .identity import TRACE_HEADER, trace_header_value, user_agent
from .retry import Backoff, Timing
from .settings import ENDPOINT_CONFIG_KEY, ApiSettings

LOG = logging.getLogger("datarobot_workloads_provider.http")
IDEMPOTENT = frozenset({"GET", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})
# Connections to the API at once. Not a cap on waits: a wait holds no connection (its
# polls are shared, see `waiting`) and a request holds one for milliseconds, so two
# hundred creates at once queue here briefly instead of opening two hundred connections.
# All of them are kept alive: closing and reopening them in a burst costs more.
CONNECTIONS = 64


def tls_context_for(endpoint: str) -> ssl.SSLContext | bool:
    """Default verification for https endpoints; for plain http, a context that trusts nothing.

    httpx builds its default TLS context (loading the CA bundle, 50-100 ms) for every client,
    even one that only ever talks plain HTTP to the local server. Requests go only to the
    endpoint's own origin and redirects are not followed, so such a client never negotiates
    TLS; if it ever did, a context with verification on and no trusted CA fails closed.
    """
    if endpoint.lower().startswith("https://"):
        return True
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def identity_headers(settings: ApiSettings) -> dict[str, str]:
    """Headers every request carries: who is calling, and DataRobot's consumer trace."""
    headers = {"User-Agent": user_agent(), "Accept": "application/json"}
    trace = trace_header_value(settings.trace_context)
    if trace is not None:
        headers[TRACE_HEADER] = trace
    return headers


class Transport:
    """Thread-safe: the provider host calls us from several threads at once."""

    def __init__(
        self,
        settings: ApiSettings,
        *,
        sleep: Callable[[float], None] = time.sleep,
        client: httpx.Client | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        # The one clock and sleep of every retry and wait that uses this client.
        self.timing = Timing(clock=clock, sleep=sleep)
        self.backoff = Backoff(
            first=settings.backoff_base, factor=2.0, cap=settings.backoff_max, jitter=True
        )
        # Set once the endpoint has answered anything: from then on, refused connections
        # mean "restarting" rather than "wrong endpoint".
        self._answered = False
        self._client = client or httpx.Client(
            base_url=settings.endpoint + "/",
            timeout=httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
            headers=identity_headers(settings),
            follow_redirects=False,
            limits=httpx.Limits(max_connections=CONNECTIONS, max_keepalive_connections=CONNECTIONS),
            verify=tls_context_for(settings.endpoint),
        )
        self._origin = httpx.URL(settings.endpoint + "/").copy_with(path="/", query=None)

    def close(self) -> None:
        self._client.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Any = None,
        absolute_url: str | None = None,
    ) -> Any:
        """Sends one logical request (several attempts at most) and returns the JSON body."""
        method = method.upper()
        headers = {"Authorization": f"Bearer {self.settings.token}"} if self.settings.token else {}
        url: httpx.URL | str = (
            self._on_own_origin(absolute_url) if absolute_url is not None else path.lstrip("/")
        )
        attempt = 0
        outage_began: float | None = None
        while True:
            attempt += 1
            try:
                response = self._client.request(
                    method, url, json=json, params=params, headers=headers
                )
            except httpx.ConnectError as exc:
                # Never connected: nothing was sent, so even a POST is safe to repeat.
                failure: ApiError = ConnectionFailedError(
                    f"cannot connect to {self.settings.endpoint}: {exc}", method=method, path=path
                )
                if outage_began is None:
                    outage_began = self.timing.clock()
                if self._give_up(attempt) and not self._riding_out(outage_began):
                    raise failure from exc
                self._backoff(attempt, None, failure)
                continue
            except (httpx.TransportError, httpx.TimeoutException) as exc:
                failure = ConnectionFailedError(
                    f"connection to {self.settings.endpoint} failed: {type(exc).__name__}",
                    method=method,
                    path=path,
                )
                if method not in IDEMPOTENT:
                    raise OutcomeUnknownError(failure.message, method=method, path=path) from exc
                if self._give_up(attempt):
                    raise failure from exc
                self._backoff(attempt, None, failure)
                continue

            self._answered = True
            if 300 <= response.status_code < 400:
                raise _redirected(response, method, path)
            if response.status_code < 400:
                if response.status_code == 204 or not response.content:
                    return None
                return _json(response)

            error = error_for(response.status_code, _json(response), method=method, path=path)
            if response.status_code not in RETRYABLE_STATUS:
                raise error
            if method not in IDEMPOTENT and not isinstance(error, RateLimitedError):
                raise OutcomeUnknownError(
                    error.message, status_code=response.status_code, method=method, path=path
                ) from error
            if self._give_up(attempt):
                raise error
            self._backoff(attempt, response.headers.get("Retry-After"), error)

    def _on_own_origin(self, url: str) -> httpx.URL:
        """A `next` link, sent to the configured endpoint whatever host it names.

        The token goes only where the user pointed the provider. Behind a proxy the
        server may also name itself differently (another host, or http for https); the
        path and query are what identify the page.
        """
        target = httpx.URL(url)
        return self._origin.copy_with(path=target.path, query=target.query or None)

    def _give_up(self, attempt: int) -> bool:
        return attempt > self.settings.max_retries

    def _riding_out(self, outage_began: float) -> bool:
        """Keep retrying refused connections to an endpoint that answered before, for up to
        `outage_seconds` since the first refusal: it is restarting, not misconfigured."""
        elapsed = self.timing.clock() - outage_began
        return self._answered and elapsed < self.settings.outage_seconds

    def _backoff(self, attempt: int, retry_after: str | None, error: ApiError) -> None:
        delay = self.timing.delay(self.backoff, attempt, _retry_after_seconds(retry_after))
        kind = "server error" if isinstance(error, ServerError) else type(error).__name__
        LOG.info("retrying %s %s in %.2fs after %s", error.method, error.path, delay, kind)
        self.timing.sleep(delay)


def _redirected(response: httpx.Response, method: str, path: str) -> ApiError:
    """Redirects are not followed: the token goes only where the user pointed the provider,
    and a redirected write may not be repeated safely. DataRobot's clients use paths with
    and without the trailing slash, so its API answers both directly; one that redirects
    instead is named, with where it pointed, rather than read as an empty answer."""
    target = response.headers.get("Location") or "no Location"
    return ApiError(
        f"the API answered a redirect ({target}), which the provider does not follow; "
        f"check {ENDPOINT_CONFIG_KEY} (it should end in /api/v2)",
        status_code=response.status_code,
        method=method,
        path=path,
    )


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return {"message": response.text[:500] or response.reason_phrase}
