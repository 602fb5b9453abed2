"""The pytest plugin: a marked module's derivations are tests, failures lead with the diagnosis,
failing cases are kept in the cache and replayed first."""

from __future__ import annotations

import importlib.metadata
import re
import xml.etree.ElementTree as ET

import pytest

from verify.pytest_plugin import _dtypes

pytest_plugins = ["pytester"]

MODULE = '''
import pytest
import torch

from verify import derivation

{mark}


def loss(w, x):
    return 0.5 * (x @ w) ** 2


def grad(w, x):
    return (x @ w) * x


def grad_flipped(w, x):
    return {flipped}


right = derivation(loss, grad, wrt="w", shapes={{"w": (3,), "x": (3,)}})
flipped = derivation(loss, grad_flipped, wrt="w", shapes={{"w": (3,), "x": (3,)}})
_private = flipped


def test_plain():
    pass
'''
MARKED = "pytestmark = pytest.mark.grads"
WRONG = "-(x @ w) * x"
FAST = ("--grads-trials", "20", "--grads-dtype", "float64")
#: fnmatch patterns: ``[[]`` is a literal ``[``.
SUMMARY = ("FAILED test_grads.py::flipped[[]float64] - flipped: dw (float64): sign: derived = -1 x "
           "autograd in every trial: the sign is flipped*")


@pytest.fixture
def tests(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A folder with test_grads.py: one right derivation, one with its sign flipped. Its
    runs load the plugin alone (see ``run``), in a terminal wide enough for every line."""
    monkeypatch.setenv("COLUMNS", "400")
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.makepyfile(test_grads=MODULE.format(mark=MARKED, flipped=WRONG))
    return pytester


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """pytest in this process, with no plugin but this one (others are slow to import)."""
    return pytester.runpytest_inprocess("-p", "verify.pytest_plugin", *args)


def test_the_plugin_is_registered_for_pytest() -> None:
    found = importlib.metadata.entry_points(group="pytest11")
    assert ("verify_grads", "verify.pytest_plugin") in {(e.name, e.value) for e in found}


def test_a_marked_module_has_one_test_per_derivation_and_dtype(tests: pytest.Pytester) -> None:
    tests.makepyfile(test_unmarked=MODULE.format(mark="", flipped=WRONG))
    result = run(tests, "--collect-only", "-q")
    assert [line for line in result.outlines if "::" in line] == [
        "test_grads.py::right[float64]", "test_grads.py::right[float32]",
        "test_grads.py::flipped[float64]", "test_grads.py::flipped[float32]",
        "test_grads.py::test_plain", "test_unmarked.py::test_plain"]


def test_all_dtypes_is_every_dtype_the_engine_checks() -> None:
    assert _dtypes("all") == ("float64", "float32", "float16", "bfloat16")
    assert _dtypes("float32, torch.float16") == ("float32", "float16")


def test_a_failure_leads_with_its_diagnosis_in_the_summary_and_junit_xml(
        tests: pytest.Pytester) -> None:
    result = run(tests, *FAST, "-rf", "-k", "flipped", "--junitxml=out.xml")
    result.assert_outcomes(failed=1, deselected=2)
    result.stdout.fnmatch_lines([
        "*_ flipped[[]float64] _*",
        "flipped: dw (float64): sign: derived = -1 x autograd in every trial*",
        "flipped: dw does not match autograd (float64, 20 trials, seed 0)",
        "Mismatched elements: 60 / 60 in 20 / 20 trials",
        "Re-run in pytest: pytest 'test_grads.py::flipped[[]float64]' --grads-seed 0 "
        "--grads-trials 20",
        SUMMARY,
    ])
    assert "verify/engine.py" not in result.stdout.str()  # no frames of the verifier
    case = ET.parse(tests.path / "out.xml").getroot().find(".//testcase")
    assert case is not None
    assert (case.get("classname"), case.get("name")) == ("test_grads", "flipped[float64]")
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message", "").startswith("flipped: dw (float64): sign: derived = -1 x")
    assert "Mismatched elements: 60 / 60" in (failure.text or "")


def test_a_failing_case_is_kept_and_replayed_first(tests: pytest.Pytester) -> None:
    first = run(tests, *FAST, "-x", "--grads-seed", "random")
    first.assert_outcomes(passed=1, failed=1)  # -x: test_plain never ran
    header = re.search(r"^verify-grads: --grads-seed (\d+) \(random\), --grads-trials 20, "
                       r"--grads-dtype float64$", first.stdout.str(), re.MULTILINE)
    assert header is not None
    seed = header.group(1)
    first.stdout.fnmatch_lines([f"*--grads-seed {seed} --grads-trials 20"])
    again = run(tests, *FAST, "-rf")  # seed 0 now: the kept seed is replayed
    again.assert_outcomes(passed=2, failed=1)
    again.stdout.fnmatch_lines([
        "flipped: dw (float64): sign: *",
        "Replayed first: the failing case that an earlier run kept in pytest's cache "
        f"(seed {seed}, trial 0) fails again",
        f"flipped: dw does not match autograd (float64, 1 trials, seed {seed})",
        "Re-run in pytest: pytest 'test_grads.py::flipped[[]float64]'",
        "verify-grads: replayed 1 failing case kept in pytest's cache: 1 failed again, "
        "0 pass now",
        SUMMARY,
    ])
    tests.makepyfile(test_grads=MODULE.format(mark=MARKED, flipped="(x @ w) * x"))
    mended = run(tests, *FAST, "-k", "flipped")
    mended.assert_outcomes(passed=1, deselected=2)
    mended.stdout.fnmatch_lines(["verify-grads: replayed 1 failing case kept in pytest's "
                                 "cache: 0 failed again, 1 pass now"])
    kept = list((tests.path / ".pytest_cache" / "v" / "verify-grads" / "failing").iterdir())
    assert [path.read_text() for path in kept] == ["null"]


@pytest.mark.parametrize(("option", "value", "says"), [
    ("--grads-trials", "0", "'0' is not a positive number of trials"),
    ("--grads-seed", "soon", "'soon' is neither a seed (0, 1, 2 ...) nor 'random'"),
    ("--grads-dtype", "float8", "unknown dtype 'float8'; use one of float64, float32, "
                                "float16, bfloat16"),
])
def test_a_bad_option_is_a_usage_error(tests: pytest.Pytester, option: str, value: str,
                                       says: str) -> None:
    result = run(tests, option, value)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert says in result.stderr.str()


def test_an_error_in_the_gradient_shows_the_users_traceback(tests: pytest.Pytester) -> None:
    tests.makepyfile(test_grads=MODULE.format(mark=MARKED, flipped="1 / 0"))
    result = run(tests, *FAST, "-k", "flipped", "-rf")
    result.assert_outcomes(failed=1, deselected=2)
    result.stdout.fnmatch_lines([
        "flipped: error (float64, cpu): grad_flipped raised ZeroDivisionError at "
        "test_grads.py:18: division by zero",
        "Traceback (most recent call last):",
        '  File "*test_grads.py", line 18, in grad_flipped',
        "ZeroDivisionError: division by zero",
        "FAILED test_grads.py::flipped[[]float64] - flipped: error (float64, cpu): grad_flipped "
        "raised ZeroDivisionError*",
    ])
    assert "verify/engine.py" not in result.stdout.str()
