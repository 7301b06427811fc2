"""The plain parser gives what the pydantic wire models give, and never passes what they refuse.

A record parses a plainly well-formed answer itself (`plain_parse`) and hands anything
else to the pydantic model derived from the same declaration (`wire_models`). These tests
hold the two together: answers generated from the declarations, odd answers (wrong types,
strings pydantic coerces, missing fields), and the local server's real answers in both
dialects. Results are compared by `repr`, which shows types too (1.0 is not 1).
"""

from __future__ import annotations

from typing import Any

import pydantic
import pytest
from datarobot_workloads_provider.client import models, records
from datarobot_workloads_provider.client.plain_parse import plain_record
from datarobot_workloads_provider.client.record_fields import (
    WireField,
    is_record,
    list_item,
    wire_fields,
)
from datarobot_workloads_provider.client.wire_models import model_of, validate
from datarobot_workloads_provider.plain_scalars import NotPlain
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic.alias_generators import to_camel

from tests.support.answers import exercise

ANSWERS: list[type[records.Record]] = [
    models.Artifact,
    models.Workload,
    models.Deployment,
    models.DeploymentStats,
    models.Repository,
    models.Replacement,
    models.Page,
]
EVERY_RECORD = [*ANSWERS, *models.SHAPE_RECORDS.values()]
FLAGS = [(False, False), (True, False), (False, True), (True, True)]
# A shared, loaded machine must not fail a property for its speed or its examples' size.
EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=4),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=6,
)


def _values(value_type: Any) -> st.SearchStrategy[Any]:
    """Values of exactly a declared type, as JSON would hold them."""
    if is_record(value_type):
        return st.deferred(lambda: _answer(value_type))
    item = list_item(value_type)
    if item is not None:
        return st.lists(_values(item), max_size=2)
    plain: dict[Any, st.SearchStrategy[Any]] = {
        str: st.text(max_size=6),
        int: st.integers(),
        bool: st.booleans(),
        # JSON's numbers: a float field may be sent an integer.
        float: st.floats(allow_nan=False, allow_infinity=False)
        | st.integers(min_value=-(2**53), max_value=2**53),
    }
    if value_type in plain:
        return plain[value_type]
    return st.dictionaries(st.text(max_size=4), JSON, max_size=3)


def _field(item: WireField) -> st.SearchStrategy[Any]:
    values = _values(item.value)
    return st.none() | values if item.nullable else values


def _answer(record: type[records.Record]) -> st.SearchStrategy[dict[str, Any]]:
    """A well-formed answer: required fields present, others maybe, unknown keys too."""
    fields = wire_fields(record)
    required = {f.alias: _field(f) for f in fields if f.default is None}
    optional = {f.alias: _field(f) for f in fields if f.default is not None}
    unknown = st.dictionaries(st.text(max_size=4).map(lambda k: f"unknown-{k}"), JSON, max_size=2)
    return st.builds(
        lambda known, extra: {**extra, **known},
        st.fixed_dictionaries(required, optional=optional),
        unknown,
    )


@st.composite
def _snake_named(draw: st.DrawFn, record: type[records.Record]) -> dict[str, Any]:
    """A well-formed answer with some keys under their snake_case names instead, or
    beside their camelCase ones (which win, in pydantic's `populate_by_name`)."""
    body = draw(_answer(record))
    for item in wire_fields(record):
        if item.alias == item.name or item.alias not in body:
            continue
        move = draw(st.sampled_from(["keep", "rename", "shadow"]))
        if move == "rename":
            body[item.name] = body.pop(item.alias)
        elif move == "shadow":
            body[item.name] = draw(JSON)
    return body


def _odd(record: type[records.Record]) -> st.SearchStrategy[Any]:
    """Anything near a well-formed answer: any field may be missing or any JSON."""
    fields = wire_fields(record)
    anything = {f.alias: _field(f) | JSON for f in fields}
    snake = {f.name: JSON for f in fields if f.name != f.alias}
    return st.fixed_dictionaries({}, optional={**anything, **snake}) | JSON


def assert_same_as_pydantic(record: type[records.Record], body: Any) -> None:
    """The plain result equals pydantic's (types too), or the plain path steps aside and
    the record is exactly what pydantic makes of the answer, error included."""
    try:
        expected: Any = validate(record, body)
        error = None
    except pydantic.ValidationError as exc:
        expected, error = None, exc
    try:
        plain = plain_record(record, body)
    except NotPlain:
        plain = None
    if plain is not None:
        assert error is None, f"plain accepted what pydantic refuses: {body!r}"
        assert repr(plain) == repr(expected)
        model = model_of(record).model_validate(body)
        for by_alias, exclude_none in FLAGS:
            dumped = plain.model_dump(by_alias=by_alias, exclude_none=exclude_none)
            assert repr(dumped) == repr(
                model.model_dump(by_alias=by_alias, exclude_none=exclude_none)
            )
    if error is None:
        assert repr(record.model_validate(body)) == repr(expected)
    else:
        with pytest.raises(pydantic.ValidationError) as caught:
            record.model_validate(body)
        assert str(caught.value) == str(error)


@pytest.mark.parametrize("record", ANSWERS, ids=lambda r: r.__name__)
@EXAMPLES
@given(data=st.data())
def test_well_formed_answers_are_parsed_plainly_as_pydantic_parses_them(
    record: type[records.Record], data: st.DataObject
) -> None:
    body = data.draw(_snake_named(record))
    assert_same_as_pydantic(record, body)
    plain_record(record, body)  # and plainly: no NotPlain


@pytest.mark.parametrize("record", ANSWERS, ids=lambda r: r.__name__)
@EXAMPLES
@given(data=st.data())
def test_odd_answers_are_parsed_alike_or_left_to_pydantic(
    record: type[records.Record], data: st.DataObject
) -> None:
    assert_same_as_pydantic(record, data.draw(_odd(record)))


@pytest.mark.parametrize(
    ("body", "coerced"),
    [
        ({"id": "w", "status": "running", "runtime": {"replicaCount": "2"}}, 2),
        ({"id": "w", "status": "running", "runtime": {"replicaCount": True}}, 1),
        ({"id": "w", "status": "running", "runtime": {"replicaCount": 2.0**60}}, 2**60),
    ],
)
def test_what_pydantic_would_coerce_goes_to_pydantic(body: dict[str, Any], coerced: int) -> None:
    with pytest.raises(NotPlain):
        plain_record(models.Workload, body)
    workload = models.Workload.model_validate(body)
    assert workload.runtime is not None and workload.runtime.replica_count == coerced
    assert type(workload.runtime.replica_count) is int
    assert isinstance(workload.runtime, models.Runtime)


def test_a_whole_double_where_an_int_is_declared_is_read_as_pydantic_reads_it() -> None:
    """Inputs cross the engine's wire as doubles (a port of 8080 arrives as 8080.0), and
    the provider reads an artifact's spec from its inputs with these records."""
    spec = {"containerGroups": [{"containers": [{"imageUri": "i", "port": 8080.0}]}]}
    plain = plain_record(models.ArtifactSpec, spec)
    assert plain == models.ArtifactSpec.model_validate(spec)
    port = plain.container_groups[0].containers[0].port
    assert port == 8080 and type(port) is int
    workload = {"id": "w", "status": "running", "runtime": {"replicaCount": 2.0}}
    assert plain_record(models.Workload, workload).runtime.replica_count == 2
    assert_same_as_pydantic(models.Workload, workload)


@pytest.mark.parametrize("count", [2.5, float("inf"), float("nan")])
def test_a_double_that_is_no_whole_number_is_left_to_pydantic(count: float) -> None:
    body = {"id": "w", "status": "running", "runtime": {"replicaCount": count}}
    with pytest.raises(NotPlain):
        plain_record(models.Workload, body)
    with pytest.raises(pydantic.ValidationError):
        models.Workload.model_validate(body)


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        {"status": "running"},  # no id
        {"id": 7, "status": "running"},
        {"id": "w", "status": None},
        {"id": "w", "status": "running", "runtime": []},
    ],
)
def test_a_malformed_answer_fails_with_pydantics_own_error(body: Any) -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        models.Workload.model_validate(body)
    assert "validation error for Workload" in str(caught.value)
    assert_same_as_pydantic(models.Workload, body)


def test_the_local_servers_answers_in_both_dialects_are_plain_and_alike(
    api_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[type[records.Record], Any]] = []

    def spy(record: type[records.Record], body: Any) -> Any:
        seen.append((record, body))
        return plain_record(record, body)

    monkeypatch.setattr(records, "plain_record", spy)
    exercise(api_server.base_url, "records")
    monkeypatch.undo()  # compare below with the record's own path
    kinds = {record for record, _ in seen}
    assert set(ANSWERS) <= kinds, kinds
    dialects = {body.get("dialect", "older") for record, body in seen if record is models.Workload}
    assert dialects == {"older", "current"}
    for record, body in seen:
        plain_record(record, body)  # every real answer is plain
        assert_same_as_pydantic(record, body)


@pytest.mark.parametrize("record", EVERY_RECORD, ids=lambda r: r.__name__)
def test_wire_names_are_pydantics_camel_case(record: type[records.Record]) -> None:
    assert [f.alias for f in wire_fields(record)] == [to_camel(f.name) for f in wire_fields(record)]
    model = model_of(record)
    assert [f.alias for f in model.model_fields.values()] == [f.alias for f in wire_fields(record)]


def test_records_behave_alike_whichever_path_made_them() -> None:
    body = {
        "id": "a",
        "name": "a",
        "status": "draft",
        "version": 2,
        "spec": {"containerGroups": []},
    }
    plain = models.Artifact.model_validate(body)
    fallback = models.Artifact.model_validate({**body, "version": "2"})  # pydantic coerces
    assert plain == fallback and type(plain) is type(fallback) is models.Artifact
    assert isinstance(plain.spec, models.ArtifactSpec)
    assert plain.model_dump(by_alias=True, exclude_none=True) == {
        "dialect": "older",
        "id": "a",
        "name": "a",
        "status": "draft",
        "spec": {"containerGroups": []},
        "version": 2,
    }
    copied = plain.model_copy(update={"dialect": "current"})
    assert copied.dialect == "current" and plain.dialect == "older"
    with pytest.raises(AttributeError):
        plain.status = "registered"  # type: ignore[misc]


def test_a_record_is_built_by_keyword_with_its_declared_defaults() -> None:
    made = models.Replacement(status="completed", candidate_artifact_id="a")
    assert made == models.Replacement.model_validate(
        {"status": "completed", "candidateArtifactId": "a"}
    )
    assert models.Page().data == [] and models.Page().data is not models.Page().data
    assert hash(made) == hash(models.Replacement(status="completed", candidate_artifact_id="a"))
    with pytest.raises(TypeError, match="'id'"):
        models.Deployment(name="d", workload_id="w")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="'colour'"):
        models.Replacement(colour="red")  # type: ignore[call-arg]
