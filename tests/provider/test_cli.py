"""`datarobot-workloads`: its help says what each command is for and what to run next."""

from __future__ import annotations

import pytest
from datarobot_workloads_provider.cli import build_parser


def test_adopt_pending_help_names_the_situation_and_the_next_steps(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as ended:
        build_parser().parse_args(["adopt-pending", "--help"])
    assert ended.value.code == 0
    text = " ".join(capsys.readouterr().out.split())  # argparse wraps lines
    assert "pulumi refresh --yes" in text
    assert "killed" in text
    assert "exit status" in text


def test_a_command_is_required() -> None:
    with pytest.raises(SystemExit) as ended:
        build_parser().parse_args([])
    assert ended.value.code == 2
