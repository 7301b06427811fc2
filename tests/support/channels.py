"""Each gRPC channel the Pulumi SDK opens in the test process gets connections of its own.

The Automation API runs an inline program inside the test process, and for every command
the SDK opens new channels to that command's engine (its resource monitor and its engine
service), at ports the OS picked for the engine. gRPC shares connections between all the
channels of a process that name the same address (its global subchannel pool). Over the
hundreds of engine commands of a test session, a new engine now and then gets the port of
an earlier one; when a channel to the earlier engine is still alive (it is freed when the
garbage collector gets to it) and tried to reach that engine after it ended, the shared
connection is in reconnect back-off, and the new command's channel inherits it: its first
call fails at once with `UNAVAILABLE: failed to connect to all addresses ... 127.0.0.1:
<port>: Connection refused`, although the new engine is listening. The SDK's language
server then fails the run ("Exception calling application"), and the program's coroutine,
left unfinished, reports `RuntimeError: no running event loop` when it is collected.
More load means longer-lived garbage and more engines, so it showed under load.

`grpc.use_local_subchannel_pool` gives each channel a pool of its own, so a channel never
shares a connection with a channel of an earlier command. The SDK passes one options list
to every channel it opens; the option is added to that list, once, before any command.
"""

from __future__ import annotations

from pulumi.runtime import _grpc_settings

LOCAL_POOL = ("grpc.use_local_subchannel_pool", 1)


def own_connections_per_channel() -> None:
    """Makes every channel the SDK opens from now on use a subchannel pool of its own."""
    options = _grpc_settings._GRPC_CHANNEL_OPTIONS
    if LOCAL_POOL not in options:
        options.append(LOCAL_POOL)
