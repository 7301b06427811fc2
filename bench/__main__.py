"""`python -m bench` is the same as `python -m bench.run`, the shorter name being easier to type."""

from __future__ import annotations

import sys

from bench.run import main

if __name__ == "__main__":
    sys.exit(main())
