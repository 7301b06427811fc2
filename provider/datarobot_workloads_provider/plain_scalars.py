"""The scalar rules of the plain readers, each declared once.

Two readers skip pydantic for what is plainly fine and hand the rest to it:
`client/plain_parse` reads API answers into records as the pydantic wire models would, and
`plain_validation` normalizes users' inputs as the strict input models would. Of every
scalar both ask one question: is this value plainly of its declared type, and what does
it become? A rule answers it once, as the source of an `if` branch: a plain value takes
it (and is converted in place where pydantic converts it), a value only pydantic may
judge raises `NotPlain` in it, and any other value falls past it. `plain_parse` writes
the branch inline into the reader it compiles per record, since a call per field costs
more than pydantic's own compiled validator; a list's items and `plain_validation` call
the rule's function, compiled from the same source.

The readers' rules differ where their references differ, and the two tables say where:
answers are read as pydantic's lax mode reads them (`ANSWERS`), inputs as the strict
models check them (`INPUTS`). In both, a str and a bool are exactly themselves (True is
no int), and a float is finite.

This module imports nothing of the package, so the client (which may import only itself,
the contract and such leaves) and the provider above it share it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

EXACT_FLOAT = 2**53
"""The largest number read as the exactly equal float (or a whole float as that int);
beyond it pydantic decides."""


class NotPlain(Exception):
    """This value needs pydantic (it may be fine, but only pydantic may say, and only
    pydantic may word the error)."""


BRANCH_NAMES: dict[str, Any] = {
    "NotPlain": NotPlain,
    "EXACT": EXACT_FLOAT,
    "isfinite": math.isfinite,
}
"""The names a rule's branch uses: code a branch is written into runs in a namespace
holding them."""


class ScalarRule:
    """`branch` is the rule's source, on a variable written `{value}`; `read` runs it:
    the value as the branch leaves it, or NotPlain for a value that falls past it. (A
    plain class, not a dataclass: every provider process imports this module, and a
    dataclass costs a few tenths of a millisecond to make.)"""

    __slots__ = ("branch", "read")

    def __init__(self, *branch: str) -> None:
        self.branch = branch
        source = [
            "def read(value):",
            *_written(branch, "value", "    "),
            "    else:",
            "        raise NotPlain",
            "    return value",
        ]
        namespace = dict(BRANCH_NAMES)
        exec("\n".join(source), namespace)
        self.read: Callable[[Any], Any] = namespace["read"]

    def lines(self, value: str, pad: str) -> list[str]:
        """The branch on the variable `value`, indented by `pad`: an `if` (or `if` and
        `elif`s) the caller may continue with its own `elif`s and `else`."""
        return _written(self.branch, value, pad)


def _written(branch: tuple[str, ...], value: str, pad: str) -> list[str]:
    return [pad + line.format(value=value) for line in branch]


EXACTLY_STR = ScalarRule("if type({value}) is str:", "    pass")
EXACTLY_BOOL = ScalarRule("if type({value}) is bool:", "    pass")

EXACTLY_INT = ScalarRule("if type({value}) is int:", "    pass")
"""The strict models' int: an int and nothing else. The front doors have already made
every whole double of the inputs an int (`engine_numbers`), so 8080.0 is 8080 here."""

INT_OR_WHOLE_DOUBLE = ScalarRule(
    "if type({value}) is int:",
    "    pass",
    "elif type({value}) is float and {value}.is_integer():",
    "    if not -EXACT <= {value} <= EXACT:",
    "        raise NotPlain",
    "    {value} = int({value})",
)
"""pydantic's lax int: a whole double is that int (8080.0 is 8080), as a server may
write one. (The provider's own inputs, which it also reads with the wire records, have
whole numbers as ints already: the front doors' `engine_numbers`.)"""

FINITE_OR_INT = ScalarRule(
    "if type({value}) is float:",
    "    if not isfinite({value}):",
    "        raise NotPlain",
    "elif type({value}) is int:",
    "    {value} = float({value})",
)
"""The strict models' float, which takes whole numbers (`schema`: a float field is not
strict): any int becomes its float. An input's ints were doubles on the engine's wire."""

FINITE_OR_EXACT_INT = ScalarRule(
    "if type({value}) is float:",
    "    if not isfinite({value}):",
    "        raise NotPlain",
    "elif type({value}) is int and -EXACT <= {value} <= EXACT:",
    "    {value} = float({value})",
)
"""pydantic's lax float for an answer, whose ints may be any JSON integer: one within
2**53, whose float is exactly equal, is read plainly; a larger one is pydantic's."""

ANSWERS: dict[Any, ScalarRule] = {
    str: EXACTLY_STR,
    int: INT_OR_WHOLE_DOUBLE,
    bool: EXACTLY_BOOL,
    float: FINITE_OR_EXACT_INT,
}
"""An answer's scalars, as the wire models (pydantic's lax mode) read them."""

INPUTS: dict[Any, ScalarRule] = {
    str: EXACTLY_STR,
    int: EXACTLY_INT,
    bool: EXACTLY_BOOL,
    float: FINITE_OR_INT,
}
"""An input's scalars, as the strict input models (`schema`) check them; ranges and
lengths are the declarations' (`plain_validation`)."""
