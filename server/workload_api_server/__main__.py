"""`python -m workload_api_server` works without the console script (the launcher uses it)."""

from __future__ import annotations

import sys

from workload_api_server.cli import main

if __name__ == "__main__":
    sys.exit(main())
