"""The client stays below the provider: it imports only itself, `contract` and `version`.

The client is the layer that talks to the API; the lifecycle and the front doors sit on
top of it (docs/architecture.md, "The data path"). An import the other way would tie the
HTTP layer to provider rules and, sooner or later, make an import cycle.
"""

from __future__ import annotations

import ast
import gc
from pathlib import Path

import datarobot_workloads_provider

PACKAGE = Path(datarobot_workloads_provider.__file__).parent


def _parse(source: str) -> ast.Module:
    """`ast.parse` with no garbage collection inside it. Engine tests earlier in the same
    process leave finished Pulumi coroutines behind; a collection that finalizes them in
    the middle of `ast.parse` makes CPython 3.11.2 fail with "AST constructor recursion
    depth mismatch"."""
    gc.collect()
    gc.disable()
    try:
        return ast.parse(source)
    finally:
        gc.enable()


def _package_imports(module: Path) -> set[str]:
    """The modules of our package that `module` imports, as dotted names under it."""
    relative_to = module.relative_to(PACKAGE).parent.parts
    found: set[str] = set()
    for node in ast.walk(_parse(module.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(relative_to[: len(relative_to) - node.level + 1])
                target = ".".join([*base, *(node.module.split(".") if node.module else [])])
                found.add(target)
            elif node.module and node.module.startswith("datarobot_workloads_provider."):
                found.add(node.module.removeprefix("datarobot_workloads_provider."))
    return found


def _imports_of(folder: str) -> dict[str, set[str]]:
    return {
        str(path.relative_to(PACKAGE)): _package_imports(path)
        for path in sorted((PACKAGE / folder).glob("*.py"))
    }


# Leaf modules of the package the client may use: they import nothing of it.
LEAVES = ("version", "plain_scalars")


def test_the_client_imports_only_itself_the_contract_and_leaves() -> None:
    for module, imports in _imports_of("client").items():
        outside = {i for i in imports if not i.startswith(("client", "contract", *LEAVES))}
        assert not outside, f"{module} imports {sorted(outside)}"
    for leaf in LEAVES:
        assert _package_imports(PACKAGE / f"{leaf}.py") == set()


def test_the_contract_imports_nothing_else_of_the_package() -> None:
    for module, imports in _imports_of("contract").items():
        outside = {i for i in imports if not i.startswith("contract")}
        assert not outside, f"{module} imports {sorted(outside)}"
