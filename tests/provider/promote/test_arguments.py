"""`datarobot-workloads promote --help` says the steps, the policy keys and the exits."""

from __future__ import annotations

import pytest
from datarobot_workloads_provider.cli import build_parser


def test_help_walks_the_steps_names_the_gates_and_the_exit_statuses(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as ended:
        build_parser().parse_args(["promote", "--help"])
    assert ended.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    for words in (
        "promotion:minAgeSeconds",
        "promotion:healthPath",
        "promotion:maxServerErrors",
        "promotion:versionPath",
        "promotion:history",
        "--dry-run",
        "3 rolled back",
        "130 interrupted",
    ):
        assert words in text


def test_the_target_is_required_and_version_excludes_artifact_id() -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["promote", "--from", "dev"])
    with pytest.raises(SystemExit):
        build_parser().parse_args(["promote", "--to", "p", "--version", "2", "--artifact-id", "a"])
    args = build_parser().parse_args(["promote", "--to", "prod", "--version", "2", "--yes"])
    assert (args.target, args.source, args.version, args.yes, args.dry_run) == (
        "prod",
        None,
        2,
        True,
        False,
    )
