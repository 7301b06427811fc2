"""A failing test is reported as a failure, even when CPython 3.11.7 cannot render it.

Writing a failure's report, pytest parses the failing test's source file. On CPython
3.11 before 3.11.8 that parse can raise `SystemError: AST constructor recursion depth
mismatch` when the garbage collector runs finalizers in the middle of it (the same fault
`tests/provider/client/test_layers.py` avoids for its own parse). The error escapes
pytest's report hook and ends the whole run as an internal error, hiding which test
failed and why. Here the report is made once more with the collector paused, so the run
goes on and the failure is shown.
"""

from __future__ import annotations

import gc
from collections.abc import Generator
from typing import Any

import pytest

AST_FAULT = "AST constructor recursion depth mismatch"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Any, pytest.TestReport]:
    try:
        report: pytest.TestReport = yield
    except SystemError as error:
        if AST_FAULT not in str(error):
            raise
        gc.collect()
        gc.disable()
        try:
            report = pytest.TestReport.from_item_and_call(item, call)
        finally:
            gc.enable()
    return report
