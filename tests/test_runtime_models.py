"""The runtime's models (templates/runtime/_runtime.py): lossless JSON round trips, validation."""

from __future__ import annotations

import copy
import itertools
import json
import pickle
from dataclasses import dataclass, field, make_dataclass
from datetime import date, datetime, time, timedelta, timezone
from types import MappingProxyType
from typing import Annotated, Any, Literal, Union, cast
from uuid import UUID, SafeUUID

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from templates.runtime._runtime import (
    UNSET,
    ApiError,
    Model,
    Tag,
    Unset,
    ValidationError,
    dump,
    load,
)
from tests.work import within_calls

# --- Models as the templates write them ----------------------------------------------------


@dataclass(slots=True, kw_only=True)
class File(Model):
    added_count: int
    skipped_count: int
    name: str


@dataclass(slots=True, kw_only=True)
class Resource(Model):
    status: Literal["COMPLETED", "FAILED"] | str
    type_: str = field(metadata={"json": "type"})
    file: File
    field_mappings: list[dict[str, Any]] | Unset = UNSET


@dataclass(slots=True, kw_only=True)
class JobDetails(Model):
    status: str
    id: str
    created_time: datetime
    resource: list[Resource]
    callback: dict[str, Any] | Unset | None = UNSET
    result: Any | None = None


JOB = {
    "status": "COMPLETED",
    "id": "4150868000005350003",
    "created_time": "2021-05-11T12:38:29+05:30",
    "resource": [
        {
            "status": "COMPLETED",
            "type": "data",
            "file": {"added_count": 3, "skipped_count": 0, "name": "Leads.csv"},
        }
    ],
    "callback": None,
    "result": {"download_url": "/crm/bulk/v2.1/write/4150868000005350003/result"},
}


def exact(value: Any) -> str:
    """JSON text, order and number types included: the strictest equality there is."""
    return json.dumps(value, ensure_ascii=False)


def test_a_response_round_trips_to_the_same_text() -> None:
    job = JobDetails.from_dict(JOB)
    assert job.resource[0].file.added_count == 3
    assert job.resource[0].type_ == "data"
    assert job.created_time == datetime(2021, 5, 11, 7, 8, 29, tzinfo=timezone.utc)
    assert exact(job.to_dict()) == exact(JOB)


def test_absent_stays_absent_and_null_stays_null() -> None:
    absent = JobDetails.from_dict({k: v for k, v in JOB.items() if k not in ("callback", "result")})
    assert absent.callback is UNSET
    assert "callback" not in absent.to_dict()
    assert JobDetails.from_dict(JOB).callback is None
    assert JobDetails.from_dict(JOB).to_dict()["callback"] is None
    assert not UNSET
    assert repr(UNSET) == "UNSET"
    assert copy.deepcopy(UNSET) is UNSET


def test_required_keys_must_be_present_but_may_be_null_only_when_nullable() -> None:
    with pytest.raises(ValidationError, match=r"^resource\[0\]\.file: required key is missing$"):
        JobDetails.from_dict(
            {**JOB, "resource": [{"status": "COMPLETED", "type": "data"}]}, strict=True
        )
    with pytest.raises(ValidationError, match=r"^status: expected str, got null$"):
        JobDetails.from_dict({**JOB, "status": None}, strict=True)


def test_unknown_keys_are_kept_in_place_and_left_out_of_repr_and_equality() -> None:
    data = {"added_count": 1, "new": [1, {"x": None}], "skipped_count": 0, "z": 1, "name": "a"}
    parsed = File.from_dict(data)
    assert parsed._extra == {"new": [1, {"x": None}], "z": 1}
    assert exact(parsed.to_dict()) == exact(data)
    assert "new" not in repr(parsed)
    assert parsed == File(added_count=1, skipped_count=0, name="a")
    parsed._extra["later"] = True
    del parsed._extra["z"]
    assert list(parsed.to_dict()) == ["added_count", "new", "skipped_count", "name", "later"]


def test_to_dict_reflects_changes_and_returns_fresh_containers() -> None:
    job = JobDetails.from_dict(JOB)
    job.status = "FAILED"
    job.callback = UNSET
    out = job.to_dict()
    assert out["status"] == "FAILED"
    assert "callback" not in out
    out["result"]["download_url"] = "changed"
    out["resource"][0]["file"]["name"] = "changed"
    assert job.to_dict()["result"]["download_url"].startswith("/crm")
    assert job.resource[0].file.name == "Leads.csv"


def test_models_compare_by_fields_and_are_not_hashable() -> None:
    assert JobDetails.from_dict(JOB) == JobDetails.from_dict(copy.deepcopy(JOB))
    assert JobDetails.from_dict(JOB) != JobDetails.from_dict({**JOB, "status": "FAILED"})
    with pytest.raises(TypeError):
        hash(File(added_count=1, skipped_count=0, name="a"))
    job = JobDetails.from_dict(JOB)
    assert copy.deepcopy(job) == job


# --- Formats ---------------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class Stamps(Model):
    at: datetime | Unset = UNSET
    on: date | Unset = UNSET
    clock: time | Unset = UNSET
    uid: UUID | Unset = UNSET
    many: list[datetime] | Unset = UNSET
    by_day: dict[str, date] | Unset = UNSET


@pytest.mark.parametrize(
    "text",
    [
        "2021-05-11T12:38:29+05:30",
        "2021-05-11T12:38:29Z",
        "2021-05-11t12:38:29z",
        "2021-05-11T12:38:29+00:00",
        "2021-05-11T12:38:29-00:00",
        "2021-05-11 12:38:29Z",
        "2021-05-11T12:38:29.1Z",
        "2021-05-11T12:38:29.120Z",
        "2021-05-11T12:38:29.123456789-03:00",
        "2021-05-11T12:38:29",
    ],
)
def test_datetimes_are_written_back_as_received(text: str) -> None:
    parsed = Stamps.from_dict({"at": text, "many": [text, text]})
    assert isinstance(parsed.at, datetime)
    assert parsed.to_dict() == {"at": text, "many": [text, text]}


@pytest.mark.parametrize(
    ("key", "text", "kind"),
    [
        ("on", "2021-05-11", date),
        ("clock", "12:38:29", time),
        ("clock", "12:38:29.50+05:30", time),
        ("clock", "07:00:00Z", time),
        ("uid", "8C1B2F3A-1234-4ABC-8DEF-0123456789AB", UUID),
        ("uid", "8c1b2f3a-1234-4abc-8def-0123456789ab", UUID),
    ],
)
def test_dates_times_and_uuids_are_written_back_as_received(
    key: str, text: str, kind: type
) -> None:
    parsed = Stamps.from_dict({key: text})
    assert isinstance(getattr(parsed, key), kind)
    assert parsed.to_dict() == {key: text}


def test_parsed_formats_equal_and_look_like_plain_values() -> None:
    parsed = Stamps.from_dict(
        {"at": "2021-05-11T12:38:29Z", "uid": "8C1B2F3A-1234-4ABC-8DEF-0123456789AB"}
    )
    assert parsed.at == datetime(2021, 5, 11, 12, 38, 29, tzinfo=timezone.utc)
    assert parsed.uid == UUID("8c1b2f3a-1234-4abc-8def-0123456789ab")
    assert hash(parsed.uid) == hash(UUID("8c1b2f3a-1234-4abc-8def-0123456789ab"))
    assert str(parsed.uid) == "8c1b2f3a-1234-4abc-8def-0123456789ab"
    assert isinstance(parsed.uid, UUID)
    assert (parsed.uid.version, parsed.uid.is_safe) == (4, SafeUUID.unknown)
    assert repr(parsed.at) == repr(datetime(2021, 5, 11, 12, 38, 29, tzinfo=timezone.utc))
    assert repr(parsed.uid) == "UUID('8c1b2f3a-1234-4abc-8def-0123456789ab')"
    assert repr(Stamps.from_dict({"on": "2021-05-11"}).on) == "datetime.date(2021, 5, 11)"
    assert repr(Stamps.from_dict({"clock": "12:00:00"}).clock) == "datetime.time(12, 0)"


def test_copies_and_pickles_keep_the_text() -> None:
    data = {"at": "2021-05-11t12:38:29.1z", "uid": "8C1B2F3A-1234-4ABC-8DEF-0123456789AB", "x": 1}
    stamps = Stamps.from_dict(data)
    assert pickle.loads(pickle.dumps(stamps)).to_dict() == data
    assert copy.copy(stamps).to_dict() == data
    assert copy.deepcopy(stamps).to_dict() == data


def test_new_values_are_written_in_iso_form() -> None:
    stamps = Stamps.from_dict({"at": "2021-05-11T12:38:29.000+00:00", "on": "2021-05-11"})
    assert isinstance(stamps.at, datetime)
    stamps.at = stamps.at + timedelta(seconds=1)  # derived: no original text any more
    stamps.uid = UUID("8C1B2F3A-1234-4ABC-8DEF-0123456789AB")
    stamps.clock = time(7, 30, tzinfo=timezone(timedelta(hours=-3)))
    assert stamps.to_dict() == {
        "at": "2021-05-11T12:38:30Z",
        "on": "2021-05-11",
        "clock": "07:30:00-03:00",
        "uid": "8c1b2f3a-1234-4abc-8def-0123456789ab",
    }
    assert dump(datetime(2021, 5, 11, 12, 0)) == "2021-05-11T12:00:00"
    assert dump(date(2021, 5, 11)) == "2021-05-11"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"at": "2021-13-11T12:38:29Z"}, "at: expected date-time, got '2021-13-11T12:38:29Z'"),
        ({"at": "2021-05-11"}, "at: expected date-time, got '2021-05-11'"),
        ({"at": 1620736709}, "at: expected date-time string, got int"),
        ({"on": "11/05/2021"}, "on: expected date, got '11/05/2021'"),
        ({"clock": "25:00:00"}, "clock: expected time, got '25:00:00'"),
        ({"uid": "8c1b2f3a"}, "uid: expected uuid, got '8c1b2f3a'"),
        ({"many": ["2021-05-11T12:38:29Z", "x"]}, "many[1]: expected date-time, got 'x'"),
        ({"by_day": {"a b": "x"}}, "by_day[\"a b\"]: expected date, got 'x'"),
    ],
)
def test_malformed_formats_are_validation_errors(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as raised:
        Stamps.from_dict(data, strict=True)
    assert str(raised.value) == message


# --- Enums, unions, tags ---------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class Mixed(Model):
    state: Literal["open", "closed"] | str | Unset = UNSET
    kind: Literal["a", "b"] | Unset = UNSET
    id: int | str | Unset = UNSET
    ratio: float | Unset = UNSET
    flag: bool | Unset = UNSET
    count: int | Unset = UNSET
    pair: tuple[int, str] | Unset = UNSET
    maybe: int | Unset | None = UNSET


def test_open_enums_accept_any_string_closed_ones_do_not() -> None:
    assert Mixed.from_dict({"state": "open"}).state == "open"
    assert Mixed.from_dict({"state": "archived"}).state == "archived"
    with pytest.raises(ValidationError) as raised:
        Mixed.from_dict({"state": 1}, strict=True)
    assert str(raised.value) == 'state: expected "open" | "closed" | str, got int'
    with pytest.raises(ValidationError) as raised:
        Mixed.from_dict({"kind": "c"}, strict=True)
    assert str(raised.value) == """kind: expected "a" | "b", got 'c'"""


@pytest.mark.parametrize("value", [5, "5", -1, ""])
def test_scalar_unions_never_coerce(value: object) -> None:
    parsed = Mixed.from_dict({"id": value})
    assert type(parsed.id) is type(value)
    assert parsed.to_dict() == {"id": value}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"id": 1.5}, "id: expected int | str, got float"),
        ({"id": True}, "id: expected int | str, got bool"),
        ({"count": True}, "count: expected int, got bool"),
        ({"count": 1.0}, "count: expected int, got float"),
        ({"flag": 1}, "flag: expected bool, got int"),
        ({"ratio": "1"}, "ratio: expected number, got str"),
        ({"pair": [1]}, "pair: expected tuple[int, str] (an array of 2), got array"),
        ({"pair": [1, 2]}, "pair[1]: expected str, got int"),
        ({"maybe": "1"}, "maybe: expected int | null, got str"),
    ],
)
def test_mismatches_name_the_field_and_the_types(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as raised:
        Mixed.from_dict(data, strict=True)
    assert str(raised.value) == message


def test_numbers_keep_their_json_type() -> None:
    parsed = Mixed.from_dict({"ratio": 2, "pair": [1, "x"]})
    assert type(parsed.ratio) is int
    assert parsed.pair == (1, "x")
    assert exact(parsed.to_dict()) == exact({"ratio": 2, "pair": [1, "x"]})


def test_union_members_are_tried_in_their_declared_order() -> None:
    stamp = "2021-05-11T12:38:29Z"
    assert isinstance(load(cast(Any, datetime | str), stamp), datetime)
    assert load(cast(Any, datetime | str), "soon") == "soon"
    assert type(load(cast(Any, str | datetime), stamp)) is str
    assert load(cast(Any, list[str | datetime]), [stamp]) == [stamp]
    assert isinstance(load(cast(Any, list[datetime | str]), [stamp])[0], datetime)


@dataclass(slots=True, kw_only=True)
class Dangling(Model):
    other: NotDefinedAnywhere  # type: ignore[name-defined]  # noqa: F821


def test_unresolvable_annotations_say_which_class() -> None:
    with pytest.raises(TypeError, match=r"^Dangling: name 'NotDefinedAnywhere' is not defined"):
        Dangling.from_dict({"other": 1})


def test_mappings_that_are_not_dicts_are_read_too() -> None:
    data = MappingProxyType({"added_count": 1, "skipped_count": 2, "name": "n", "x": 0})
    assert File.from_dict(data).to_dict() == dict(data)


@dataclass(slots=True, kw_only=True)
class FileNode(Model):
    __tag__ = "file"
    type: str
    size: int


@dataclass(slots=True, kw_only=True)
class FolderNode(Model):
    type: Literal["folder", "directory"]
    children: list[Annotated[FileNode | FolderNode | dict[str, Any], Tag("type")]]


@dataclass(slots=True, kw_only=True)
class Listing(Model):
    root: Annotated[FileNode | FolderNode | dict[str, Any], Tag("type")]
    strict: Annotated[FileNode | FolderNode, Tag("type")] | Unset = UNSET


def test_tagged_unions_dispatch_on_the_tag_and_fall_back_to_a_dict() -> None:
    data = {
        "root": {
            "type": "folder",
            "children": [
                {"type": "file", "size": 3},
                {"type": "directory", "children": []},
                {"type": "link", "to": "/x"},
            ],
        }
    }
    listing = Listing.from_dict(data)
    assert isinstance(listing.root, FolderNode)
    first, second, third = listing.root.children
    assert isinstance(first, FileNode)
    assert isinstance(second, FolderNode)
    assert third == {"type": "link", "to": "/x"}
    assert exact(listing.to_dict()) == exact(data)


def test_tagged_union_errors_point_inside_the_chosen_class() -> None:
    with pytest.raises(ValidationError, match=r"^root\.children\[0\]\.size: expected int"):
        Listing.from_dict(
            {"root": {"type": "folder", "children": [{"type": "file", "size": "3"}]}}, strict=True
        )
    with pytest.raises(ValidationError) as raised:
        Listing.from_dict(
            {"root": {"type": "file", "size": 1}, "strict": {"type": "link"}}, strict=True
        )
    assert (
        str(raised.value) == """strict.type: expected "file" | "folder" | "directory", got 'link'"""
    )
    with pytest.raises(ValidationError, match=r"^root: expected .*got array$"):
        Listing.from_dict({"root": []}, strict=True)


# --- Paths, top-level types, recursion -------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class Node(Model):
    name: str
    children: list[Node] = field(default_factory=list)


def test_recursive_models() -> None:
    data = {"name": "a", "children": [{"name": "b", "children": [{"name": "c", "children": []}]}]}
    assert exact(Node.from_dict(data).to_dict()) == exact(data)
    with pytest.raises(ValidationError, match=r"^children\[0\]\.children\[0\]\.name: expected str"):
        Node.from_dict(
            {"name": "a", "children": [{"name": "b", "children": [{"name": 1}]}]}, strict=True
        )


def test_load_takes_type_expressions_and_reports_root_errors() -> None:
    pets = load(list[File], [{"added_count": 1, "skipped_count": 0, "name": "x"}])
    assert pets == [File(added_count=1, skipped_count=0, name="x")]
    assert load(dict[str, int], {"a": 1}) == {"a": 1}
    assert load(dict[str, Any], {"a": [1]}) == {"a": [1]}
    with pytest.raises(ValidationError, match=r"^\[1\]: expected object \(File\), got str$"):
        load(list[File], [{"added_count": 1, "skipped_count": 0, "name": "x"}, "y"], strict=True)
    with pytest.raises(ValidationError, match=r"^expected list\[File\], got object$"):
        load(list[File], {}, strict=True)
    with pytest.raises(ValidationError, match=r"^expected object \(File\), got null$"):
        File.from_dict(cast(Any, None))
    error = ValidationError("x")
    assert isinstance(error, ValueError)
    assert isinstance(error, ApiError)


def test_dump_refuses_what_json_cannot_hold() -> None:
    assert dump({"a": (1, File(added_count=1, skipped_count=0, name="n"))}) == {
        "a": [1, {"added_count": 1, "skipped_count": 0, "name": "n"}]
    }
    with pytest.raises(TypeError, match="set is not JSON data"):
        dump({1, 2})


# --- Property: random models round-trip random JSON losslessly -------------------------------

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=8,
)


def zone_text(offset: timedelta | None, style: str) -> str:
    if offset is None:
        return ""
    if offset == timedelta(0) and style != "+":
        return style
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


ZONES = st.none() | st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: timedelta(minutes=m))
FRACTION = st.none() | st.text("0123456789", min_size=1, max_size=9)


@st.composite
def datetime_text(draw: st.DrawFn) -> str:
    day = draw(st.dates())
    moment = draw(st.times())
    fraction = draw(FRACTION)
    separator = draw(st.sampled_from("Tt "))
    zone = zone_text(draw(ZONES), draw(st.sampled_from(["Z", "z", "+"])))
    clock = moment.strftime("%H:%M:%S") + (f".{fraction}" if fraction else "")
    return f"{day.isoformat()}{separator}{clock}{zone}"


@st.composite
def time_text(draw: st.DrawFn) -> str:
    fraction = draw(FRACTION)
    zone = zone_text(draw(ZONES), draw(st.sampled_from(["Z", "+"])))
    return draw(st.times()).strftime("%H:%M:%S") + (f".{fraction}" if fraction else "") + zone


FORMATS: dict[type, st.SearchStrategy[str]] = {
    datetime: datetime_text(),
    date: st.dates().map(date.isoformat),
    time: time_text(),
    UUID: st.tuples(st.uuids(), st.booleans()).map(
        lambda u: str(u[0]).upper() if u[1] else str(u[0])
    ),
}

SCALARS: dict[Any, st.SearchStrategy[Any]] = {
    str: st.text(max_size=5),
    int: st.integers(),
    float: st.integers() | st.floats(allow_nan=False, allow_infinity=False),
    bool: st.booleans(),
    type(None): st.none(),
}

# A spec is a pair (annotation, strategy for JSON values of that annotation).
Spec = tuple[Any, st.SearchStrategy[Any]]
_names = itertools.count()


def scalar_specs() -> st.SearchStrategy[Spec]:
    plain = st.sampled_from([*SCALARS, *FORMATS]).map(lambda tp: (tp, (SCALARS | FORMATS)[tp]))
    unions = st.lists(st.sampled_from(list(SCALARS)), min_size=2, max_size=4, unique=True).map(
        lambda types: (
            cast(Any, Union)[tuple(types)],
            st.one_of([SCALARS[tp] for tp in types]),
        )
    )
    enums = st.lists(st.text(min_size=1, max_size=3), min_size=1, max_size=3, unique=True).map(
        lambda cases: (
            cast(Any, Literal)[tuple(cases)] | str,
            st.sampled_from(cases) | st.text(max_size=3),
        )
    )
    return plain | unions | enums | st.just((Any, JSON))


def nullable(spec: Spec) -> Spec:
    return spec[0] | None, st.none() | spec[1]


def model_spec(members: list[tuple[Spec, bool]], keys: list[str]) -> Spec:
    """A Model class with one field per member (optional ones may be absent) and its JSON."""
    fields = [
        (
            f"f{index}",
            spec[0] if required else spec[0] | Unset,
            (
                field(metadata={"json": key})
                if required
                else field(default=UNSET, metadata={"json": key})
            ),
        )
        for index, ((spec, required), key) in enumerate(zip(members, keys, strict=True))
    ]
    cls = make_dataclass(f"M{next(_names)}", fields, bases=(Model,), slots=True, kw_only=True)

    @st.composite
    def objects(draw: st.DrawFn) -> dict[str, Any]:
        pairs = [
            (key, draw(spec[1]))
            for (spec, required), key in zip(members, keys, strict=True)
            if required or draw(st.booleans())
        ]
        if draw(st.booleans()):  # not always the declared order
            pairs = draw(st.permutations(pairs))
        extra = draw(st.dictionaries(st.text(max_size=4), JSON, max_size=2))
        for key, value in extra.items():
            if key not in keys:
                pairs.insert(draw(st.integers(0, len(pairs))), (key, value))
        return dict(pairs)

    return cls, objects()


def extend(children: st.SearchStrategy[Spec]) -> st.SearchStrategy[Spec]:
    lists = children.map(lambda s: (cast(Any, list)[s[0]], st.lists(s[1], max_size=3)))
    dicts = children.map(
        lambda s: (
            cast(Any, dict)[str, s[0]],
            st.dictionaries(st.text(max_size=3), s[1], max_size=3),
        )
    )
    tuples = st.lists(children, min_size=1, max_size=3).map(
        lambda specs: (
            cast(Any, tuple)[tuple(s[0] for s in specs)],
            st.tuples(*(s[1] for s in specs)).map(list),
        )
    )
    models = st.lists(st.tuples(children, st.booleans()), min_size=1, max_size=4).flatmap(
        lambda members: st.lists(
            st.text(max_size=6).filter(lambda k: k != "_extra"),
            min_size=len(members),
            max_size=len(members),
            unique=True,
        ).map(lambda keys: model_spec(members, keys))
    )
    return lists | dicts | tuples | models | children.map(nullable)


SPECS = st.recursive(scalar_specs(), extend, max_leaves=6)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_random_models_round_trip_random_json_exactly(data: st.DataObject) -> None:
    members = data.draw(st.lists(st.tuples(SPECS, st.booleans()), min_size=1, max_size=5))
    keys = data.draw(
        st.lists(st.text(max_size=6), min_size=len(members), max_size=len(members), unique=True)
    )
    cls, objects = model_spec(members, keys)
    value = data.draw(objects)
    parsed = load(cls, value)
    assert exact(parsed.to_dict()) == exact(value)
    assert exact(copy.deepcopy(parsed).to_dict()) == exact(value)
    assert load(cls, parsed.to_dict()) == parsed


EXACT_TYPES: dict[Any, set[type]] = {
    str: {str},
    int: {int},
    float: {int, float},
    bool: {bool},
    type(None): {type(None)},
}


@given(st.lists(st.sampled_from(list(SCALARS)), min_size=1, max_size=4, unique=True), JSON)
def test_scalar_unions_take_a_value_as_it_is_or_reject_it(types: list[Any], value: Any) -> None:
    union = cast(Any, Union)[tuple(types)]
    if type(value) in set().union(*(EXACT_TYPES[tp] for tp in types)):
        assert load(union, value) is value
    else:
        with pytest.raises(ValidationError):
            load(union, value, strict=True)


# --- Speed-ups that must not show: converter cache, the in-order fast path ---------------


def test_converters_are_cached_per_type_and_union_order_is_kept() -> None:
    from templates.runtime._runtime import _converter

    assert _converter(list[int | str]) is _converter(list[int | str])
    assert _converter(File) is _converter(File)
    text = "2021-01-02T03:04:05Z"
    for _ in range(2):  # both orders, each once built and once from the cache
        assert type(load(cast(Any, datetime | str), text)) is not str
        assert type(load(cast(Any, str | datetime), text)) is str
        assert type(load(cast(Any, list[datetime | str]), [text])[0]) is not str
        assert type(load(cast(Any, list[str | datetime]), [text])[0]) is str
        assert load(cast(Any, Literal[1] | int), 1) == 1
        with pytest.raises(ValidationError, match="expected true, got 1"):
            load(cast(Any, Literal[True]), 1, strict=True)
        with pytest.raises(ValidationError, match="expected 1, got True"):
            load(cast(Any, Literal[1]), True, strict=True)


def test_unhashable_annotations_are_built_each_time() -> None:
    tp: Any = Annotated[int, {"unhashable": []}]
    assert load(tp, 3) == 3
    with pytest.raises(ValidationError, match="expected int, got str"):
        load(tp, "3", strict=True)
    assert load(cast(Any, list[tp]), [1, 2]) == [1, 2]

    @dataclass(slots=True, kw_only=True)
    class Odd(Model):
        n: Annotated[int, {"unhashable": []}]
        tags: list[Annotated[str, ["x"]]] | Unset = UNSET

    assert Odd.from_dict({"n": 1, "tags": ["a"]}) == Odd(n=1, tags=["a"])


@dataclass(slots=True, kw_only=True)
class Wide(Model):
    a: int
    b: str | Unset = UNSET
    c: File | Unset | None = UNSET
    d: int
    e: list[File] | Unset = UNSET


FILE = {"added_count": 1, "skipped_count": 0, "name": "f"}


@pytest.mark.parametrize(
    "data",
    [
        {"a": 1, "d": 2},
        {"a": 1, "b": "x", "c": None, "d": 2, "e": [FILE]},
        {"a": 1, "c": FILE, "d": 2},
        {"d": 2, "a": 1},  # reordered
        {"a": 1, "d": 2, "b": "x"},  # an optional key after a later one
        {"a": 1, "zz": [1], "d": 2},  # an unknown key in the middle
        {"a": 1, "d": 2, "zz": None},  # and at the end
        {"zz": 0, "a": 1, "d": 2, "c": FILE},
        {"e": [FILE, {"name": "g", "skipped_count": 1, "added_count": 2}], "d": 2, "a": 1},
        {"a": 1, "c": {"name": "f", "x": 1, "added_count": 1, "skipped_count": 0}, "d": 2},
    ],
)
def test_key_order_and_nulls_survive_for_in_order_and_reordered_input(
    data: dict[str, Any],
) -> None:
    model = Wide.from_dict(data)
    assert json.dumps(model.to_dict()) == json.dumps(data)  # values and key order
    assert json.dumps(dump(model)) == json.dumps(data)
    assert ("b" in data) == (model.b is not UNSET)
    if "c" in data and data["c"] is None:
        assert model.c is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"d": 2}, "a: required key is missing"),
        ({"a": 1}, "d: required key is missing"),
        ({"a": 1, "b": "x"}, "d: required key is missing"),
        ({"d": "2", "a": "1"}, "a: expected int, got str"),  # the declared order decides
        ({"d": 2, "b": "x"}, "a: required key is missing"),  # reordered, one missing
        ({"d": "2", "b": "x"}, "a: required key is missing"),
        ({"a": "1", "zz": 1}, "a: expected int, got str"),
        ({"a": 1, "d": 2, "e": [FILE, {"name": 3}]}, r"e\[1\]\.added_count: required"),
        ({"a": 1, "d": 2, "e": [FILE, FILE, {**FILE, "name": 3}]}, r"e\[2\]\.name: exp"),
        ({"b": "x", "a": 1, "d": 2, "c": {**FILE, "name": None}}, r"c\.name: expected str"),
    ],
)
def test_errors_name_the_same_key_on_the_fast_and_the_general_path(
    data: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        Wide.from_dict(data, strict=True)


@dataclass(slots=True, kw_only=True)
class Twice(Model):
    one: int | Unset = field(default=UNSET, metadata={"json": "k"})
    two: int | Unset = field(default=UNSET, metadata={"json": "k"})


def test_two_fields_reading_one_key_both_get_it() -> None:
    assert Twice.from_dict({"k": 1}) == Twice(one=1, two=1)


@given(st.permutations(["a", "b", "c", "d", "e", "x", "y"]), st.integers(0, 127))
@settings(max_examples=200, deadline=None)
def test_any_key_order_and_any_subset_round_trips(order: list[str], mask: int) -> None:
    values = {"a": 1, "b": "s", "c": None, "d": 2, "e": [FILE], "x": {"n": [1]}, "y": None}
    keys = [k for i, k in enumerate(order) if mask >> i & 1 or k in ("a", "d")]
    data = {k: values[k] for k in keys}
    assert json.dumps(Wide.from_dict(data).to_dict()) == json.dumps(data)


def test_a_deep_body_that_does_not_fit_is_refused_in_linear_time() -> None:
    """Each level used to convert its failed element again (the list, then the object's
    general path): four times the work per level, so 4**depth for a bad innermost value."""
    deep: dict[str, Any] = {"name": 0, "children": []}
    for i in range(100):
        deep = {"name": str(i), "children": [deep]}
    with pytest.raises(ValidationError, match=r"^(children\[0\]\.){100}name: expected str"):
        within_calls(10_000, lambda: Node.from_dict(deep, strict=True))  # 586 calls now


def test_the_runtime_is_shipped_as_black_writes_it() -> None:
    """postc copies the runtime without formatting it (generator.emit.project.runtime_path):
    it must be black's output already, in the mode generated code is formatted with."""
    import black

    from generator.formatting import _mode
    from generator.installation import templates_dir

    text = (templates_dir() / "runtime" / "_runtime.py").read_text("utf-8")
    assert black.format_str(text, mode=_mode()) == text
