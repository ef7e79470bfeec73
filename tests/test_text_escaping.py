"""Collection text printed to a terminal or written into Markdown (issue 15, part 8).

A name, a URL, a method or an error code from a collection is shown as text, never acted on:
in a terminal no escape sequence, carriage return, line break or bidi control takes effect
(``generator.terminal``), and in the generated README no HTML, comment, link, heading, list
or table cell comes from it (``markdown`` and ``markdown_code`` in ``generator.escaping``).
The README is rendered with cmark-gfm, GitHub's own renderer, with raw HTML let through as
the least careful renderer would.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from html import unescape
from pathlib import Path
from typing import Any

import cmarkgfm  # type: ignore[import-untyped]
import pytest
from cmarkgfm.cmark import Options  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.escaping import markdown, markdown_code
from generator.terminal import printable
from tests.conftest import RunPostc, collection_doc, request_item

REPO = Path(__file__).resolve().parents[1]
OSC_TITLE = "\x1b]0;owned\x07"  # sets the window title (click strips only CSI sequences)
OSC_LINK = "\x1b]8;;https://evil.example\x1b\\here\x1b]8;;\x1b\\"  # a hidden hyperlink
# Every character a terminal acts on, or that hides or reorders text
HAZARDS = [
    "\x00", "\x07", "\x08", "\t", "\n", "\r", "\x1b", "\x7f", "\x85", "\x9b",
    "\u061c", "\u200b", "\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069",
    "\u2028", "\u2029", "\ufeff", "\U000e0041", "\ud800",
]  # fmt: skip
# Raw in a terminal's output: what printable must never leave (ZWJ and ZWNJ shape scripts)
UNSAFE = re.compile(
    r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u206f"
    r"\u2028\u2029\ufeff\U000e0000-\U000e007f\ud800-\udfff]"
)


# -- the terminal ------------------------------------------------------------------------------


@pytest.mark.parametrize("hazard", HAZARDS, ids=lambda c: f"U+{ord(c):04X}")
def test_printable_escapes_every_character_a_terminal_acts_on(hazard: str) -> None:
    shown = printable(f"a{hazard}b")
    assert not UNSAFE.search(shown)
    assert shown.startswith("a\\") and shown.endswith("b") and len(shown) > 3


def test_printable_keeps_text_as_it_reads() -> None:
    text = "café ÆØÅ 漢字 Ελληνικά مرحبا שלום 👩‍💻 می‌خواهم \\ \" '"
    assert printable(text) == text
    assert printable("a\nb", keep_newlines=True) == "a\nb"
    assert printable("a\nb\r\x1b") == "a\\nb\\r\\u001b"


@settings(deadline=None, derandomize=True, max_examples=300)
@given(st.text(st.sampled_from([*HAZARDS, "a", " ", '"', "\\", "é", "\U0001f40d"])))
def test_a_json_document_stays_json_with_the_same_value(text: str) -> None:
    document = json.dumps({"name": text, "list": [text]}, indent=2, ensure_ascii=False)
    shown = printable(document, keep_newlines=True)
    assert not UNSAFE.search(shown)
    assert json.loads(shown) == {"name": text, "list": [text]}


def test_printable_is_linear() -> None:
    text = ("\x1b\u202e漢a" * 250_000)[:1_000_000]
    began = time.process_time()
    printable(text)
    assert time.process_time() - began < 5.0  # about 0.5 s


# -- the command line --------------------------------------------------------------------------

NAME = f"Orders{OSC_TITLE}\u202eevil\r\nWarnings (0):"


def _hostile_collection() -> dict[str, Any]:
    item = request_item(f"List{OSC_LINK}\u2067", url="https://api.example.com/orders")
    item["response"] = [{"name": "ok\x9b2J\u202e", "code": 200, "body": "{}"}]
    auth = {"type": f"custom{OSC_TITLE}", f"custom{OSC_TITLE}": [5]}  # a warning at its path
    doc = collection_doc({"name": NAME, "item": [item]}, auth=auth)
    doc["info"]["name"] = f"Shop{OSC_TITLE}\u202e"
    doc["info"]["description"] = f"About\u202e{OSC_TITLE}"
    doc["variable"] = [{"key": f"region{OSC_TITLE}", "value": "eu\u202e\ud800"}]
    return doc


def _write(path: Path, doc: Any) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")  # lone surrogates as \ud800 escapes
    return path


def test_inspect_and_validate_print_collection_text_escaped(
    run_postc: RunPostc, tmp_path: Path
) -> None:
    source = _write(tmp_path / "hostile.json", _hostile_collection())
    status, report, warnings = run_postc("inspect", source)
    assert status == 0
    assert not UNSAFE.search(report + warnings), report
    assert "Orders\\u001b]0;owned\\u0007\\u202eevil\\r\\nWarnings (0):" in report
    sections = [line for line in report.splitlines() if line.startswith("Warnings (")]
    assert len(sections) == 1  # a name cannot add a line, nor a section
    status, out, err = run_postc("validate", source)
    assert status == 0
    assert not UNSAFE.search(out + err), err
    assert "custom\\u001b]0;owned\\u0007" in err  # the warning, at its JSON path


def test_inspect_an_environment_prints_its_text_escaped(
    run_postc: RunPostc, tmp_path: Path
) -> None:
    values = [{"key": f"host{OSC_TITLE}\n", "value": "x\u202e", "enabled": True}]
    source = _write(tmp_path / "env.json", {"name": f"Prod{OSC_LINK}", "values": values})
    status, out, err = run_postc("inspect", source)
    assert status == 0
    assert not UNSAFE.search(out + err), out
    assert len(out.splitlines()) == 2


@pytest.mark.parametrize("command", [["inspect", "--json"], ["schema"]])
def test_json_on_stdout_is_valid_json_with_the_same_values(
    tmp_path: Path, command: list[str]
) -> None:
    """A real process with a real pipe: a lone surrogate cannot be encoded (exit 70 before)."""
    doc = _hostile_collection()
    doc["item"][0]["item"][0]["response"][0]["body"] = json.dumps({"k\u202e\x7f": 1})
    source = _write(tmp_path / "hostile.json", doc)
    done = subprocess.run(
        [sys.executable, "-m", "generator", *command, str(source)],
        cwd=REPO,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("utf-8")
    assert not UNSAFE.search(text + done.stderr.decode("utf-8")), text
    if command[0] == "inspect":
        assert json.loads(text)["collection"]["name"] == f"Shop{OSC_TITLE}\u202e"
        # a lone surrogate is read as U+FFFD (generator.loader.lenient_json), the rest kept
        assert json.loads(text)["variables"][0]["value"] == "eu\u202e\ufffd"
    else:
        models = json.loads(text)["$defs"].values()
        assert any("k\u202e\x7f" in model.get("properties", {}) for model in models)


def test_an_input_error_prints_its_text_escaped(
    run_postc: RunPostc, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A [tool.postc] target in a cloned repository names a file with an escape sequence."""
    (tmp_path / "pyproject.toml").write_text(
        '[[tool.postc.targets]]\ncollection = "api\\u001b]0;owned\\u0007\\u202e.json"\n'
        'output = "client"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    status, out, err = run_postc("generate")
    assert status == 2
    assert not UNSAFE.search(out + err), err
    assert err.startswith("api\\u001b]0;owned\\u0007\\u202e.json: ")
    assert len(err.splitlines()) == 1


# -- Markdown ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<!-- hidden",
        "[x](javascript:alert(1)) ![y](data:text/html,z)",
        "a\n# Heading\n\n- item\n1. item\n> quote\n---\n===",
        "`code` **bold** _em_ ~~strike~~ $x$ &amp; &#60; | pipe \\",
        "<https://autolink.example> https://bare.example www.bare.example ftp://f.example",
        "- + = 12) 3. at the start",
    ],
)
def test_markdown_renders_as_exactly_the_text(text: str) -> None:
    shown = _escaped_html(" ".join(text.split()))
    assert _render(f"Before {markdown(text)} after\n") == f"<p>Before {shown} after</p>\n"
    assert _render(f"{markdown(text)}\n") == f"<p>{shown}</p>\n"  # at the start of a line
    assert _render(f"# {markdown(text)}\n") == f"<h1>{shown}</h1>\n"
    assert _render(f"| a |\n| --- |\n| {markdown(text)} |\n").count("<td>") == 1


@pytest.mark.parametrize(
    "text", ["a`b", "``x", "x`", "<b>|</b>", "GET\n## POST /a", "a\\|b", "| `` |"]
)
def test_a_code_span_shows_exactly_the_text(text: str) -> None:
    flat = " ".join(text.split())
    assert _render(f"x {markdown_code(text)}\n") == f"<p>x <code>{_escaped_html(flat)}</code></p>\n"
    cell = f"| a |\n| --- |\n| {markdown_code(text, in_table=True)} |\n"
    assert re.findall(r"<td>(.*?)</td>", _render(cell)) == [f"<code>{_escaped_html(flat)}</code>"]


def _render(text: str) -> str:
    """HTML as GitHub renders the Markdown, raw HTML let through (``unsafe``)."""
    html: str = cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE)
    return html


def _escaped_html(text: str) -> str:
    """How cmark writes ``text`` as HTML text."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


INJECTED = '<img src=x onerror="alert(1)"><!-- [a](javascript:alert(1)) `|` ![i](data:x)'


def test_the_readme_renders_collection_text_as_text(run_postc: RunPostc, tmp_path: Path) -> None:
    doc = collection_doc(
        {
            "name": f"Things {INJECTED}\n## Injected section",
            "item": [
                {
                    "name": f"List {INJECTED}",
                    "request": {
                        "method": "GET\n## Injected by the method\n<script>alert(1)</script>",
                        "url": "{{base}}/things/`|`<b>x</b>?q=[x](javascript:1)",
                        "auth": {"type": f"sso{INJECTED}"},
                    },
                    "response": [
                        {
                            "name": "bad",
                            "code": 400,
                            "header": [{"key": "Content-Type", "value": "application/json"}],
                            "body": json.dumps({"code": "E1.bad", "message": INJECTED}),
                        }
                    ],
                }
            ],
        },
        variable=[{"key": "base", "value": f"https://api.example.com/{INJECTED}"}],
    )
    doc["info"]["name"] = f"Shop {INJECTED}\n# Injected title\u202e"
    source = _write(tmp_path / "hostile.json", doc)
    status, _, err = run_postc("generate", source, "-o", tmp_path / "out", "--name", "shop")
    assert status == 0, err
    html = _render((tmp_path / "out" / "README.md").read_text(encoding="utf-8"))
    tags = set(re.findall(r"<([a-z0-9]+)", html))
    assert tags <= {"h1", "h2", "p", "pre", "code", "table", "thead", "tbody", "tr", "th", "td",
                    "ul", "li", "a", "em"}, tags  # fmt: skip
    assert "<!--" not in html and "<img" not in html and "<script" not in html
    assert all(href.startswith("https://") for href in re.findall(r'href="([^"]*)"', html))
    headings = [unescape(h) for h in re.findall(r"<h[1-6]>(.*?)</h[1-6]>", html)]
    assert headings[1:] == [
        "Configuration",
        "Authentication postc does not generate",
        "Endpoints",
        "Errors",
        "Responses that differ from the examples",
        "Tests",
    ], headings
    assert headings[0].startswith("Shop <img src=x") and headings[0].endswith(
        "# Injected title\\u202e"
    )
    for table in re.findall(r"<table>.*?</table>", html, re.DOTALL):
        widths = {
            len(re.findall(r"<t[dh]>", row))
            for row in re.findall(r"<tr>.*?</tr>", table, re.DOTALL)
        }
        assert len(widths) == 1, table  # no cell added by a pipe, no row by a line break
    assert "<code>GET ## INJECTED BY THE METHOD &lt;SCRIPT&gt;" in html
    assert "<li><code>E1Bad</code>: 400, <code>E1.bad</code></li>" in html
