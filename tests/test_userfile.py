"""``verify-grads check FILE.py``: a user's derivations, reported like the built-ins, and every
bad input answered with one line and the right exit code."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

import cli
from verify import DerivationError, UsageError
from verify.userfile import find_derivations

TRIALS = ("--trials", "100")

HEADER = """\
import numpy as np
import torch
from verify import derivation, function_derivation

def loss(w, x, t):
    return 0.5 * ((torch.sigmoid(x @ w) - t) ** 2).sum()

SHAPES = {"w": (5, 2), "x": (5,), "t": (2,)}
"""

GOOD = """
def grad(w, x, t):
    O = torch.sigmoid(x @ w)
    return torch.outer(x, (O - t) * O * (1 - O))

perceptron = derivation(loss, grad, wrt="w", shapes=SHAPES, draws={"t": "uniform"})
"""

NUMPY = """
def numpy_grad(w, x, t):
    O = 1 / (1 + np.exp(-np.dot(x, w)))
    return np.outer(x, (O - t) * O * (1 - O))

in_numpy = derivation(loss, numpy_grad, wrt="w", shapes=SHAPES, draws={"t": "uniform"})
"""

WRONG = """
def flipped(w, x, t):
    O = torch.sigmoid(x @ w)
    return torch.outer(x, (t - O) * O * (1 - O))

def unfinished(w, x, t):
    raise NotImplementedError("delta for the hidden layer")

sign = derivation(loss, flipped, wrt="w", shapes=SHAPES, draws={"t": "uniform"})
raises = derivation(loss, unfinished, wrt="w", shapes=SHAPES, draws={"t": "uniform"})
"""


class Run:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


@pytest.fixture
def check_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch):
    """Write ``source`` to tmp_path/name, run ``verify-grads check`` there, capture it."""
    monkeypatch.chdir(tmp_path)

    def run(source: str | None, *argv: str, name: str = "mine.py") -> Run:
        if source is not None:
            (tmp_path / name).write_text(textwrap.dedent(source), encoding="utf-8")
        code = cli.main(["check", *argv])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)
    return run


def test_a_file_of_right_derivations_verifies(check_file) -> None:
    run = check_file(HEADER + GOOD + NUMPY, "mine.py", *TRIALS)
    assert run.code == 0, run.out + run.err
    from test_cli import table_rows
    assert run.out.startswith("derived gradients vs torch.autograd (100 trials, cpu)")
    assert table_rows(run.out) == [("perceptron", "w", "float64", "verified"),
                                   ("perceptron", "w", "float32", "verified"),
                                   ("in_numpy", "w", "float64", "verified"),
                                   ("in_numpy", "w", "float32", "verified")]
    assert run.out.rstrip().endswith("4 checks: 4 verified, 0 failed, 0 errors, 0 inconclusive")


def test_a_wrong_and_a_raising_derivation_do_not_stop_the_others(check_file) -> None:
    run = check_file(HEADER + GOOD + WRONG, "mine.py", "--dtype", "float64", *TRIALS)
    assert run.code == 1 and run.err == ""
    assert "sign: dw does not match autograd (float64, 100 trials, seed 0)" in run.out
    assert "Diagnosis: derived = -1 x autograd in every trial" in run.out
    assert ("Re-run: verify-grads check mine.py:sign --seed 0 --trials 100 --dtype float64 "
            "--device cpu") in run.out
    assert ("raises: error (float64, cpu): unfinished raised NotImplementedError at "
            "mine.py:21: delta for the hidden layer") in " ".join(run.out.split())
    assert run.out.rstrip().endswith("3 checks: 1 verified, 1 failed, 1 errors, 0 inconclusive")


def test_one_derivation_by_name_and_json(check_file) -> None:
    run = check_file(HEADER + GOOD + WRONG, "mine.py:perceptron", "--json", "-", *TRIALS)
    assert run.code == 0
    report = json.loads(run.out)
    assert report["counts"] == {"verified": 2, "failed": 0, "error": 0, "inconclusive": 0}
    assert [r["name"] for r in report["results"]] == ["perceptron", "perceptron"]


def test_a_module_and_attribute_target(check_file, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "user_grads_module.py").write_text(HEADER + GOOD, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    run = check_file(None, "user_grads_module:perceptron", *TRIALS)
    assert run.code == 0 and "perceptron" in run.out


def test_a_file_of_a_package_with_relative_imports_by_path_and_by_name(check_file,
                                                                        tmp_path: Path) -> None:
    package = tmp_path / "course"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "layers.py").write_text("def twice(x):\n    return 2 * x\n", encoding="utf-8")
    (package / "checks.py").write_text(textwrap.dedent("""\
        from verify import derivation

        from .layers import twice


        square = derivation(lambda x: (x ** 2).sum(), lambda x: twice(x), wrt="x",
                            shapes={"x": (3,)})
        """), encoding="utf-8")
    for target in ("course/checks.py", "course.checks"):  # the folder above is the cwd alone
        run = check_file(None, target, *TRIALS)
        assert run.code == 0, run.out + run.err
        assert run.out.rstrip().endswith("2 checks: 2 verified, 0 failed, 0 errors, "
                                         "0 inconclusive")


def test_a_custom_function_in_a_file(check_file) -> None:
    source = HEADER + textwrap.dedent("""
    class Square(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        def backward(ctx, dout):
            (x,) = ctx.saved_tensors
            return 2 * x * dout

    square = function_derivation(Square, shapes={"x": (3,)})
    square_reference = function_derivation(Square, lambda x: x ** 2, shapes={"x": (3,)})
    """)
    run = check_file(source, "mine.py", *TRIALS)
    assert run.code == 0, run.out
    assert run.out.rstrip().endswith("4 checks: 4 verified, 0 failed, 0 errors, 0 inconclusive")


@pytest.mark.parametrize(("source", "argv", "code", "message"), [
    (None, ["missing.py"], 2, "no such file: missing.py"),
    ("x = 1\n", ["mine.py"], 2,
     "mine.py defines no derivations: assign verify.derivation(loss, grad, wrt=..., "
     "shapes=...) to a module-level name"),
    (HEADER + GOOD, ["mine.py:percepton"], 2, "mine.py has no 'percepton'"),
    (HEADER + GOOD, ["mine.py:loss"], 2,
     "mine.py:loss is a function, not a Derivation: make one with verify.derivation(loss, "
     "grad, wrt=..., shapes=...)"),
    (HEADER + GOOD.replace('wrt="w"', 'wrt="v"'), ["mine.py"], 2,
     "cannot import mine.py: line 14: UsageError: wrt names 'v', which is not an argument of "
     "loss(w, x, t)"),
    (HEADER + GOOD, ["mine.py", "--rtol", "1e-3"], 2,
     "give both rtol and atol, or neither: a trial passes when |derived - autograd| <= atol + "
     "rtol x max |autograd|"),
    (HEADER + GOOD, ["mine.py", "--dtype", "float8"], 2,
     "unknown dtype 'float8'; use one of float64, float32, float16, bfloat16"),
    (HEADER + GOOD, ["mine.py", "--timeout", "0"], 2,
     "timeout must be a positive, finite number of seconds, not 0.0"),
    (None, [], 2, "the following arguments are required: FILE.py|module[:NAME] "
                  "(see verify-grads check --help)"),
    (None, ["no_such_module_anywhere"], 2, "no file or module named 'no_such_module_anywhere'"),
])
def test_bad_input_is_one_line_with_its_exit_code(check_file, source, argv, code,
                                                   message) -> None:
    run = check_file(source, *argv)
    assert run.code == code
    assert run.out == ""
    assert run.err == f"verify-grads: error: {message}\n"


@pytest.mark.parametrize(("body", "error"), [
    ("def grad(w, x, t):\n    return torch.outer(x, x @ w)[:, :1]\n",
     "Diagnosis: derived has shape (5, 1), autograd (5, 2): the gradient must have the shape"),
    ("def grad(w, x, t):\n    return (x[:, None] * w).T\n",
     "Diagnosis: derived has shape (2, 5), autograd (5, 2): transposed"),
    ("def grad(w, x, t):\n    return (w, w)\n",
     "grad returned 2 gradients for 1 in wrt (w): return one per name, in that order"),
    ("def grad(w, x, t):\n    return w.float()\n",
     "Diagnosis: the closed form returned float32 where the inputs are float64"),
    ("def grad(w, x, t):\n    return w / 0\n",
     "Diagnosis: the closed form gives NaN or Inf in 100 trials where autograd is finite"),
])
def test_a_wrong_gradient_says_what_is_wrong_and_exits_1(check_file, body, error) -> None:
    source = HEADER + body + 'mine = derivation(loss, grad, wrt="w", shapes=SHAPES)\n'
    run = check_file(source, "mine.py", "--dtype", "float64", *TRIALS)
    assert run.code == 1 and run.err == ""
    assert error in " ".join(run.out.split())
    verdict = "0 failed, 1 errors" if "returned 2 gradients" in error else "1 failed, 0 errors"
    assert run.out.rstrip().endswith(f"1 checks: 0 verified, {verdict}, 0 inconclusive")


def test_a_loss_that_is_not_a_scalar_is_an_error(check_file) -> None:
    source = HEADER.replace(".sum()", "") + GOOD
    run = check_file(source, "mine.py", "--dtype", "float64", *TRIALS)
    assert run.code == 1
    assert ("perceptron: error (float64, cpu): the loss must return a scalar, but returned "
            "shape (2,); sum or average it") in run.out


def test_user_tolerances_reach_the_verdict(check_file) -> None:
    nearly = HEADER + GOOD.replace("return torch.outer", "return 1.00001 * torch.outer")
    assert check_file(nearly, "mine.py", *TRIALS).code == 1
    run = check_file(nearly, "mine.py", "--rtol", "1e-4", "--atol", "0", *TRIALS)
    assert run.code == 0


@pytest.mark.parametrize(("source", "error"), [
    ("import torch\n\nw = undefined + 1\n",
     "cannot import mine.py: line 3: NameError: name 'undefined' is not defined"),
    ("def loss(w:\n    pass\n", "cannot import mine.py: line 1: SyntaxError: '(' was never closed"),
])
def test_a_file_that_cannot_be_imported_is_an_error_of_its_own(check_file, source,
                                                                error) -> None:
    run = check_file(source, "mine.py", "--dtype", "float64,float32", *TRIALS)
    assert run.code == 1 and run.err == ""
    assert f"mine.py: error (float64,float32, cpu): {error}" in run.out
    assert run.out.rstrip().endswith("1 checks: 0 verified, 0 failed, 1 errors, 0 inconclusive")


def test_debug_shows_the_traceback_of_the_file(check_file) -> None:
    run = check_file("w = undefined\n", "mine.py", "--debug")
    assert run.code == 1
    assert "Traceback (most recent call last)" in run.err
    assert "NameError: name 'undefined' is not defined" in run.err


def test_find_derivations_raises_what_the_file_raised(tmp_path: Path) -> None:
    path = tmp_path / "broken.py"
    path.write_text("import sys\n\nsys.exit(4)\n", encoding="utf-8")
    with pytest.raises(DerivationError, match=r"line 3: called sys.exit\(4\)$") as caught:
        find_derivations(str(path))
    assert isinstance(caught.value.__cause__, SystemExit)


def test_private_names_and_aliases_are_found_once(tmp_path: Path) -> None:
    path = tmp_path / "aliases.py"
    path.write_text(HEADER + GOOD + "again = perceptron\n_hidden = derivation(loss, grad, "
                    "wrt='w', shapes=SHAPES)\n", encoding="utf-8")
    assert [name for name, _ in find_derivations(str(path))] == ["perceptron"]
    with pytest.raises(UsageError, match=r"^not a file: "):
        find_derivations(str(tmp_path))
