"""The layout helper writes what black writes, or the flat form black has always been given.

Each case puts a construct, as the templates describe it, in the statement it is rendered
in, and checks two things against black itself: black's output is the same from
``laid_out``'s text as from the construct on one line (generated code does not change),
and ``laid_out``'s text is black's output already, unless it is the flat form (a case the
helper leaves to black). Names, literals (with quotes and wide characters) and lengths
vary so that lines land on both sides of black's 88 columns. And the templates, which use
the helper, render the bundled collections' projects exactly as black writes them, and the
script tests of corpus collections too.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import black
import pytest
from black.mode import TargetVersion
from black.strings import str_width
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.api_models import build_models
from generator.emit.layout import Brackets, fits, laid_out, width
from generator.emit.plan import make_plan
from generator.emit.project import render_project
from generator.escaping import py_str
from generator.installation import templates_dir
from generator.loader import load_collection
from generator.naming.identifiers import package_name
from tests.conftest import CORPUS

MODE = black.Mode(target_versions={TargetVersion.PY310})
SEED = (
    Path(__file__).resolve().parents[1] / "collections/zoho-crm-bulk-write.postman_collection.json"
)
HTTPBIN = SEED.parent / "httpbin.postman_collection.json"
WIDE = "漢字テスト한국어"


@dataclass(frozen=True)
class Case:
    """A construct at ``indent`` and the source around its text."""

    node: Brackets
    indent: int
    around: Callable[[str], str]

    def source(self, text: str) -> str:
        return self.around(" " * self.indent + text)


def _in_functions(indent: int) -> Callable[[str], str]:
    """A statement in as many nested functions as its indentation needs."""
    heads = "".join(f"{' ' * depth}def f{depth}():\n" for depth in range(0, indent, 4))
    return lambda line: f"{heads}{line}\n"


def _among_arguments(line: str) -> str:
    return f"x = f(\n{line}\n)\n"


def _in_a_class(line: str) -> str:
    return f"class C:\n{line}\n"


def _in_a_signature(line: str) -> str:
    return f"def f(\n    self,\n    *,\n{line}\n    timeout: None = None,\n) -> None:\n    pass\n"


def _with_a_body(line: str) -> str:
    return f"{line}\n    pass\n"


# --- the pieces --------------------------------------------------------------------------

names = st.builds(
    lambda length, text: "n" + "a" * length + text,
    st.integers(0, 100),  # long enough to put lines on both sides of 88 columns
    st.text("bcdefghij_", max_size=8),
)
short_names = st.text("abcdefgh", min_size=1, max_size=12).map(lambda text: "v" + text)
dotted = st.lists(short_names, min_size=1, max_size=4).map(".".join)
literals = st.text(st.sampled_from("abc _'\"\\" + WIDE), max_size=120).map(py_str)
arguments = st.one_of(
    st.builds("{}={}".format, short_names, literals),
    literals,
    short_names,
    st.builds(
        lambda name, text: Brackets(f"{name}=json.loads(", [text], ")"), short_names, literals
    ),
)
argument_lists = st.lists(arguments, max_size=8)
calls = st.builds(lambda head, items: Brackets(f"{head}(", items, ")"), dotted, argument_lists)
chains = st.builds(
    lambda path, items: Brackets("client.with_raw_response(", [path], Brackets(")(", items, ")")),
    dotted,
    argument_lists,
)
members = st.one_of(
    st.sampled_from(["str", "None", "Unset", "dict[str, Any]"]),
    dotted,
    st.builds("list[{}]".format, dotted),
    st.builds(lambda a, b: f"Literal[{a}, {b}]", literals, literals),
)
annotation_texts = st.lists(members, min_size=1, max_size=5).map(" | ".join)
defaults = st.one_of(st.just(","), st.just(" = None,"), literals.map(" = {},".format))
field_values = st.one_of(
    st.just("UNSET"),
    st.builds(
        lambda key, optional: Brackets(
            "field(",
            [
                *(["default=UNSET"] if optional else []),
                Brackets("metadata={", [f'"json": {key}'], "}", "collection"),
            ],
            ")",
        ),
        literals,
        st.booleans(),
    ),
)


def _operands(left: str | Brackets, right: str) -> Brackets:
    return Brackets("", [left, f"== {right}"], kind="operands")


# --- the statements, as the templates write them ------------------------------------------

statements = st.one_of(
    st.builds(
        lambda dots, module, imported, indent: Case(
            Brackets(f"from {dots}{module} import ", imported, kind="import"),
            indent,
            _in_functions(indent),
        ),
        st.sampled_from(["", ".", ".."]),
        names,
        st.lists(names, min_size=1, max_size=6),
        st.sampled_from([0, 4]),
    ),
    st.builds(
        lambda target, value, indent: Case(
            Brackets(f"{target} = ", [value], kind="parens"), indent, _in_functions(indent)
        ),
        names,
        st.one_of(calls, chains, literals),
        st.sampled_from([0, 4, 8]),
    ),
    st.builds(
        lambda call, indent: Case(call, indent, _in_functions(indent)),
        st.one_of(calls, chains),
        st.sampled_from([4, 8]),
    ),
    st.builds(
        lambda name, keys, values: Case(
            Brackets(
                f"{name}={{",
                [f"{key}: {value}" for key, value in zip(keys, values, strict=False)],
                "},",
                "collection",
            ),
            4,
            _among_arguments,
        ),
        names,
        st.lists(literals, min_size=1, max_size=6),
        st.lists(short_names, min_size=6, max_size=6),
    ),
    st.builds(
        lambda name, parameters: Case(
            Brackets(f"def test_{name}(", parameters, ") -> None:", "def"), 0, _with_a_body
        ),
        names,
        st.lists(st.builds("{}: {}".format, short_names, dotted), min_size=1, max_size=3),
    ),
    st.builds(
        lambda name: Case(Brackets(f"class {name}(", ["Model"], "):"), 0, _with_a_body), names
    ),
    st.builds(
        lambda left, right, indent: Case(
            Brackets("assert ", [_operands(left, right)], kind="parens"),
            indent,
            _in_functions(indent),
        ),
        st.one_of(
            dotted,
            calls,
            st.builds(lambda path, key: Brackets(f"{path}.get(", [key], ")"), dotted, literals),
        ),
        st.one_of(literals, short_names),
        st.sampled_from([4, 8]),
    ),
    # the script tests' shapes (templates/project/tests/_script.j2): a body read from a
    # file, a received call, a call compared with a call (split as a chain), a bound check
    # with a call in the middle
    st.builds(
        lambda text, indent: Case(
            Brackets(
                "body = ",
                [
                    Brackets(
                        "(",
                        [Brackets("", ["EXAMPLES", f"/ {text}"], kind="operands")],
                        Brackets(").read_text(", ['encoding="utf-8"'], ")"),
                    )
                ],
                kind="parens",
            ),
            indent,
            _in_functions(indent),
        ),
        literals,
        st.sampled_from([4, 8]),
    ),
    st.builds(
        lambda name, items, indent: Case(
            Brackets(
                "response = ",
                [
                    Brackets(
                        "mock.received(", [Brackets(f"lambda: client.{name}(", items, ")")], ")"
                    )
                ],
                kind="parens",
            ),
            indent,
            _in_functions(indent),
        ),
        names,
        st.lists(st.builds("{}={}".format, short_names, literals), max_size=3),
        st.sampled_from([4, 8]),
    ),
    st.builds(
        lambda head, items, operator, right, indent: Case(
            Brackets(
                "assert ",
                [
                    Brackets(
                        f"{head}(", items, Brackets(f") {operator} {right.head}", right.items, ")")
                    )
                ],
                kind="parens",
            ),
            indent,
            _in_functions(indent),
        ),
        dotted,
        st.lists(arguments, min_size=1, max_size=4),
        st.sampled_from(["<", "==", "and"]),
        calls.filter(lambda call: bool(call.items)),
        st.sampled_from([4, 8]),
    ),
    st.builds(
        lambda low, call, high, indent: Case(
            Brackets(
                "assert ",
                [
                    Brackets(
                        "",
                        [low, Brackets("<= " + call.head, call.items, call.tail), f"<= {high}"],
                        kind="operands",
                    )
                ],
                kind="parens",
            ),
            indent,
            _in_functions(indent),
        ),
        short_names,
        calls,
        short_names,
        st.sampled_from([4, 8]),
    ),
    st.builds(
        lambda text: Case(
            Brackets("assert json.loads(sent.content) == json.loads(", [text], ")"),
            4,
            _in_functions(4),
        ),
        literals,
    ),
    st.builds(
        lambda name, annotation, rest: Case(
            Brackets(f"{name}: ", [annotation], rest, "parameter"), 4, _in_a_signature
        ),
        names,
        annotation_texts,
        defaults,
    ),
    st.builds(
        lambda name, annotation, value: Case(
            Brackets(
                f"{name}: ",
                [annotation],
                "" if value is None else Brackets(" = ", [value], kind="parens"),
                "annotation",
            ),
            4,
            _in_a_class,
        ),
        names,
        annotation_texts,
        st.none() | field_values,
    ),
)


def layout_outcome(case: Case) -> str:
    """How ``laid_out`` wrote the case, checked against black: ``kept flat`` where black
    keeps the statement on one line (then so must the helper), else ``laid out`` as black
    writes it or ``left to black`` (the flat form, where the helper is unsure)."""
    text = laid_out(case.node, case.indent)
    flat = case.node.flat
    formatted = black.format_str(case.source(flat), mode=MODE)
    assert black.format_str(case.source(text), mode=MODE) == formatted
    if formatted == case.source(flat):
        assert text == flat
        return "kept flat"
    if text == flat:
        return "left to black"
    assert formatted == case.source(text)
    return "laid out"


def test_the_layout_is_blacks_or_left_to_black() -> None:
    """Leaving a case to black is right only where the helper is unsure, a few cases: most
    statements too long for a line are laid out (a helper that always wrote the flat form
    would pass every check of ``layout_outcome`` and fail here)."""
    outcomes: Counter[str] = Counter()

    @settings(max_examples=1000, deadline=None)
    @given(statements)
    def check(case: Case) -> None:
        outcomes[layout_outcome(case)] += 1

    check()
    too_long = outcomes["laid out"] + outcomes["left to black"]
    assert too_long >= 200 and outcomes["kept flat"] >= 200, outcomes
    assert outcomes["laid out"] >= 0.8 * too_long, outcomes


# --- chosen cases ------------------------------------------------------------------------


def blacks(case: Case) -> str:
    """The construct laid out, checked to be black's output of its statement."""
    text = laid_out(case.node, case.indent)
    assert black.format_str(case.source(text), mode=MODE) == case.source(text)
    return text


def test_a_call_keeps_its_arguments_on_one_line_when_they_fit() -> None:
    call = Brackets("client.things.get(", ['id="1"'] * 9, ")")
    case = Case(Brackets("result = ", [call], kind="parens"), 4, _in_functions(4))
    assert blacks(case) == (
        "result = client.things.get(\n"
        '        id="1", id="1", id="1", id="1", id="1", id="1", id="1", id="1", id="1"\n'
        "    )"
    )


def test_a_collection_has_one_item_per_line() -> None:
    items = [f'"key_{n}": key_{n}' for n in range(6)]
    case = Case(Brackets("path={", items, "},", "collection"), 4, _among_arguments)
    assert blacks(case).splitlines() == [
        "path={",
        *(f'        "key_{n}": key_{n},' for n in range(6)),
        "    },",
    ]


def test_a_call_without_arguments_stays_whole_where_it_is_too_long() -> None:
    """Black does not split empty brackets: the call is written whole in the brackets
    around it (a script test's ``mock.received(lambda: ...())``), not left on one line."""
    call = Brackets(f"lambda: client.with_raw_response.{'m' * 60}(", [], ")")
    received = Brackets("response = ", [Brackets("mock.received(", [call], ")")], kind="parens")
    text = "def f():\n    " + laid_out(received, 4) + "\n"
    assert text.count("\n") == 4
    assert black.format_str(text, mode=MODE) == text


def test_wide_characters_count_two_columns() -> None:
    # 40 characters that take 80 columns: too wide for a line they would fit as ASCII
    call = Brackets("f(", [py_str("漢" * 40), "x"], ")")
    assert fits("a" * len(call.flat), 4) and not fits(call.flat, 4)
    assert blacks(Case(call, 4, _in_functions(4))).splitlines() == [
        "f(",
        f'        "{"漢" * 40}",',
        "        x,",
        "    )",
    ]


def test_where_black_counts_a_character_narrower_the_layout_is_left_to_black() -> None:
    """Combining marks and emoji modifiers are wide to ``width`` and one column to black."""
    raw = (chr(code) for code in range(0x20, 0x30000) if py_str(chr(code))[1:-1] == chr(code))
    overcounted = [char for char in raw if width(char) > str_width(char)]
    assert "\u3099" in overcounted and "\U0001f3fd" in overcounted
    for char in overcounted:
        call = Brackets("f(", [py_str(char * 45)], ")")
        assert laid_out(call, 4) == call.flat


def test_fits_counts_the_indentation() -> None:
    assert fits("x" * 84, 4) and not fits("x" * 85, 4)


def rendered_python(source: Path) -> dict[str, str]:
    """The Python files of ``source``'s project, as rendered (before black)."""
    collection = load_collection(source)
    api = build_models(collection)
    plan = make_plan(collection, None, api, package_name(collection.name))
    project = render_project(plan, api, collection)
    return {path: text for path, text in project.items() if path.endswith(".py")}


@pytest.mark.parametrize("source", [SEED, HTTPBIN], ids=lambda source: source.name)
def test_the_bundled_collections_render_as_black_writes_them(source: Path) -> None:
    """Every Python file of the bundled collections' projects, as rendered, is already
    black's output: the script and flow tests too (their assertions, calls, blank lines)."""
    for path, text in rendered_python(source).items():
        assert black.format_str(text, mode=MODE) == text, path


def lines_black_changes(text: str) -> list[str]:
    """The lines of ``text`` black's output replaces."""
    before = text.splitlines()
    after = black.format_str(text, mode=MODE).splitlines()
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return [
        line
        for tag, start, end, _, _ in matcher.get_opcodes()
        if tag != "equal"
        for line in before[start:end]
    ]


# Collections with many script shapes (long paths, oneOf lists, nested properties, schemas,
# guards), not tuned for: their generated tests must be black's output but for docstrings,
# which the ``docstring`` filter writes (black pads one that ends with a quote).
SCRIPTED = [
    "u1i__api-toolbox__Postman_Echo.postman_collection.json",
    "Xray-App__xray-postman-collections__Xray_Cloud_GraphQL_API.postman_collection.json",
    "paypal__postman-collections__PayPal_Partner_APIs.json",
    "commercetools__commercetools-postman-collection__commercetools_platform_API.json",
]


@pytest.mark.parametrize("name", SCRIPTED)
def test_corpus_script_tests_render_as_black_writes_them(name: str) -> None:
    source = CORPUS / name
    if not source.is_file():
        pytest.skip(f"../shared is missing ({source}): the corpus comes with it")
    tests = {path: text for path, text in rendered_python(source).items() if "tests/" in path}
    assert any("From the collection's test script" in text for text in tests.values())
    for path, text in tests.items():
        changed = lines_black_changes(text)
        assert all(line.lstrip().startswith('"""') for line in changed), (path, changed)


def test_the_script_helpers_are_black_output_in_the_generated_mode() -> None:
    """``tests/postman.py`` goes into every project with script tests: as black writes it
    at the generated code's 88 columns, black formats it in one pass."""
    helpers = templates_dir() / "project" / "tests" / "postman.py"
    text = helpers.read_text("utf-8")
    assert black.format_str(text, mode=MODE) == text
