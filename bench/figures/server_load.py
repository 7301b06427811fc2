"""Section 5: the server alone, requests per second and latency under keep-alive load."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bench.apiserver import TOKEN, api_server
from bench.figures.options import Options
from bench.load import LoadResult, get_request, post_request, run_load
from bench.report import Section, Target, verdict
from bench.stats import Figure

GET_RPS_TARGET = 1000.0
LOAD_WARMUP_SECONDS = 0.5


def _artifact_body(index: int) -> dict[str, Any]:
    container = {"name": "app", "imageUri": "registry.local/app:1", "port": 8080}
    return {
        "name": f"bench-load-{index}",
        "spec": {"containerGroups": [{"containers": [container]}]},
    }


def server_alone(options: Options, client_counts: Sequence[int], duration: float) -> Section:
    """Requests per second and latency of the server by itself, GET and POST."""
    section = Section(
        title="5. The server alone (keep-alive HTTP/1.1 on loopback, default server settings)",
        headers=[
            "request",
            "clients",
            "req/s",
            "p50 ms",
            "p99 ms",
            "errors",
            "server CPU",
            "client CPU",
            "target",
            "met",
        ],
    )
    state = options.state_dir / "server-alone"
    with api_server(state / "server", startup_seconds=0.0, test_controls=False) as server:
        created = server.http.post(
            f"{server.base_url}/registry/artifacts/",
            json=_artifact_body(-1),
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        created.raise_for_status()
        artifact_id = created.json()["id"]
        requests = {
            "GET artifact": get_request(f"/api/v2/registry/artifacts/{artifact_id}/", TOKEN),
            "POST artifact": post_request("/api/v2/registry/artifacts/", TOKEN, _artifact_body),
        }
        for label, make in requests.items():
            for clients in client_counts:
                results: list[LoadResult] = []
                server_cpu: list[float] = []
                for run in range(options.runs):
                    before = server.cpu_seconds()
                    result = run_load(
                        server.port,
                        make,
                        clients=clients,
                        warmup=LOAD_WARMUP_SECONDS,
                        duration=duration,
                    )
                    # The warm-up's CPU is in the sample too; it is short against the duration.
                    spent = server.cpu_seconds() - before
                    server_cpu.append(spent / (result.seconds + LOAD_WARMUP_SECONDS))
                    results.append(result)
                    options.log(
                        f"[bench] server {label} x{clients} run {run + 1}/{options.runs}: "
                        f"{result.rps:.0f} req/s, p50 {result.p50_ms:.1f} ms, "
                        f"p99 {result.p99_ms:.1f} ms"
                    )
                _server_row(section, label, clients, max(client_counts), results, server_cpu)
    section.notes.extend(
        [
            f"each run: {LOAD_WARMUP_SECONDS:g} s warm-up, then {duration:g} s of back-to-back "
            "requests per client; medians (min-max) over runs",
            "CPU in cores used during the run: the server is one Python process (about 1 core at "
            "most); a client near 1 core would mean the load generator was the limit",
        ]
    )
    return section


def _server_row(
    section: Section,
    label: str,
    clients: int,
    most_clients: int,
    results: list[LoadResult],
    server_cpu: list[float],
) -> None:
    rps = Figure.of(r.rps for r in results)
    p50 = Figure.of(r.p50_ms for r in results)
    p99 = Figure.of(r.p99_ms for r in results)
    cpu = Figure.of(server_cpu)
    client_cpu = Figure.of(r.client_cpu for r in results)
    errors = sum(r.errors for r in results)
    target_cells = ["-", "-"]
    if label.startswith("GET") and clients == most_clients:
        met = rps.median >= GET_RPS_TARGET
        wanted = f">= {GET_RPS_TARGET:.0f} req/s"
        section.targets.append(
            Target(f"server GET req/s at {clients} clients", wanted, rps.render(" req/s", 0), met)
        )
        target_cells = [wanted, verdict(met)]
    section.rows.append(
        [
            label,
            str(clients),
            rps.render("", 0),
            p50.render("", 1),
            p99.render("", 1),
            str(errors),
            f"{cpu.median:.2f} cores",
            f"{client_cpu.median:.2f} cores",
            *target_cells,
        ]
    )
    section.data[f"{label} x{clients}"] = {
        "rps": rps.to_json(),
        "p50_ms": p50.to_json(),
        "p99_ms": p99.to_json(),
        "server_cpu_cores": cpu.to_json(),
        "client_cpu_cores": client_cpu.to_json(),
        "errors": errors,
        "requests": [r.requests for r in results],
    }
