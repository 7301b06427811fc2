"""Turning typed args into the property bag a dynamic resource registers, auto-naming, and
the resource classes' annotations as the Pulumi SDK reads them."""

from __future__ import annotations

import copy
import dataclasses
import inspect
from typing import Any, TypeVar

import pulumi
from datarobot_workloads_provider.naming import DERIVED_NAME_MARK, default_api_name
from datarobot_workloads_provider.replace_on_changes import REPLACE_ON_CHANGES

ResourceClass = TypeVar("ResourceClass", bound=type)


def plain(value: Any) -> Any:
    """Dataclass args become dicts (None fields dropped); Outputs are left for Pulumi."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if getattr(value, f.name) is not None
        }
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def auto_name(resource_name: str, type_name: str, parent_type: str = "") -> str:
    """The API name when none is given: the Pulumi name plus a suffix unique per stack.

    The suffix is derived, not random, so `preview` shows the name `up` will use, and the
    name stays the same across updates.
    """
    project, stack = pulumi.get_project(), pulumi.get_stack()
    return default_api_name(project, stack, type_name, resource_name, parent_type)


def name_when_missing(
    props: dict[str, Any],
    resource_name: str,
    type_name: str,
    opts: pulumi.ResourceOptions | None,
) -> None:
    """Gives `props` the derived name when the program gives none, marked as derived: the
    provider's check then keeps the name the object already has (`naming.kept_name`), so
    an alias or a new parent does not rename it. Under a parent the parent's type joins
    the derivation, so resources of one name under components of different types are
    named apart, as the plugin names them from their URNs."""
    if props.get("name") is not None:
        return
    parent = opts.parent if opts is not None else None
    # The Pulumi SDK keeps a resource's type as `_type` (its URN is only known later).
    parent_type = getattr(parent, "_type", "") if parent is not None else ""
    props["name"] = auto_name(resource_name, type_name, parent_type)
    props[DERIVED_NAME_MARK] = True


def import_as_adoption(
    props: dict[str, Any], opts: pulumi.ResourceOptions | None
) -> pulumi.ResourceOptions | None:
    """`import_=ID` becomes `adopt_id=ID`: the engine's import reads the object without
    the dynamic provider's reference (pulumi/pulumi#16175) and fails in the SDK, while
    adoption takes the object over at its create, as the option asks."""
    if opts is None or not opts.import_:
        return opts
    if props.get("adopt_id") is None:
        props["adopt_id"] = opts.import_
    adopting = copy.copy(opts)
    adopting.import_ = None
    return adopting


def carry_replace_on_changes(props: dict[str, Any], opts: pulumi.ResourceOptions | None) -> None:
    """Hands the option's paths to the provider's diff, which the dynamic provider host
    gives no changed keys to apply it to (`replace_on_changes` in the provider)."""
    if opts is not None and opts.replace_on_changes:
        props[REPLACE_ON_CHANGES] = list(opts.replace_on_changes)


def apply_options(
    props: dict[str, Any],
    resource_name: str,
    type_name: str,
    opts: pulumi.ResourceOptions | None,
) -> pulumi.ResourceOptions | None:
    """What each resource class does to its property bag before registering it: its
    derived name, and the resource options the dynamic provider host would lose. Returns
    the options to register with."""
    name_when_missing(props, resource_name, type_name, opts)
    opts = import_as_adoption(props, opts)
    carry_replace_on_changes(props, opts)
    return opts


def with_outputs(inputs: dict[str, Any], output_names: tuple[str, ...]) -> dict[str, Any]:
    """Declares output properties (None) so Pulumi exposes them as attributes."""
    props = {k: v for k, v in inputs.items() if v is not None}
    for key in output_names:
        props.setdefault(key, None)
    return props


def evaluated_annotations(cls: ResourceClass) -> ResourceClass:
    """Evaluates a resource class's attribute annotations once, when its module is imported.

    The Pulumi SDK reads them to type the outputs of each registration (an `int` output
    arrives from the engine as a float and is turned back into an int), and it reads
    them again for every resource it registers. Left as the strings `from __future__
    import annotations` makes them, each registration compiles and evaluates every one
    of them anew (0.1-0.2 ms per resource of ours, against a few microseconds for a
    resource with one property); evaluated here, the SDK finds the same types ready.
    """
    cls.__annotations__ = inspect.get_annotations(cls, eval_str=True)
    return cls
