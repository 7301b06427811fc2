"""A provider-only install: the SDK, the provider and the plugin never load the server."""

from __future__ import annotations

import json
import subprocess
import sys

SERVER_ROOTS = ("workload_api_server", "fastapi", "starlette", "uvicorn", "uvloop", "httptools")

# Everything a program process and the provider's host import: the SDK, every provider
# module (the host unpickles the providers and runs their lifecycle), the plugin's.
_IMPORT_ALL = """
import importlib, json, pkgutil, sys
import pulumi_datarobot_workloads
import datarobot_workloads_provider as provider
for info in pkgutil.walk_packages(provider.__path__, provider.__name__ + "."):
    importlib.import_module(info.name)
roots = %r
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in roots)))
"""


def test_sdk_and_provider_import_no_server_module() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_ALL % (SERVER_ROOTS,)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_workload_api_without_the_server_extra_says_how_to_get_it() -> None:
    hide = "import sys; sys.modules['fastapi'] = None; sys.modules['uvicorn'] = None\n"
    run = "from workload_api_server.__main__ import main; raise SystemExit(main(['serve']))"
    done = subprocess.run(
        [sys.executable, "-c", hide + run], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert "fastapi, uvicorn" in done.stderr
    assert "pip install 'pulumi-datarobot-workloads[server]'" in done.stderr
    assert "Traceback" not in done.stderr
