"""Tolerant parsing (issue 16, part 1): a body whose shape differs from its model is read
anyway, by default; ``strict=True`` raises ValidationError as before.

A required key that is absent leaves its field empty (reading it raises AbsentFieldError, an
AttributeError), a value of another type is kept as received, unknown keys are kept, and
``to_dict()`` gives back exactly the JSON received. Each difference is reported once per
model class and JSON key, as a ResponseShapeWarning.
"""

from __future__ import annotations

import asyncio
import copy
import json
import pickle
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Annotated, Any, Literal, cast
from uuid import UUID

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from templates.runtime._runtime import (
    UNSET,
    AbsentFieldError,
    ApiError,
    AsyncClientCore,
    AuthenticationError,
    Call,
    ClientCore,
    ErrorTable,
    Model,
    NotFoundError,
    ResponseShapeWarning,
    Tag,
    Unset,
    ValidationError,
    dump,
    load,
    raw,
    streamed,
)
from tests.work import within_calls


@pytest.fixture(autouse=True)
def _reported_afresh() -> Iterator[None]:
    """Differences are reported once per class and key per process: each test starts with
    none reported, so that it sees its own whatever ran before."""
    from templates.runtime._runtime import _REPORTED

    before = set(_REPORTED)
    _REPORTED.clear()
    yield
    _REPORTED.clear()
    _REPORTED.update(before)


def exact(value: Any) -> str:
    """JSON text, key order and number types included."""
    return json.dumps(value, ensure_ascii=False)


def shape_warnings(caught: list[warnings.WarningMessage]) -> list[str]:
    return [str(w.message) for w in caught if issubclass(w.category, ResponseShapeWarning)]


@dataclass(slots=True, kw_only=True)
class File(Model):
    added_count: int
    name: str
    type_: str = field(metadata={"json": "type"})


@dataclass(slots=True, kw_only=True)
class Job(Model):
    id: UUID
    status: Literal["COMPLETED", "FAILED"]
    created_time: datetime
    files: list[File]
    tags: list[str]
    counts: dict[str, int]
    score: float | Unset = UNSET
    note: str | Unset | None = UNSET


JOB: dict[str, Any] = {
    "id": "0b9a3f4e-2c1d-4e5f-8a9b-0c1d2e3f4a5b",
    "status": "COMPLETED",
    "created_time": "2021-05-11T12:38:29.120Z",
    "files": [{"added_count": 3, "name": "a.csv", "type": "data"}],
    "tags": ["x", "y"],
    "counts": {"a": 1, "b": 2},
    "score": 0.5,
    "note": None,
}


# --- A missing key ---------------------------------------------------------------------------


def test_a_missing_required_key_leaves_the_field_empty_and_reading_it_says_so() -> None:
    data = {k: v for k, v in JOB.items() if k != "status"}
    with pytest.warns(ResponseShapeWarning):
        job = Job.from_dict(data)
    with pytest.raises(AbsentFieldError) as raised:
        _ = job.status
    assert isinstance(raised.value, AttributeError)
    assert str(raised.value) == 'Job.status: the key "status" was absent in this response'
    assert not hasattr(job, "status")
    assert exact(job.to_dict()) == exact(data)
    assert exact(dump(job)) == exact(data)
    assert "status=" not in repr(job)
    assert repr(job).startswith("Job(id=UUID('0b9a3f4e-2c1d-4e5f-8a9b-0c1d2e3f4a5b'), created")
    job.status = "FAILED"  # assigned later: written like any field
    assert job.to_dict()["status"] == "FAILED"


def test_the_message_names_the_json_key_where_it_differs_from_the_attribute() -> None:
    with pytest.warns(ResponseShapeWarning):
        file = File.from_dict({"added_count": 1, "name": "n"})
    with pytest.raises(AbsentFieldError, match=r'^File\.type_: the key "type" was absent'):
        _ = file.type_
    with pytest.raises(AttributeError) as other:  # not a field: the usual error
        _ = file.nothing  # type: ignore[attr-defined]
    assert type(other.value) is AttributeError
    assert "'File' object has no attribute 'nothing'" in str(other.value)


def test_equality_counts_an_empty_slot_and_models_stay_unhashable() -> None:
    with pytest.warns(ResponseShapeWarning):
        first = File.from_dict({"added_count": 1, "type": "t"})
        second = File.from_dict({"type": "t", "added_count": 1})
    assert first == second
    assert first != File(added_count=1, name="n", type_="t")
    assert File(added_count=1, name="n", type_="t") != first
    with pytest.raises(TypeError, match="unhashable"):
        hash(first)
    assert repr(first) == "File(added_count=1, type_='t')"


def test_only_an_object_with_absent_keys_pays_for_naming_them() -> None:
    """A class with ``__getattr__`` sends every attribute read through a lookup hook (twice
    as slow, and never specialised): models have none; an object with absent keys is an
    instance of a subclass that has it, named as its model."""
    assert not hasattr(Job, "__getattr__")
    assert not hasattr(Job.from_dict(JOB), "__getattr__")
    data = {k: v for k, v in JOB.items() if k != "status"}
    with pytest.warns(ResponseShapeWarning):
        job = Job.from_dict(data)
    assert isinstance(job, Job)
    assert type(job).__name__ == type(job).__qualname__ == "Job"
    assert type(job).__module__ == Job.__module__
    assert type(job) is type(Job.from_dict(data))  # one subclass per model, made once
    assert type(pickle.loads(pickle.dumps(job))) is type(job)


def test_copies_and_pickles_keep_the_empty_slot_and_the_values_kept_as_received() -> None:
    data = {**JOB, "tags": {"not": "a list"}}
    del data["status"]
    with pytest.warns(ResponseShapeWarning):
        job = Job.from_dict(data)
    for twin in (copy.copy(job), copy.deepcopy(job), pickle.loads(pickle.dumps(job))):
        assert not hasattr(twin, "status")
        assert twin == job
        assert exact(twin.to_dict()) == exact(data)


# --- Values of another type ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("id", "<uuid>"),  # an OpenAPI placeholder where a format is declared
        ("id", 42),
        ("status", "ARCHIVED"),  # a closed enum meets a new value
        ("status", None),  # null where null is not allowed
        ("created_time", "yesterday"),
        ("created_time", 1620736709),
        ("score", "high"),
        ("score", True),  # bool is not a number
        ("note", 5),
        ("files", None),
        ("files", {"added_count": 1}),  # an object where a list is declared
        ("tags", {"a": 1}),  # list(...) of this would give ["a"]: written with dump
        ("tags", "x,y"),
        ("counts", [1, 2]),  # dict(...) of this would raise: written with dump
        ("counts", None),
    ],
)
def test_a_value_of_another_type_is_kept_as_received(key: str, value: Any) -> None:
    data = {**JOB, key: value}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        job = Job.from_dict(data)
    assert getattr(job, key) == value
    assert exact(job.to_dict()) == exact(data)
    assert [m.split(":")[:2] for m in shape_warnings(caught)] == [["Job", f" {key}"]]
    with pytest.raises(ValidationError, match=f"^{key}"):
        Job.from_dict(data, strict=True)


def test_a_container_keeps_the_elements_that_fit_and_the_others_as_received() -> None:
    data = {
        **JOB,
        "tags": ["x", 7, "z"],
        "counts": {"a": 1, "b": "two", "c": 3},
        "files": [JOB["files"][0], "not a file", {"added_count": "3", "name": "b", "type": "t"}],
    }
    with pytest.warns(ResponseShapeWarning):
        job = Job.from_dict(data)
    assert job.tags == ["x", 7, "z"]
    assert job.counts == {"a": 1, "b": "two", "c": 3}
    assert isinstance(job.files[0], File)
    assert cast(Any, job.files[1]) == "not a file"
    third = job.files[2]
    assert isinstance(third, File)
    assert third.added_count == "3"  # type: ignore[comparison-overlap]
    assert exact(job.to_dict()) == exact(data)


@dataclass(slots=True, kw_only=True)
class Stamps(Model):
    many: list[datetime]
    by_day: dict[str, UUID]


def test_formats_in_containers_keep_their_parsed_values_beside_the_odd_ones() -> None:
    data = {
        "many": ["2021-05-11T12:38:29Z", "<date-time>", "2021-05-12T00:00:00+02:00"],
        "by_day": {"mon": "0b9a3f4e-2c1d-4e5f-8a9b-0c1d2e3f4a5b", "tue": "<uuid>"},
    }
    with pytest.warns(ResponseShapeWarning):
        stamps = Stamps.from_dict(data)
    assert isinstance(stamps.many[0], datetime)
    assert stamps.many[1] == "<date-time>"
    assert isinstance(stamps.by_day["mon"], UUID)
    assert exact(stamps.to_dict()) == exact(data)


# --- Unions ----------------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class Cat(Model):
    meows: bool
    name: str


@dataclass(slots=True, kw_only=True)
class Dog(Model):
    barks: bool
    name: str


@dataclass(slots=True, kw_only=True)
class Owner(Model):
    pet: Cat | Dog
    id: int | str
    tagged: Annotated[Cat | Dog, Tag("kind")] | Unset = UNSET
    open_tagged: Annotated[Cat | Dog | dict[str, Any], Tag("kind")] | Unset = UNSET


Cat.__tag__ = "cat"  # type: ignore[attr-defined]
Dog.__tag__ = "dog"  # type: ignore[attr-defined]


def test_a_union_still_discriminates_strictly_before_it_tolerates() -> None:
    owner = Owner.from_dict({"pet": {"barks": True, "name": "Rex"}, "id": 1})
    assert isinstance(owner.pet, Dog)  # Cat comes first but does not fit: Dog does
    data = {"pet": {"barks": "loud", "name": "Rex"}, "id": 1.5}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        owner = Owner.from_dict(data)
    assert isinstance(owner.pet, Cat)  # none fits: the first member that takes an object
    assert not hasattr(owner.pet, "meows")
    assert owner.id == 1.5
    assert exact(owner.to_dict()) == exact(data)
    assert shape_warnings(caught) == [
        "Cat: meows: absent in this response (reading Cat.meows raises AbsentFieldError)",
        "Owner: id: expected int | str, got float; kept as received",
    ]
    with pytest.raises(ValidationError):
        Owner.from_dict(data, strict=True)


def test_a_tagged_union_reads_the_class_its_tag_names_leniently() -> None:
    base = {"pet": {"meows": True, "name": "Tom"}, "id": 1}
    data = {**base, "tagged": {"kind": "dog", "barks": "yes", "name": "Rex"}}
    with pytest.warns(ResponseShapeWarning):
        owner = Owner.from_dict(data)
    assert isinstance(owner.tagged, Dog)
    assert owner.tagged.barks == "yes"  # type: ignore[comparison-overlap]
    assert exact(owner.to_dict()) == exact(data)
    unknown = {**base, "tagged": {"kind": "bird", "name": "Tweety"}}
    with pytest.warns(
        ResponseShapeWarning, match=re.escape("""expected "cat" | "dog", got 'bird'""")
    ):
        owner = Owner.from_dict(unknown)
    assert cast(Any, owner.tagged) == {"kind": "bird", "name": "Tweety"}
    assert exact(owner.to_dict()) == exact(unknown)
    fallback = {**base, "open_tagged": {"kind": "bird", "name": "Tweety"}}
    assert cast(Any, Owner.from_dict(fallback)).open_tagged == {"kind": "bird", "name": "Tweety"}
    with pytest.raises(ValidationError, match=r"^tagged\.barks: expected bool"):
        Owner.from_dict(data, strict=True)


# --- Nesting, unknown keys, key order --------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class Inner(Model):
    size: int
    label: str


@dataclass(slots=True, kw_only=True)
class Outer(Model):
    inner: Inner
    items: list[Inner]
    name: str


def test_a_nested_model_reports_its_own_fields_and_the_outer_one_stays_whole() -> None:
    data = {
        "zz": 1,
        "name": "o",
        "items": [{"label": "a", "size": 1}, {"label": "b", "extra": [1]}],
        "inner": {"size": None, "label": "i", "new": True},
    }
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        outer = Outer.from_dict(data)
    assert isinstance(outer.inner, Inner)
    assert outer.inner.size is None
    assert not hasattr(outer.items[1], "size")
    assert outer.items[0] == Inner(size=1, label="a")
    assert exact(outer.to_dict()) == exact(data)  # unknown keys and the order received
    # one per class and key: the absent size of items[1] is the same key of Inner
    assert shape_warnings(caught) == ["Inner: size: expected int, got null; kept as received"]


# --- Reporting -------------------------------------------------------------------------------


def test_each_difference_is_reported_once_per_class_and_key() -> None:
    @dataclass(slots=True, kw_only=True)
    class Fresh(Model):
        a: int
        b: str
        c: list[int] | Unset = UNSET

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            Fresh.from_dict({"a": "1", "b": "x"})
            Fresh.from_dict({"a": 1})
            Fresh.from_dict({"a": 1, "b": "x", "c": [1, "2"]})
            Fresh.from_dict({"a": 1, "b": "x", "c": ["1"]})  # c again: not repeated
    assert shape_warnings(caught) == [
        "Fresh: a: expected int, got str; kept as received",
        "Fresh: b: absent in this response (reading Fresh.b raises AbsentFieldError)",
        "Fresh: c[1]: expected int, got str; kept as received",
    ]
    assert all(w.filename == __file__ for w in caught)  # points at the caller


def test_a_warning_filter_can_make_every_difference_fail() -> None:
    @dataclass(slots=True, kw_only=True)
    class Fresh(Model):
        a: int

    for _ in range(2):  # each time: a warning turned error is not taken as reported
        with warnings.catch_warnings():
            warnings.simplefilter("error", ResponseShapeWarning)
            with pytest.raises(ResponseShapeWarning, match="Fresh: a: expected int"):
                Fresh.from_dict({"a": "1"})


def test_a_whole_body_of_another_type_is_kept_and_reported_as_the_type() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert cast(Any, load(list[Inner], {"size": 1})) == {"size": 1}
        assert load(dict[str, int], {"a": "1", "b": 2}) == {"a": "1", "b": 2}
    assert shape_warnings(caught) == [
        "a body read as list[Inner]: expected list[Inner], got object; kept as received",
        "a body read as dict[str, int]: a: expected int, got str; kept as received",
    ]


# --- Strict mode -----------------------------------------------------------------------------


def test_strict_mode_raises_where_the_default_tolerates() -> None:
    with pytest.raises(ValidationError, match=r"^files\[0\]\.name: required key is missing$"):
        Job.from_dict({**JOB, "files": [{"added_count": 1, "type": "t"}]}, strict=True)
    with pytest.raises(ValidationError, match=r"^\[0\]\.size: expected int, got str$"):
        load(list[Inner], [{"size": "1", "label": "x"}], strict=True)
    strict_job = Job.from_dict(JOB, strict=True)
    assert strict_job == Job.from_dict(JOB)
    assert exact(strict_job.to_dict()) == exact(JOB)


def test_data_that_is_not_an_object_is_no_model_in_either_mode() -> None:
    with pytest.raises(ValidationError, match=r"^expected object \(Inner\), got array$"):
        Inner.from_dict(cast(Any, [1]))
    with pytest.warns(ResponseShapeWarning, match=r"^a body read as Inner: expected object"):
        assert cast(Any, load(Inner, [1])) == [1]  # load keeps it: the client's body, as received


# --- Random mutations of a body: never raises, always round trips ----------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=4),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=6,
)


def paths(value: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every location of a JSON document, depth first."""
    yield at
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, (*at, index))


def mutated(data: Any, where: tuple[Any, ...], how: str, value: Any) -> Any:
    """A copy of ``data`` with the location ``where`` removed, replaced or given a new key."""
    data = copy.deepcopy(data)
    parent: Any = data
    for step in where[:-1]:
        parent = parent[step]
    last = where[-1]
    if how == "remove" and isinstance(parent, dict):
        del parent[last]
    elif how == "add" and isinstance(parent[last], dict):
        parent[last]["postc-new-key"] = value
    else:
        parent[last] = value
    return data


@dataclass(slots=True, kw_only=True)
class Listing(Model):
    jobs: list[Job]
    owner: Owner
    pairs: tuple[int, str] | Unset = UNSET
    anything: Any | Unset = UNSET


LISTING = {
    "jobs": [JOB, {**JOB, "files": []}],
    "owner": {
        "pet": {"barks": False, "name": "r"},
        "id": "x",
        "tagged": {"kind": "cat", "meows": True, "name": "t"},
    },
    "pairs": [1, "a"],
    "anything": {"k": [1]},
}


@pytest.mark.filterwarnings("ignore::templates.runtime._runtime.ResponseShapeWarning")
@given(st.data(), st.sampled_from(["remove", "replace", "add"]), JSON_VALUES)
@settings(max_examples=300, deadline=None)
def test_any_mutation_of_a_body_parses_and_round_trips(
    data: st.DataObject, how: str, value: Any
) -> None:
    where = data.draw(st.sampled_from(list(paths(LISTING))[1:]))
    body = mutated(LISTING, where, how, value)
    parsed = Listing.from_dict(body)
    assert exact(parsed.to_dict()) == exact(body)
    assert exact(dump(load(list[Listing], [body, LISTING]))) == exact([body, LISTING])
    assert parsed == Listing.from_dict(copy.deepcopy(body))
    assert repr(parsed).startswith("Listing(")


# --- Speed: the tolerant path is linear ------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class Node(Model):
    name: str
    children: list[Node]


def test_tolerant_parsing_stays_linear_in_size_and_depth() -> None:
    many: dict[str, Any] = {
        "name": "root",
        "children": [{"name": str(i), "children": []} for i in range(20000)],
    }
    many["children"][-1]["name"] = 1  # the last one differs: every level falls back
    deep: dict[str, Any] = {"name": 0, "children": []}  # the innermost one differs
    for i in range(100):  # each level used to convert the failed one again: 4**100 times
        deep = {"name": str(i), "children": [deep]}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResponseShapeWarning)
        for body in (many, deep):  # about 330,000 calls for both
            read = within_calls(3_000_000, partial(Node.from_dict, body))
            assert exact(read.to_dict()) == exact(body)
        with pytest.raises(ValidationError):
            within_calls(10_000, lambda: Node.from_dict(deep, strict=True))


# --- The client ------------------------------------------------------------------------------

PET = {"id": 1, "name": "Rex"}


@dataclass(slots=True, kw_only=True)
class Pet(Model):
    id: int
    name: str


@dataclass(slots=True, kw_only=True)
class ErrorBody(Model):
    code: str
    message: str


class InvalidTokenError(AuthenticationError):
    body: ErrorBody


ERRORS = ErrorTable(
    models={401: ErrorBody, 404: ErrorBody},
    classes={(401, "INVALID_TOKEN"): InvalidTokenError},
)


def answering(status: int, body: Any) -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(status, json=body))


def get_pet(core: ClientCore) -> Pet:
    return core.request(Call("GET", "/pets/1", returns=Pet, errors=ERRORS))


def test_the_client_returns_a_differing_body_and_strict_raises() -> None:
    body = {"name": None, "born": "today"}
    with pytest.warns(ResponseShapeWarning):
        pet = get_pet(ClientCore("http://api.test", transport=answering(200, body)))
    assert pet.name is None
    assert not hasattr(pet, "id")
    assert exact(pet.to_dict()) == exact(body)
    with pytest.raises(ValidationError, match=r"^id: required key is missing$"):
        get_pet(ClientCore("http://api.test", transport=answering(200, body), strict=True))


def test_raw_and_streamed_responses_parse_as_their_client_does() -> None:
    body = {"id": "1", "name": "Rex"}
    for strict in (False, True):
        core = ClientCore("http://api.test", transport=answering(200, body), strict=strict)
        parsed = raw(get_pet)(core)
        with streamed(get_pet)(core) as response:
            if strict:
                with pytest.raises(ValidationError):
                    parsed.parse()
                with pytest.raises(ValidationError):
                    response.parse()
            else:
                with pytest.warns(ResponseShapeWarning, match="Pet: id: expected int"):
                    assert parsed.parse().to_dict() == body
                assert response.parse().to_dict() == body


def test_the_async_client_reads_as_the_sync_one() -> None:
    body = {"id": 1, "name": 2}

    async def call(strict: bool) -> Pet:
        core = AsyncClientCore(
            "http://api.test",
            transport=httpx.MockTransport(lambda request: httpx.Response(200, json=body)),
            strict=strict,
        )
        async with core:
            return await core.request(Call("GET", "/pets/1", returns=Pet))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResponseShapeWarning)
        assert asyncio.run(call(False)).to_dict() == body
    with pytest.raises(ValidationError, match=r"^name: expected str, got int$"):
        asyncio.run(call(True))


def test_an_error_body_that_differs_still_gives_its_typed_error() -> None:
    body = {"code": "INVALID_TOKEN", "detail": "expired"}  # message absent
    with pytest.warns(ResponseShapeWarning), pytest.raises(InvalidTokenError) as typed:
        get_pet(ClientCore("http://api.test", transport=answering(401, body)))
    assert typed.value.body.code == "INVALID_TOKEN"
    assert not hasattr(typed.value.body, "message")
    assert exact(typed.value.body.to_dict()) == exact(body)
    with pytest.raises(AuthenticationError) as strict:
        get_pet(ClientCore("http://api.test", transport=answering(401, body), strict=True))
    assert type(strict.value) is AuthenticationError
    assert strict.value.body == body


@pytest.mark.parametrize(
    "body",
    [{"error": "gateway timeout"}, ["x"], "text", None],  # no key of the error model
)
def test_an_error_body_of_another_layer_stays_as_received(body: Any) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResponseShapeWarning)  # none is issued
        with pytest.raises(NotFoundError) as raised:
            get_pet(ClientCore("http://api.test", transport=answering(404, body)))
    assert type(raised.value) is NotFoundError
    assert raised.value.body == body


def test_a_warning_turned_error_never_replaces_the_api_error() -> None:
    body = {"code": "INVALID_TOKEN"}
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResponseShapeWarning)
        with pytest.raises(ApiError) as raised:
            get_pet(ClientCore("http://api.test", transport=answering(401, body)))
    assert type(raised.value) is AuthenticationError
    assert raised.value.body == body
