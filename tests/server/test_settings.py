"""Token grants from `--token` and `--tokens-file`, and settings validation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from workload_api_server.settings import (
    DEFAULT_GRANT,
    Settings,
    SettingsError,
    TokenGrant,
    load_tokens_file,
    parse_token_spec,
)


def test_token_spec() -> None:
    assert parse_token_spec("t:alice:viewer") == TokenGrant("t", "alice", "viewer")
    assert parse_token_spec("a:b:c:alice:editor") == TokenGrant("a:b:c", "alice", "editor")


@pytest.mark.parametrize("spec", ["t", "t:alice", "t:alice:admin", ":alice:editor", "t::editor"])
def test_bad_token_specs(spec: str) -> None:
    with pytest.raises(SettingsError):
        parse_token_spec(spec)


def test_tokens_file(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    path.write_text(json.dumps([{"token": "t1", "owner": "o", "role": "viewer"}]))
    path.chmod(0o600)
    assert load_tokens_file(path) == (TokenGrant("t1", "o", "viewer"),)


@pytest.mark.parametrize(
    "content",
    [
        "{}",
        "not json",
        json.dumps([{"token": "t"}]),
        json.dumps([{"token": "t", "owner": "o", "role": "root"}]),
        json.dumps([{"token": 1, "owner": "o", "role": "editor"}]),
        json.dumps([{"token": "t", "owner": "o", "role": "editor", "x": 1}]),
    ],
)
def test_bad_tokens_files(tmp_path: Path, content: str) -> None:
    path = tmp_path / "tokens.json"
    path.write_text(content)
    path.chmod(0o600)
    with pytest.raises(SettingsError):
        load_tokens_file(path)


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o620, 0o602, 0o660, 0o666, 0o700 | 0o010])
def test_tokens_file_others_may_read_or_change_is_refused(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "tokens.json"
    path.write_text(json.dumps([{"token": "t1", "owner": "o", "role": "viewer"}]))
    path.chmod(mode)
    with pytest.raises(SettingsError) as refused:
        load_tokens_file(path)
    message = str(refused.value)
    assert f"permissions {mode:04o}" in message
    assert "other users" in message and f"chmod 600 {path}" in message


def test_tokens_file_owner_only_modes_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    path.write_text(json.dumps([{"token": "t1", "owner": "o", "role": "viewer"}]))
    for mode in (0o600, 0o400):
        path.chmod(mode)
        assert load_tokens_file(path) == (TokenGrant("t1", "o", "viewer"),)


def test_missing_tokens_file(tmp_path: Path) -> None:
    with pytest.raises(SettingsError):
        load_tokens_file(tmp_path / "absent.json")


def test_default_grant_only_without_tokens(tmp_path: Path) -> None:
    assert Settings(data_dir=tmp_path).grants() == (DEFAULT_GRANT,)
    grant = TokenGrant("x", "o", "editor")
    assert Settings(data_dir=tmp_path, tokens=(grant,)).grants() == (grant,)


def test_invalid_settings(tmp_path: Path) -> None:
    with pytest.raises(SettingsError):
        Settings(data_dir=tmp_path, step_seconds=-1)
    with pytest.raises(SettingsError):
        Settings(
            data_dir=tmp_path,
            tokens=(TokenGrant("t", "a", "editor"), TokenGrant("t", "b", "editor")),
        )
    with pytest.raises(SettingsError, match="max_body_bytes"):
        Settings(data_dir=tmp_path, max_body_bytes=0)
    with pytest.raises(SettingsError, match="max_log_bytes"):
        Settings(data_dir=tmp_path, max_log_bytes=1000)
    with pytest.raises(SettingsError, match="dialects"):
        Settings(data_dir=tmp_path, dialects="newest")  # type: ignore[arg-type]
    with pytest.raises(SettingsError, match="rollout_minute_seconds"):
        Settings(data_dir=tmp_path, rollout_minute_seconds=-1)
