"""The engine's doubles back to the numbers programs wrote: what becomes an int and what
is left exactly as it came."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from datarobot_workloads_provider.engine_numbers import EXACT_INTEGER, whole_number, whole_numbers
from datarobot_workloads_provider.unknowns import UNKNOWN
from pulumi.output import Unknown


def exactly(value: Any) -> str:
    """JSON tells 8080 from 8080.0 (equality does not: 8080 == 8080.0)."""
    return json.dumps(value, sort_keys=True)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (8080.0, 8080),
        (0.0, 0),
        (-3.0, -3),
        (float(EXACT_INTEGER), EXACT_INTEGER),
        (-float(EXACT_INTEGER), -EXACT_INTEGER),
    ],
)
def test_a_whole_double_becomes_that_int(given: float, expected: int) -> None:
    converted = whole_number(given)
    assert type(converted) is int
    assert converted == expected


@pytest.mark.parametrize(
    "given",
    [0.5, 1.5, -0.25, float(EXACT_INTEGER) * 2, -float(EXACT_INTEGER) * 4, 1e300, math.inf],
    ids=["half", "fraction", "negative", "beyond-2**53", "below--2**53", "1e300", "inf"],
)
def test_anything_else_stays_the_double_it_was(given: float) -> None:
    converted = whole_number(given)
    assert type(converted) is float
    assert converted == given


def test_nan_stays_nan() -> None:
    converted = whole_numbers({"x": math.nan})["x"]
    assert type(converted) is float and math.isnan(converted)


def test_every_depth_of_dicts_and_lists_is_walked() -> None:
    engine = {
        "spec": {
            "container_groups": [
                {
                    "containers": [
                        {"port": 8080.0, "resource_request": {"cpu": 0.5, "memory": 1024.0}}
                    ]
                }
            ]
        },
        "runtime": {"replica_count": 2.0, "autoscaling": {"policies": [{"target": 70.5}]}},
        "limits": [[1.0, 2.5], []],
    }
    assert exactly(whole_numbers(engine)) == exactly(
        {
            "spec": {
                "container_groups": [
                    {
                        "containers": [
                            {"port": 8080, "resource_request": {"cpu": 0.5, "memory": 1024}}
                        ]
                    }
                ]
            },
            "runtime": {"replica_count": 2, "autoscaling": {"policies": [{"target": 70.5}]}},
            "limits": [[1, 2.5], []],
        }
    )


def test_bools_strings_none_unknowns_and_keys_are_left_as_they_are() -> None:
    unknown = Unknown()
    given = {
        "primary": True,
        "enabled": False,
        "name": "8080.0",
        "artifact_id": UNKNOWN,
        "image_uri": unknown,
        "description": None,
        "count": 3,
    }
    converted = whole_numbers(given)
    assert converted == given
    assert converted["primary"] is True and converted["enabled"] is False
    assert converted["image_uri"] is unknown
    assert type(converted["count"]) is int


def test_a_secret_wrapped_by_the_dynamic_host_keeps_its_shape() -> None:
    """The dynamic host marks a secret with a signature key beside its value."""
    secret = {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "value": 5.0}
    converted = whole_numbers({"timing": secret})
    assert exactly(converted) == exactly({"timing": {**secret, "value": 5}})


def test_the_engines_values_are_not_changed_in_place() -> None:
    given = {"runtime": {"replica_count": 1.0}, "ports": [8080.0]}
    converted = whole_numbers(given)
    assert exactly(given) == exactly({"runtime": {"replica_count": 1.0}, "ports": [8080.0]})
    assert converted["runtime"] is not given["runtime"]
