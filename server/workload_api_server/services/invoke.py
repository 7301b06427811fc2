"""Which running workload answers an invoke, or why none can."""

from __future__ import annotations

from workload_api_server.runtime.base import RunTarget
from workload_api_server.services import workloads
from workload_api_server.services.current import workloads as current_workloads
from workload_api_server.store import workloads as workload_store
from workload_api_server.store.deployments import DeploymentRecord
from workload_api_server.store.workloads import WorkloadRecord
from workload_api_server.web.context import Session
from workload_api_server.web.errors import ServiceUnavailable


def running_target(session: Session, record: WorkloadRecord) -> RunTarget | ServiceUnavailable:
    """The target, or the 503 to answer; returned, not raised, so the caller can count it
    and so the transaction (which may have recorded an exit) still commits.

    A workload of either dialect answers on the same path; a current-dialect workload in
    the middle of a replacement is `running` and answers from whichever version serves."""
    if record.dialect == "current":
        current = current_workloads.state_of(session, record)
        if current.status != "running":
            return ServiceUnavailable(f"The workload is not running (status: {current.status}).")
        return current_workloads.run_target(current.record)
    state = workloads.state_of(session, record)
    if state.status != "running":
        return ServiceUnavailable(f"The workload is not running (status: {state.status}).")
    if int(record.runtime["replicaCount"]) == 0:
        return ServiceUnavailable("The workload is scaled to zero replicas.")
    return workloads.run_target(state.record)


def deployment_target(
    session: Session, deployment: DeploymentRecord
) -> RunTarget | ServiceUnavailable:
    """A deployment serves whatever spec its workload runs."""
    record = workload_store.fetch(session.conn, session.owner, deployment.workload_id)
    if record is None:
        return ServiceUnavailable("The deployment's workload no longer exists.")
    return running_target(session, record)
