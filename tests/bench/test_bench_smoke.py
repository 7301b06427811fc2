"""The benchmark's building blocks work, so a long benchmark run does not die at minute 9.

These check the arithmetic, the mapping of "3 s start-up" onto the server's steps, the call
classification, the load generator against a real server, and one real engine command on
a Noop stack. They assert no timing: timings belong in the benchmark's report, not in a
test that must pass on a busy CI machine.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from bench.apiserver import TOKEN, Calls, api_server, step_seconds_for, steps_to_running
from bench.engine import BenchStack, engine_env, peak_overlap
from bench.figures import Options, ScaleCase, scale_cases
from bench.load import get_request, post_request, run_load
from bench.memory import PeakMemory, role_of
from bench.programs import PROGRAM_GC_THRESHOLD, PROJECT_MAIN, README_GC_THRESHOLD, ProgramSpec
from bench.report import Section, Target, render_table
from bench.run import build_parser
from bench.stats import Figure, percentile, ratios


def test_figure_is_a_median_with_its_range() -> None:
    figure = Figure.of([3.0, 1.0, 2.0])
    assert (figure.median, figure.low, figure.high) == (2.0, 1.0, 3.0)
    assert figure.render(" s") == "2.00 s (1.00-3.00)"
    assert Figure.of([1.5]).render("x") == "1.50x"
    with pytest.raises(ValueError):
        Figure.of([])


def test_ratios_pair_runs_and_percentiles_use_nearest_rank() -> None:
    assert ratios([2.0, 6.0], [1.0, 3.0]).values == (2.0, 2.0)
    with pytest.raises(ValueError):
        ratios([1.0], [1.0, 2.0])
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.5) == 50.0
    assert percentile(values, 0.99) == 99.0
    assert percentile([7.0], 0.99) == 7.0


def test_tables_align_and_sections_serialize() -> None:
    lines = render_table(["a", "long header"], [["wide cell", "x"]])
    assert lines[0].index("long header") == lines[2].index("x")
    section = Section("T", ["a", "b"], rows=[["1", "2"]])
    section.targets.append(Target("goal", "<= 1", "0.5", True))
    assert section.to_json()["table"] == [{"a": "1", "b": "2"}]
    assert section.render().splitlines()[0] == "T"


def test_startup_time_maps_onto_the_servers_lifecycle_steps() -> None:
    # submitted -> initializing -> running: two steps, so 3 s is 1.5 s per step.
    assert steps_to_running() == 2
    assert step_seconds_for(3.0) == 1.5


def test_calls_are_classified_by_method_and_path() -> None:
    calls = Calls(
        {
            "POST /api/v2/console/workloads/": 2,
            "GET /api/v2/console/workloads/{id}/": 9,
            "GET /api/v2/registry/artifacts/": 1,
            "DELETE /api/v2/registry/artifacts/{id}/": 1,
        }
    )
    assert (calls.total, calls.reads, calls.writes) == (13, 10, 3)
    assert calls.of("GET", "console/workloads", item=True) == 9
    assert calls.of("GET", "/", item=False) == 1
    assert calls.of("POST", "workloads") == 2


def test_options_parse_and_reject_unknown_sections() -> None:
    parser = build_parser()
    args = parser.parse_args(["--quick", "--only", "scale,server", "--scale", "1,10"])
    assert args.only == ["scale", "server"] and args.scale == [1, 10] and args.quick
    assert not args.host_teardown and parser.parse_args(["--host-teardown"]).host_teardown
    assert not args.large and parser.parse_args(["--large"]).large
    assert (
        args.dialect == "both" and parser.parse_args(["--dialect", "current"]).dialect == "current"
    )
    with pytest.raises(SystemExit):
        parser.parse_args(["--only", "everything"])
    with pytest.raises(SystemExit):
        parser.parse_args(["--dialect", "newest"])


def test_load_generator_reads_real_answers(tmp_path: Path) -> None:
    with api_server(tmp_path / "server", startup_seconds=0.0, test_controls=False) as server:
        body = {
            "name": "smoke",
            "spec": {
                "containerGroups": [
                    {"containers": [{"name": "a", "imageUri": "x:1", "port": 8080}]}
                ]
            },
        }
        created = server.http.post(
            f"{server.base_url}/registry/artifacts/",
            json=body,
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        created.raise_for_status()
        path = f"/api/v2/registry/artifacts/{created.json()['id']}/"
        got = run_load(server.port, get_request(path, TOKEN), clients=2, warmup=0.1, duration=0.3)
        posted = run_load(
            server.port,
            post_request("/api/v2/registry/artifacts/", TOKEN, lambda n: {**body, "name": f"s{n}"}),
            clients=2,
            warmup=0.1,
            duration=0.3,
        )
    for result in (got, posted):
        assert result.requests > 0 and result.errors == 0
        assert 0 < result.p50_ms <= result.p99_ms


def test_peak_memory_finds_a_descendant_by_role_and_keeps_its_peak() -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", "import time; block = bytearray(64 * 2**20); time.sleep(0.3)"]
    )
    with PeakMemory(classify=lambda cmd: "big" if "bytearray" in " ".join(cmd) else None) as m:
        child.wait(timeout=30)
    assert set(m.peaks) == {"big"}
    assert m.peaks["big"] >= 64
    assert role_of(["/venv/bin/python", "-u", "-m", "pulumi.dynamic", "127.0.0.1:1"]) == (
        "provider host"
    )
    assert role_of(["python", "/e/bin/pulumi-language-python-exec", "--monitor", "x"]) == "program"
    assert role_of(["/e/bin/pulumi", "up"]) == "engine"
    assert role_of(["/bin/sh", "/e/bin/pulumi-resource-pulumi-python"]) is None


def test_program_specs_and_scale_cases() -> None:
    assert ProgramSpec.parse("chains", 2).resources == 6
    assert ProgramSpec.parse("floor", 5).resources == 5
    # The current dialect's quickstart has no deployment: chains (and floors) of two.
    assert ProgramSpec.parse("chains", 2, "current").resources == 4
    assert ProgramSpec.parse("floor", 4, "current").chain_length == 2
    with pytest.raises(ValueError):
        ProgramSpec.parse("nothing", 1)
    with pytest.raises(ValueError):
        ProgramSpec.parse("chains", 1, "newest")
    # Each N at --parallel of at least N (where targets are judged), the largest N again
    # at the engine's default, at an extra setting only when asked for, with the README's
    # collector setting in the program, without the engine's per-step checkpoints, and
    # without them with that collector setting.
    assert scale_cases([1, 50], None, None) == [
        ScaleCase(1, 1),
        ScaleCase(50, 50),
        ScaleCase(50, None),
        ScaleCase(50, 50, collector=True),
        ScaleCase(50, 50, checkpoints=False),
        ScaleCase(50, 50, checkpoints=False, collector=True),
    ]
    assert scale_cases([10, 200], 64, 32) == [
        ScaleCase(10, 64),
        ScaleCase(200, 200),
        ScaleCase(200, None),
        ScaleCase(200, 32),
        ScaleCase(200, 200, collector=True),
        ScaleCase(200, 200, checkpoints=False),
        ScaleCase(200, 200, checkpoints=False, collector=True),
    ]
    cases = scale_cases([200], 64, 32)
    assert [case.judged for case in cases] == [True, False, False, False, False, False]
    # Only the diagnostic rows change the engine's or the program's settings, and their
    # stacks' names differ.
    assert [case.engine_settings for case in cases] == [
        {},
        {},
        {},
        {PROGRAM_GC_THRESHOLD: README_GC_THRESHOLD},
        {"PULUMI_SKIP_CHECKPOINTS": "true"},
        {"PULUMI_SKIP_CHECKPOINTS": "true", PROGRAM_GC_THRESHOLD: README_GC_THRESHOLD},
    ]
    assert len({case.slug for case in cases}) == len(cases)
    assert [case.label for case in cases[-3:]] == [
        "200, README collector",
        "200, no checkpoints",
        "200, no checkpoints, README collector",
    ]
    assert cases[-1].slug == "p200-no-checkpoints-README-collector"


def test_the_readme_collector_setting_is_the_one_the_programs_apply() -> None:
    """The diagnostic row sets what the README tells users to, through the generated
    program's first lines."""
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    numbers = README_GC_THRESHOLD.split(",")
    assert f"gc.set_threshold({', '.join(f'{int(n):_}' for n in numbers)})" in readme
    assert PROJECT_MAIN.index(PROGRAM_GC_THRESHOLD) < PROJECT_MAIN.index("import pulumi")


def test_the_engine_default_row_passes_no_parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the benchmark's own --parallel, the engine-default row passes none."""
    monkeypatch.setattr("bench.figures.options.BenchStack", lambda **made: made)
    options = Options(runs=1, state_dir=Path("unused"), env={}, parallel=200)
    spec = ProgramSpec("floor", 3)
    made: Any = options.stack(Path("unused"), "a", spec)
    assert made["parallel"] == 200
    made = options.stack(Path("unused"), "b", spec, engine_default=True)
    assert made["parallel"] is None


def test_engine_settings_reach_only_their_stack(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bench.figures.options.BenchStack", lambda **made: made)
    options = Options(runs=1, state_dir=Path("unused"), env={"PULUMI_HOME": "h"}, parallel=8)
    spec = ProgramSpec("floor", 3)
    made: Any = options.stack(
        Path("unused"), "a", spec, engine_settings={"PULUMI_SKIP_CHECKPOINTS": "true"}
    )
    assert made["env"] == {"PULUMI_HOME": "h", "PULUMI_SKIP_CHECKPOINTS": "true"}
    assert options.env == {"PULUMI_HOME": "h"}
    assert options.stack(Path("unused"), "b", spec)["env"] == {"PULUMI_HOME": "h"}


@pytest.mark.e2e
@pytest.mark.parametrize("mode", ["project", "inline"])
def test_a_floor_stack_runs_through_the_timed_engine(tmp_path: Path, mode: str) -> None:
    stack = BenchStack(
        state_dir=tmp_path,
        env=engine_env(tmp_path / "engine"),
        name=f"smoke-{mode}",
        program=ProgramSpec("floor", 3),
        mode="project" if mode == "project" else "inline",
    )
    up = stack.run("up")
    assert up.changes == {"create": 4}
    assert 0 < up.seconds <= up.api_seconds
    creates = up.events.spans_of(":Noop", "create")
    assert len(creates) == 3 and peak_overlap(creates) >= 1
    assert stack.run("preview").changes == {"same": 4}
    assert stack.run("destroy").changes == {"delete": 4}
    stack.remove()


@pytest.mark.e2e
def test_the_current_dialects_quickstart_runs_against_its_floors_shape(tmp_path: Path) -> None:
    """The quickstart section's current-dialect stack: artifact and workload, no
    deployment, spoken in the current dialect (the server serves both by default), its
    invoke URL exported from the workload."""
    with api_server(tmp_path / "server", startup_seconds=0.0) as server:
        stack = BenchStack(
            state_dir=tmp_path,
            env=engine_env(tmp_path / "engine"),
            name="quickstart-current",
            program=ProgramSpec("chains", 1, "current"),
            config=server.stack_config(),
        )
        server.clear_requests()
        up = stack.run("up")
        assert up.changes == {"create": 3}
        made = {s.type.rsplit(":", 1)[-1] for s in up.events.spans if "dynamic/" in s.type}
        assert made == {"Artifact", "Workload"}
        assert stack.stack.outputs()["invoke_url_0"].value.startswith("http")
        posts = [key for key in server.calls().counts if key.startswith("POST ")]
        assert any(path.startswith("POST /api/v2/workloads") for path in posts), posts
        assert not any("/console/" in path or "/registry/" in path for path in posts), posts
        assert stack.run("preview").changes == {"same": 3}
        assert stack.run("destroy").changes == {"delete": 3}
        stack.remove()
    floor = ProgramSpec("floor", 2, "current")
    assert floor.resources == 2 and floor.chain_length == 2


@pytest.mark.e2e
def test_workload_waits_run_side_by_side_beyond_the_hosts_four_workers(tmp_path: Path) -> None:
    """The dynamic provider host serves four calls at once; the provider widens its pool
    (provider/.../host.py). Eight workloads that each take 2 s to start are created within
    one start-up time of each other; with four workers the second four would wait 2 s."""
    with api_server(tmp_path / "server", startup_seconds=2.0) as server:
        stack = BenchStack(
            state_dir=tmp_path,
            env=engine_env(tmp_path / "engine"),
            name="side-by-side",
            program=ProgramSpec("chains", 8),
            config=server.stack_config(),
            parallel=16,
        )
        assert stack.run("up").changes == {"create": 25}
        listed = server.http.get(
            f"{server.base_url}/console/workloads/",
            headers={"Authorization": f"Bearer {TOKEN}"},
            params={"limit": 100},
        ).json()["data"]
        created = sorted(datetime.fromisoformat(w["createdAt"]) for w in listed)
        assert len(created) == 8
        assert (created[-1] - created[0]).total_seconds() < 1.5, created
        stack.run("destroy")
        stack.remove()
