"""The promotion history kept in `promotion:history`: round trip, outcome, interruption."""

from __future__ import annotations

import json
import re

import pytest
from datarobot_workloads_provider.promote import record
from datarobot_workloads_provider.promote.errors import PromoteError


def started(version: int = 2) -> record.Record:
    return record.Record(
        at="2026-01-01T12:00:00Z",
        source="dev",
        target="prod",
        artifact="churn-model",
        version=version,
        artifact_id=f"a{version}",
        previous_version=version - 1,
        result="started",
    )


def test_records_round_trip_through_the_config_value() -> None:
    history = [started(2), record.finish([started(3)], "rolled back", "health failed")[0]]
    text = record.dump(history)
    assert json.loads(text)[1] == {
        "at": "2026-01-01T12:00:00Z",
        "source": "dev",
        "target": "prod",
        "artifact": "churn-model",
        "version": 3,
        "artifactId": "a3",
        "previousVersion": 2,
        "result": "rolled back",
        "detail": "health failed",
    }
    assert record.parse(text) == history
    assert record.parse(None) == [] and record.parse("") == []


def test_only_the_newest_records_are_kept() -> None:
    history = [started(v) for v in range(2, record.KEEP + 12)]
    kept = record.parse(record.dump(history))
    assert len(kept) == record.KEEP
    assert kept[-1] == history[-1] and kept[0] == history[-record.KEEP]


def test_finish_sets_the_outcome_of_the_last_record_only() -> None:
    history = record.finish([started(2), started(3)], "promoted")
    assert [r.result for r in history] == ["started", "promoted"]
    assert record.finish([], "promoted") == []


def test_a_record_left_started_is_marked_interrupted() -> None:
    history, marked = record.mark_interrupted([started(2)])
    assert marked is not None and marked.result == "interrupted"
    assert history == [marked]
    assert "interrupted" in marked.line() and "version 2 (was 1)" in marked.line()
    done = record.finish([started(2)], "promoted")
    assert record.mark_interrupted(done) == (done, None)


@pytest.mark.parametrize("text", ["{}", "[1]", '[{"at": "x"}]', "not json", '[{"result": "won"}]'])
def test_a_value_that_is_not_a_history_stops_the_command(text: str) -> None:
    with pytest.raises(PromoteError) as error:
        record.parse(text)
    assert "config promotion:history" in str(error.value)


def test_times_are_utc_seconds() -> None:
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", record.now())


def test_a_stop_without_a_version_and_a_long_detail_stay_one_short_line() -> None:
    refused = record.Record(
        at="2026-01-01T12:00:00Z",
        source="dev",
        target="prod",
        artifact=None,
        version=None,
        artifact_id=None,
        previous_version=None,
        result="refused",
        detail="prod's state holds 2 candidate workloads\n" + "x" * 500,
    )
    line = refused.line()
    assert "\n" not in line and len(line) < 300
    assert "(no version resolved)  refused: prod's state holds 2 candidate" in line
    assert line.endswith("...")
    assert record.parse(record.dump([refused])) == [refused]
    finished = record.finish([started()], "dry run", "y" * 500)[0]
    assert finished.result == "dry run" and len(finished.detail) == record.DETAIL_CHARS
