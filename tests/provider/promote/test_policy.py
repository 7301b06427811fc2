"""The target's `promotion:*` config: defaults, parsing, and errors that name the key."""

from __future__ import annotations

import pytest
from datarobot_workloads_provider.promote.errors import PromoteError
from datarobot_workloads_provider.promote.policy import DEFAULT_VERIFY_TIMEOUT, Policy


def test_no_key_means_no_gate_and_the_default_timeout() -> None:
    policy = Policy.from_config({"workloads-promotion:artifactVersion": "1"})
    assert policy == Policy()
    assert policy.verify_timeout_seconds == DEFAULT_VERIFY_TIMEOUT
    assert policy.describe() == []


def test_every_key_is_read() -> None:
    policy = Policy.from_config(
        {
            "promotion:source": "dev",
            "promotion:minAgeSeconds": "600",
            "promotion:healthPath": "/health",
            "promotion:maxServerErrors": "0",
            "promotion:versionPath": "/version",
            "promotion:verifyTimeoutSeconds": "30",
        }
    )
    assert policy == Policy("dev", 600, "/health", 0, "/version", 30)
    assert policy.describe() == [
        "promotion:minAgeSeconds=600",
        "promotion:healthPath=/health",
        "promotion:maxServerErrors=0",
    ]


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("promotion:minAgeSeconds", "ten", "a whole number >= 0"),
        ("promotion:maxServerErrors", "-1", "a whole number >= 0"),
        ("promotion:verifyTimeoutSeconds", "0", "a whole number >= 1"),
        ("promotion:healthPath", "health", "starting with '/'"),
        ("promotion:versionPath", "http://x/version", "starting with '/'"),
    ],
)
def test_a_bad_value_stops_the_command_naming_the_key(key: str, value: str, expected: str) -> None:
    with pytest.raises(PromoteError) as error:
        Policy.from_config({key: value})
    assert f"config {key}" in str(error.value)
    assert expected in str(error.value)
    assert repr(value) in str(error.value)
