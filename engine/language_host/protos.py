"""The generated gRPC stubs of the language protocol, imported without the whole SDK.

``import pulumi.runtime.proto...`` runs ``pulumi/__init__`` first, which imports the
whole SDK (about 0.4 s more at every host start, i.e. at every ``pulumi`` command).
The stubs only need protobuf, so the three parent packages are registered as bare
namespaces pointing at the right folders and just the generated modules are imported.
"""

from __future__ import annotations

import importlib.util
import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING

__all__ = ["empty_pb2", "lang", "lang_grpc", "plugin_pb2"]


def _load_protos() -> tuple[types.ModuleType, types.ModuleType, types.ModuleType]:
    """Import the stubs shipped in the ``pulumi`` wheel; the SDK itself stays unloaded."""
    spec = importlib.util.find_spec("pulumi")
    if spec is None or spec.origin is None:
        raise ImportError("the 'pulumi' package is not installed")
    root = Path(spec.origin).parent
    if "pulumi" not in sys.modules:
        for name, folder in (
            ("pulumi", root),
            ("pulumi.runtime", root / "runtime"),
            ("pulumi.runtime.proto", root / "runtime" / "proto"),
        ):
            module = types.ModuleType(name)
            module.__path__ = [str(folder)]
            sys.modules[name] = module
    from pulumi.runtime.proto import language_pb2, language_pb2_grpc, plugin_pb2

    return language_pb2, language_pb2_grpc, plugin_pb2


if TYPE_CHECKING:
    from google.protobuf import empty_pb2  # type: ignore[import-untyped]
    from pulumi.runtime.proto import language_pb2 as lang
    from pulumi.runtime.proto import language_pb2_grpc as lang_grpc
    from pulumi.runtime.proto import plugin_pb2
else:
    lang, lang_grpc, plugin_pb2 = _load_protos()
    from google.protobuf import empty_pb2
