"""The m_ corpus of wrong gradients: perceptrons, two-layer MLPs and L-layer networks
(tests/mistakes/m_<family>_<nn>.py).

Each file is the ground truth for one mistake a student or an engineer makes by hand:
``CAUSE`` names it, the line marked ``# <- wrong`` is the first line whose value differs
from a correct derivation's, ``FIX`` says the correction, and ``grad_fixed`` is the same
code with that one line corrected. The tests hold every file to this: the gradient fails in
float64, its twin verifies, and the two functions differ in the marked line and nowhere else.
"""

from __future__ import annotations

import ast
import collections
import functools
import importlib.util
import pathlib
from types import ModuleType

import pytest

from verify import derivation, verify

CAUSES = frozenset({
    "square-factor", "sign", "batch-mean", "wrong-divisor", "mse-convention", "transpose",
    "activation-derivative-missing", "activation-derivative-of-input", "wrong-layer",
    "reduction-axis", "mask", "missing-term", "wrong-coefficient", "wrong-operand",
    "return-order",
})
FAMILIES = ("perceptron", "mlp", "deep")
MARK = "# <- wrong"
#: Causes a constant factor or the order of the results can name without an edit.
READ_FROM_THE_WHOLE_GRADIENT = frozenset({"sign", "square-factor", "batch-mean",
                                          "mse-convention", "wrong-divisor", "return-order"})
FOLDER = pathlib.Path(__file__).parent / "mistakes"
PATHS = sorted(FOLDER.glob("m_*.py"))
TRIALS = 100

ids = [p.stem for p in PATHS]


@functools.cache
def _load(path: pathlib.Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"mistakes_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _functions(path: pathlib.Path) -> dict[str, ast.FunctionDef]:
    tree = ast.parse(path.read_text())
    return {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}


def _lines(text: list[str], node: ast.FunctionDef) -> list[str]:
    """The body of a function, line by line, without its ``def`` line."""
    return text[node.body[0].lineno - 1:node.end_lineno]


def _dims(module: ModuleType) -> list[tuple[int, ...]]:
    """Every input's shape in numbers, size names replaced by their values."""
    sizes = module.SPEC.get("sizes") or {}
    shapes = module.SPEC["shapes"].values()
    return [tuple(sizes.get(d, d) for d in (s if isinstance(s, tuple) else (s,)))
            for s in shapes]


def _square(module: ModuleType) -> bool:
    return any(len(s) == 2 and s[0] == s[1] > 1 for s in _dims(module))


def _batch(module: ModuleType) -> int | None:
    """The batch size N (or m, in the L-layer notation), when the derivation names it."""
    sizes = module.SPEC.get("sizes") or {}
    return sizes.get("N", sizes.get("m"))


def test_the_corpus_covers_every_cause_both_libraries_and_both_kinds_of_shape() -> None:
    modules = {p: _load(p) for p in PATHS}
    assert len(modules) >= 42
    counts = collections.Counter(m.CAUSE for m in modules.values())
    assert {c: counts[c] for c in CAUSES if counts[c] < 3} == {}
    for family in FAMILIES:
        assert any(p.stem.startswith(f"m_{family}_") for p in PATHS), family
    numpy = [p for p in PATHS if "import numpy as np" in p.read_text()]
    assert 0.3 < len(numpy) / len(PATHS) < 0.7
    named = [m for m in modules.values() if m.SPEC.get("sizes")]
    assert 0.3 < len(named) / len(modules) < 0.7
    square = [m for m in modules.values() if _square(m)]
    assert 10 <= len(square) <= len(modules) - 10
    two = [p.stem for p, m in modules.items()
           if _batch(m) == 2 and m.CAUSE in ("batch-mean", "square-factor")]
    assert len(two) >= 2, two


@pytest.mark.parametrize("path", PATHS, ids=ids)
def test_each_file_is_labelled_named_and_small(path: pathlib.Path) -> None:
    module = _load(path)
    assert path.stem.split("_")[1] in FAMILIES
    assert module.CAUSE in CAUSES
    assert isinstance(module.FIX, str) and module.FIX.endswith(".") and len(module.FIX) < 120
    assert MARK not in module.FIX
    assert module.case.name == path.stem
    assert module.case.inputs == derivation(module.loss, module.grad, **module.SPEC).inputs
    elements = 0
    for shape in _dims(module):
        count = 1
        for d in shape:
            count *= d
        elements += count
    assert elements < 200


@pytest.mark.parametrize("path", PATHS, ids=ids)
def test_one_line_is_marked_and_the_fix_changes_that_line_only(path: pathlib.Path) -> None:
    text = path.read_text().splitlines()
    marked = [i for i, line in enumerate(text, 1) if MARK in line]
    assert len(marked) == 1, marked
    assert text[marked[0] - 1].rstrip().endswith(MARK)
    functions = _functions(path)
    grad, fixed = functions["grad"], functions["grad_fixed"]
    assert grad.lineno < marked[0] <= grad.end_lineno, "the mark lies outside grad"
    wrong, right = _lines(text, grad), _lines(text, fixed)
    assert len(wrong) == len(right)
    differ = [i for i, (a, b) in enumerate(zip(wrong, right, strict=True)) if a != b]
    assert differ == [marked[0] - grad.body[0].lineno]
    assert wrong[differ[0]].split(MARK)[0].rstrip() != right[differ[0]].rstrip()


@pytest.mark.parametrize("path", PATHS, ids=ids)
def test_the_gradient_fails_with_its_cause_proven_at_its_first_wrong_line(
        path: pathlib.Path) -> None:
    module = _load(path)
    report = verify(module.case, trials=TRIALS, shrink=False)
    assert report.verdict == "failed", report.verdict
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == module.CAUSE, diagnosis.message
    if module.CAUSE not in READ_FROM_THE_WHOLE_GRADIENT:
        assert f" of {TRIALS} trials pass" in diagnosis.message
    marked = next(i for i, line in enumerate(path.read_text().splitlines(), 1)
                  if MARK in line)
    assert f"{path.name}:{marked}: " in report.first_wrong_line, report.first_wrong_line


@pytest.mark.parametrize("path", PATHS, ids=ids)
def test_the_gradient_with_the_fix_verifies(path: pathlib.Path) -> None:
    module = _load(path)
    fixed = derivation(module.loss, module.grad_fixed, **module.SPEC, name=path.stem)
    report = verify(fixed, trials=3 * TRIALS, shrink=False)
    assert report.ok, report.explain_failure()
