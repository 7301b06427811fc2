"""What the server refuses on an address others can reach, and what it only warns about."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from workload_api_server.command.exposure import Exposure, bind_address, check_exposure, is_loopback
from workload_api_server.settings import SettingsError


def _refused(tmp_path: Path, *args: str) -> str:
    """Runs `serve` with `args`, expects the refusal exit, returns stderr."""
    data = tmp_path / "data"
    done = subprocess.run(
        [sys.executable, "-m", "workload_api_server", "serve", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert done.stdout == "", "no ready line: it never served"
    assert not data.exists(), "refused before opening anything"
    assert "Traceback" not in done.stderr
    return done.stderr


@pytest.mark.parametrize(
    ("address", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("::ffff:127.0.0.1", True),
        ("0.0.0.0", False),
        ("::", False),
        ("10.1.2.3", False),
        ("192.168.0.7", False),
        ("::ffff:10.0.0.1", False),
        ("not an address", False),
    ],
)
def test_loopback_addresses(address: str, loopback: bool) -> None:
    assert is_loopback(address) is loopback


def test_bind_address_resolves_names_as_binding_would() -> None:
    assert bind_address("localhost") in ("127.0.0.1", "::1")
    assert bind_address("") == "0.0.0.0"
    assert bind_address("0.0.0.0") == "0.0.0.0"
    assert bind_address("::1") == "::1"


def test_without_own_tokens_on_the_network(tmp_path: Path) -> None:
    err = _refused(tmp_path, "--host", "0.0.0.0")
    assert "refusing to listen on 0.0.0.0 (not a loopback address)" in err
    assert "'local-dev-token', which anyone can guess" in err
    assert "--tokens-file" in err and "--token TOKEN:OWNER:ROLE" in err and "127.0.0.1" in err


def test_empty_tokens_file_is_no_tokens(tmp_path: Path) -> None:
    tokens = tmp_path / "tokens.json"
    tokens.write_text("[]")
    tokens.chmod(0o600)
    err = _refused(tmp_path, "--host", "0.0.0.0", "--tokens-file", str(tokens))
    assert "with the built-in token" in err


def test_test_controls_on_the_network(tmp_path: Path) -> None:
    err = _refused(tmp_path, "--host", "0.0.0.0", "--token", "t:o:editor", "--test-controls")
    assert "refusing --test-controls on 0.0.0.0" in err
    assert "take no token" in err and "--host 127.0.0.1" in err
    assert "built-in token" not in err, "own tokens were given"


def test_process_runtime_on_the_network(tmp_path: Path) -> None:
    err = _refused(tmp_path, "--host", "0.0.0.0", "--token", "t:o:editor", "--runtime", "process")
    assert "refusing --runtime process on 0.0.0.0" in err
    assert "any command" in err and "--allow-network-process-runtime" in err


def test_every_refusal_is_named_at_once(tmp_path: Path) -> None:
    err = _refused(tmp_path, "--host", "0.0.0.0", "--test-controls", "--runtime", "process")
    lines = [line for line in err.splitlines() if line.startswith("workload-api: refusing")]
    assert len(lines) == 3, err


def test_tokens_file_others_can_read(tmp_path: Path) -> None:
    tokens = tmp_path / "tokens.json"
    tokens.write_text(json.dumps([{"token": "t", "owner": "o", "role": "editor"}]))
    tokens.chmod(0o644)
    err = _refused(tmp_path, "--tokens-file", str(tokens))
    assert "permissions 0644 let other users read or change it" in err
    assert f"chmod 600 {tokens}" in err


def _exposure(address: str, **overrides: object) -> Exposure:
    fields: dict[str, object] = {
        "address": address,
        "explicit_tokens": True,
        "runtime": "simulated",
        "allow_network_process_runtime": False,
        "test_controls": False,
    }
    fields.update(overrides)
    return Exposure(**fields)  # type: ignore[arg-type]


def test_loopback_allows_the_defaults() -> None:
    risky = {"explicit_tokens": False, "runtime": "process", "test_controls": True}
    assert check_exposure(_exposure("127.0.0.1", **risky)) == []
    assert check_exposure(_exposure("::1", **risky)) == []


def test_network_with_own_tokens_is_allowed_quietly() -> None:
    assert check_exposure(_exposure("0.0.0.0")) == []


def test_process_runtime_on_the_network_when_allowed_warns_once() -> None:
    exposure = _exposure("10.0.0.5", runtime="process", allow_network_process_runtime=True)
    warnings = check_exposure(exposure)
    assert len(warnings) == 1
    assert warnings[0].startswith("warning: --runtime process on 10.0.0.5")
    assert "any command on this machine" in warnings[0]


def test_allowing_the_process_runtime_does_not_allow_the_default_token() -> None:
    exposure = _exposure(
        "0.0.0.0", runtime="process", allow_network_process_runtime=True, explicit_tokens=False
    )
    with pytest.raises(SettingsError, match="built-in token"):
        check_exposure(exposure)
