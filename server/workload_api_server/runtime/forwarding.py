"""Relaying an invoke request to a workload's process, as the platform's proxy does."""

from __future__ import annotations

import httpx

from workload_api_server.runtime.base import AppRequest, AppResponse
from workload_api_server.web.errors import BadGateway, GatewayTimeout

# Hop-by-hop headers belong to one connection, never relayed (RFC 9110, section 7.6.1).
_HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    }
)
# The API token is for the API, not for the workload's app; lengths and encodings are
# recomputed for the relayed message.
_NOT_FORWARDED = _HOP_BY_HOP | {"host", "authorization", "content-length"}
_NOT_RETURNED = _HOP_BY_HOP | {"content-length", "content-encoding"}


def forward(client: httpx.Client, port: int, request: AppRequest, *, max_bytes: int) -> AppResponse:
    """Send `request` to the process on `port` with `X-Forwarded-Prefix` set.

    The app sees its own path (prefix stripped) and learns the prefix from the header,
    which is what `datarobot-asgi-middleware` relies on to build URLs. Its answer is
    held in memory to be relayed, so one larger than `max_bytes` (decoded) is refused
    with 502 as it streams in, rather than read whole.
    """
    # Bytes, as received: header values are latin-1 on the wire, not necessarily ASCII.
    headers = [
        (name.encode("latin-1"), value.encode("latin-1"))
        for name, value in request.headers
        if name.lower() not in _NOT_FORWARDED
    ]
    headers.append((b"X-Forwarded-Prefix", request.prefix.encode("latin-1")))
    url = f"http://127.0.0.1:{port}{request.raw_path}"
    if request.query_string:
        url = f"{url}?{request.query_string.decode('latin-1')}"
    body = bytearray()
    try:
        with client.stream(request.method, url, headers=headers, content=request.body) as response:
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > max_bytes:
                    raise BadGateway(f"The workload's answer is larger than {max_bytes} bytes.")
    except httpx.TimeoutException as exc:
        raise GatewayTimeout(f"The workload did not answer in time: {exc}.") from exc
    except httpx.HTTPError as exc:
        raise BadGateway(f"The workload did not answer: {exc}.") from exc
    relayed = [
        (name, value)
        for name, value in response.headers.raw
        if name.decode("latin-1").lower() not in _NOT_RETURNED
    ]
    return AppResponse(status_code=response.status_code, headers=relayed, body=bytes(body))
