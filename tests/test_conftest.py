"""The suite's shared helpers (tests/conftest.py) save time without hiding a failure."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from hypothesis import settings

from tests.conftest import MypyStrict, run

NO_HYPOTHESIS = """
def pytest_configure(config):
    assert not config.pluginmanager.has_plugin("hypothesispytest"), "a plugin was loaded"
"""


def test_a_started_pytest_loads_no_installed_plugin(tmp_path: Path) -> None:
    """A generated project's tests run with pytest alone, as its pyproject declares."""
    (tmp_path / "conftest.py").write_text(NO_HYPOTHESIS, encoding="utf-8")
    (tmp_path / "test_one.py").write_text("def test_one():\n    pass\n", encoding="utf-8")
    done = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr


def test_properties_have_no_deadline() -> None:
    assert settings.default is not None and settings.default.deadline is None


def test_no_property_test_sets_a_deadline_of_its_own() -> None:
    """The profile is the default each test's ``@settings(...)`` starts from; a test that
    gave itself a deadline again would be timed on a loaded runner. Every module of the
    suite that uses hypothesis is imported and each property test's settings are read."""
    found = 0
    for path in sorted(Path(__file__).parent.glob("test_*.py")):
        if "hypothesis" not in path.read_text(encoding="utf-8"):
            continue
        module = importlib.import_module(f"tests.{path.stem}")
        for name, test in vars(module).items():
            if name.startswith("test_") and hasattr(test, "hypothesis"):
                # hypothesis keeps the settings a test runs with on the test itself
                chosen = getattr(test, "_hypothesis_internal_use_settings", None)
                assert chosen is not None and chosen.deadline is None, f"{path.name}::{name}"
                found += 1
    assert found >= 20  # the suite's property tests were all seen (not none: vacuous)


def _package(root: Path, body: str) -> None:
    (root / "shop").mkdir(parents=True)
    (root / "shop" / "__init__.py").write_text(body, encoding="utf-8")
    (root / "tests").mkdir()
    (root / "tests" / "__init__.py").write_text("", encoding="utf-8")
    (root / "tests" / "test_shop.py").write_text("import shop\n", encoding="utf-8")


def test_the_warm_mypy_cache_hides_no_error(tmp_path: Path, mypy_strict: MypyStrict) -> None:
    """Two projects with the same module names, one after the other: each is checked as
    it is, never as the cache remembers the other."""
    good, bad = tmp_path / "good", tmp_path / "bad"
    _package(good, "import httpx\n\nCLIENT: httpx.Client | None = None\n")
    _package(bad, "import httpx\n\nCLIENT: httpx.Client = 'a text'\n")
    command = mypy_strict()
    assert run([*command, "shop", "tests"], good).returncode == 0
    checked = run([*command, "shop", "tests"], bad)
    assert checked.returncode == 1 and "Incompatible types" in checked.stdout, checked.stdout
    assert run([*mypy_strict(), "shop", "tests"], bad).returncode == 1
