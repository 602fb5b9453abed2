"""The l_ corpus of wrong gradients: softmax with loss, affine, activation, batch-norm,
regulariser and graph-node layers (tests/mistakes/l_<family>_<nn>.py).

Each file is the ground truth for one mistake: ``CAUSE`` names it, the line marked
``# <- wrong`` is the first line whose value differs from a correct derivation's, and
``grad_fixed`` is the same code with that one line corrected. The tests hold the files to it:
the gradient fails in float64, its twin verifies, and the two differ in the marked line only.
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
FAMILIES = ("softmax", "affine", "act", "bn", "reg", "graph")
MARK = "# <- wrong"
#: Causes a constant factor or the order of the results can name without an edit.
READ_FROM_THE_WHOLE_GRADIENT = frozenset({"sign", "square-factor", "batch-mean",
                                          "mse-convention", "wrong-divisor", "return-order"})
FOLDER = pathlib.Path(__file__).parent / "mistakes"
PATHS = sorted(FOLDER.glob("l_*.py"))
TRIALS = 100


@functools.cache
def _load(path: pathlib.Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"mistakes_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _marked(path: pathlib.Path) -> list[int]:
    """1-based numbers of the lines that carry the mark."""
    lines = path.read_text().splitlines()
    return [i for i, line in enumerate(lines, 1) if MARK in line]


def _body(lines: list[str], node: ast.FunctionDef) -> tuple[int, list[str]]:
    """A function's lines after its docstring: (number of the first, the lines)."""
    first = node.body[0]
    docstring = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
    start = node.body[1].lineno if docstring and len(node.body) > 1 else first.lineno
    return start, lines[start - 1:node.end_lineno]


def _batch(module: ModuleType) -> int | None:
    """N, the batch size, when the derivation names it."""
    return (module.SPEC.get("sizes") or {}).get("N")


def _square(module: ModuleType) -> bool:
    sizes = module.SPEC.get("sizes") or {}
    shapes = [tuple(sizes.get(d, d) for d in (s if isinstance(s, tuple) else (s,)))
              for s in module.SPEC["shapes"].values()]
    return any(len(s) == 2 and s[0] == s[1] for s in shapes)


def _uses_numpy(path: pathlib.Path) -> bool:
    return "import numpy as np" in path.read_text()


ids = [p.stem for p in PATHS]


def test_the_corpus_covers_every_cause_both_libraries_and_both_kinds_of_shape() -> None:
    modules = {p: _load(p) for p in PATHS}
    assert len(PATHS) >= 42
    counts = collections.Counter(m.CAUSE for m in modules.values())
    assert {c: counts[c] for c in CAUSES if counts[c] < 3} == {}
    numpy = sum(_uses_numpy(p) for p in PATHS)
    assert 0 < numpy < len(PATHS)
    named = sum(bool(m.SPEC.get("sizes")) for m in modules.values())
    assert 0 < named < len(PATHS)
    assert sum(_square(m) for m in modules.values()) >= 5
    assert sum(not _square(m) for m in modules.values()) >= 5
    two = [p.stem for p, m in modules.items()
           if _batch(m) == 2 and m.CAUSE in ("batch-mean", "square-factor")]
    assert len(two) >= 2
    assert any(p.stem.startswith("l_softmax_") and m.CAUSE == "wrong-divisor"
               for p, m in modules.items())


@pytest.mark.parametrize("path", PATHS, ids=ids)
def test_each_file_is_labelled_and_named(path: pathlib.Path) -> None:
    module = _load(path)
    family = path.stem.split("_")[1]
    assert family in FAMILIES
    assert module.CAUSE in CAUSES
    assert isinstance(module.FIX, str) and module.FIX.endswith(".") and len(module.FIX) < 120
    assert module.case.name == path.stem
    assert module.case.inputs == derivation(module.loss, module.grad, **module.SPEC).inputs
    sizes = module.SPEC.get("sizes") or {}
    elements = 0
    for shape in module.SPEC["shapes"].values():
        count = 1
        for d in shape if isinstance(shape, tuple) else (shape,):
            count *= sizes.get(d, d)
        elements += count
    assert elements < 200


@pytest.mark.parametrize("path", PATHS, ids=ids)
def test_one_line_is_marked_and_its_twin_differs_there_only(path: pathlib.Path) -> None:
    marked = _marked(path)
    assert len(marked) == 1, marked
    text = path.read_text()
    lines = text.splitlines()
    assert lines[marked[0] - 1].rstrip().endswith(MARK)
    functions = [n for n in ast.walk(ast.parse(text)) if isinstance(n, ast.FunctionDef)]
    enclosing = [f for f in functions if f.lineno < marked[0] <= f.end_lineno]
    assert enclosing, "the mark lies outside every function"
    wrong = min(enclosing, key=lambda f: f.end_lineno - f.lineno)
    start, body = _body(lines, wrong)
    twins = []
    for other in functions:
        _, other_body = _body(lines, other)
        if other is wrong or len(other_body) != len(body):
            continue
        differ = [i for i, (a, b) in enumerate(zip(body, other_body, strict=True)) if a != b]
        if differ == [marked[0] - start]:
            twins.append(other.name)
    assert twins, f"no function is {wrong.name} with line {marked[0]} corrected"


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
