"""A workload DELETE answered before the workload is gone (a test control, decision 11).

DataRobot's descriptions leave open whether deleting a workload is synchronous; its
Terraform provider polls for the 404 after the DELETE. With the switch on, the DELETE
answers 202 and the workload stays readable (and keeps its artifact in use) for a while,
then goes as a synchronous delete would.
"""

from __future__ import annotations

import contextlib
import threading

from workload_api_server.services.current import workloads
from workload_api_server.web.context import ServerContext, open_session


def delete_later(context: ServerContext, owner: str, workload_id: str, seconds: float) -> None:
    """Deletes the workload `seconds` from now, on a timer thread of its own."""

    def finish() -> None:
        # Gone meanwhile (deleted twice, a reset) or the server closing: nothing to do.
        with contextlib.suppress(Exception), open_session(context, owner) as session:
            workloads.delete(session, workload_id)

    timer = threading.Timer(seconds, finish)
    timer.daemon = True
    timer.start()
