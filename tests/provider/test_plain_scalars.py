"""Each scalar rule reads a value plainly only as its pydantic reference reads it.

`plain_scalars` declares the rules both plain readers use: answers' as pydantic's lax mode
reads them (the wire models), inputs' as the strict input models check them (a float field
there is lax: `schema`). These tests hold every rule to its reference on any scalar, and
pin the differences the two tables declare. The readers built on them have their own
tests against the real models (client/test_records.py, test_plain_validation.py).
"""

from __future__ import annotations

from typing import Any

import pydantic
import pytest
from datarobot_workloads_provider.plain_scalars import ANSWERS, INPUTS, NotPlain, ScalarRule
from hypothesis import given, settings
from hypothesis import strategies as st

STRICT = pydantic.ConfigDict(strict=True)
# (table, declared type, rule, the pydantic reading it stands for)
RULES: list[tuple[str, type, ScalarRule, pydantic.TypeAdapter[Any]]] = [
    *(("answers", kind, rule, pydantic.TypeAdapter(kind)) for kind, rule in ANSWERS.items()),
    *(
        ("inputs", kind, rule, pydantic.TypeAdapter(kind, config=None if kind is float else STRICT))
        for kind, rule in INPUTS.items()
    ),
]

EDGES = [8080.0, 2.0**53, -(2.0**53), 2.0**53 + 2, 2**53, 2**53 + 1, -(2**53) - 1, 0.5]
SCALARS = (
    st.none()
    | st.booleans()
    # An input's ints were doubles on the engine's wire: none is beyond a double's range.
    | st.integers(min_value=-(2**1023), max_value=2**1023)
    | st.floats()
    | st.text(max_size=4)
    | st.sampled_from(EDGES)
)


@pytest.mark.parametrize(
    ("table", "kind", "rule", "reference"), RULES, ids=[f"{r[0]}-{r[1].__name__}" for r in RULES]
)
@settings(max_examples=200, deadline=None)
@given(value=SCALARS)
def test_a_rule_reads_plainly_only_what_pydantic_reads_the_same(
    table: str, kind: type, rule: ScalarRule, reference: pydantic.TypeAdapter[Any], value: Any
) -> None:
    try:
        plain = rule.read(value)
    except NotPlain:
        return
    assert repr(plain) == repr(reference.validate_python(value)), (table, kind, value)


def test_a_bool_is_exactly_itself_in_both_tables() -> None:
    for table in (ANSWERS, INPUTS):
        assert table[bool].read(True) is True
        for kind in (int, float, str):
            with pytest.raises(NotPlain):
                table[kind].read(True)


def test_the_tables_differ_only_in_their_numbers() -> None:
    assert ANSWERS[str] is INPUTS[str] and ANSWERS[bool] is INPUTS[bool]
    # An answer's whole double is its int; an input's was made an int before the check.
    assert repr(ANSWERS[int].read(8080.0)) == "8080"
    with pytest.raises(NotPlain):
        INPUTS[int].read(8080.0)
    # An answer's int beyond a double's exact range is pydantic's; an input's never is.
    with pytest.raises(NotPlain):
        ANSWERS[float].read(2**53 + 1)
    assert INPUTS[float].read(2**53 + 1) == float(2**53 + 1)
