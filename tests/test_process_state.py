"""What checked code changes in the process that checks it (the recursion limit, sys.modules,
a timer, torch's own functions) is put back, and costs only the check it was done in; odd but
correct code (an argument named ``self``, long doubles, ``.numpy()`` at the end) verifies."""

from __future__ import annotations

import math
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
import torch

from verify import derivation, function_derivation, verify
from verify.guard import ProcessState
from verify.userfile import check_targets

ROOT = Path(__file__).resolve().parent.parent

NEIGHBOURS = '''\
import torch
from verify import derivation


def square(x):
    return (x ** 2).sum()


def right(x):
    return 2 * x


def flipped(x):
    return x - 3 * x


good = derivation(square, right, wrt="x", shapes={"x": (4,)})
bad = derivation(square, flipped, wrt="x", shapes={"x": (4,)})
'''


def _file(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return str(path)


def _outcomes(report) -> dict[str, str]:
    return {f"{r.origin.target.rsplit('/', 1)[-1]}": r.error or r.verdict
            for r in report.results}


@pytest.mark.parametrize("change", [
    "import sys\nsys.setrecursionlimit(40)\n",
    "import sys\nsys.modules['numpy'] = None\n",
    "import signal\n\n\ndef _late(*_):\n    raise TimeoutError('late')\n\n\n"
    "signal.signal(signal.SIGALRM, _late)\nsignal.setitimer(signal.ITIMER_REAL, 0.5)\n",
])
def test_what_a_file_changes_when_imported_is_put_back_before_its_checks(
        tmp_path: Path, monkeypatch, change: str) -> None:
    monkeypatch.chdir(tmp_path)
    _file(tmp_path, "plain.py", NEIGHBOURS)
    _file(tmp_path, "changes.py", change + "\n" + NEIGHBOURS.replace("def square", """\
def slow_right(x):
    import time
    time.sleep(1)
    return 2 * x


def square"""))
    report = check_targets(["plain.py", "changes.py"], dtypes=["float64"], trials=30)
    assert _outcomes(report) == {"plain.py:good": "verified", "plain.py:bad": "failed",
                                 "changes.py:good": "verified", "changes.py:bad": "failed"}


PATCHES = NEIGHBOURS.replace("good = ", '''\
def patching(x):
    torch.Tensor.__sub__ = lambda a, b: torch.zeros_like(a)
    return 2 * x


patcher = derivation(square, patching, wrt="x", shapes={"x": (4,)})
good = ''')


def test_a_torch_function_replaced_while_checked_is_that_check_s_error_and_put_back(
        tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    _file(tmp_path, "patches.py", PATCHES)
    outcomes = _outcomes(check_targets(["patches.py"], dtypes=["float64"], trials=30))
    assert outcomes["patches.py:bad"] == "failed"  # x - 3 x, with torch's own subtraction
    assert outcomes["patches.py:good"] == "verified"
    assert outcomes["patches.py:patcher"].startswith(
        "the code replaced torch.Tensor.__sub__ while it was checked")


def test_a_file_that_replaces_a_numpy_function_when_imported_is_checked_on_numpy_s_own(
        tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    _file(tmp_path, "imports.py", "import numpy as np\n\nnp.exp = lambda v: v\n\n" + NEIGHBOURS)
    report = check_targets(["imports.py"], dtypes=["float64"], trials=30)
    good = next(r for r in report.results if r.name == "good")
    assert good.verdict == "verified"
    assert any("replaced numpy.exp when it was imported" in w for w in good.warnings)


def test_the_state_put_back_names_only_what_was_replaced() -> None:
    state = ProcessState()
    own, exp = vars(torch.Tensor).get("__sub__"), np.exp
    try:
        torch.Tensor.__sub__ = lambda a, b: a  # type: ignore[method-assign, assignment]
        np.exp = np.log  # type: ignore[misc]
        assert sorted(state.restore()) == ["numpy.exp", "torch.Tensor.__sub__"]
    finally:  # where the restore failed, the test leaves torch and numpy as they were
        np.exp = exp  # type: ignore[misc]
        if own is not None:
            torch.Tensor.__sub__ = own  # type: ignore[method-assign]
        elif "__sub__" in vars(torch.Tensor):
            del torch.Tensor.__sub__
    assert np.exp(0.0) == 1.0
    assert torch.tensor(3.0) - torch.tensor(1.0) == 2.0
    assert state.restore() == []


def test_what_torch_itself_rebinds_is_neither_named_nor_put_back() -> None:
    """``use_deterministic_algorithms`` wraps ``torch.manual_seed`` and ``set_default_dtype``
    points ``torch.Storage`` at another class: torch's API did that, not the checked code."""
    state = ProcessState()
    seed, storage = torch.manual_seed, torch.Storage
    try:
        torch.use_deterministic_algorithms(True)
        torch.set_default_dtype(torch.float64)
        assert torch.Storage is not storage  # what the test is about: torch rebinds it
        assert state.restore() == []
        assert torch.Storage is torch.DoubleStorage
    finally:
        torch.use_deterministic_algorithms(False)
        torch.set_default_dtype(torch.float32)
        torch.manual_seed = seed  # type: ignore[assignment]
    torch.manual_seed = lambda s: None  # type: ignore[assignment]
    try:  # a function of one's own in its place is still named
        assert state.restore() == ["torch.manual_seed"]
    finally:
        torch.manual_seed = seed  # type: ignore[assignment]
    assert torch.Storage is storage


def poisson_loss(beta, X, y):
    eta = X @ beta
    return (torch.exp(eta) - y * eta).sum()


def poisson_grad(beta, X, y):
    return X.T @ (np.exp(X @ beta) - y)


def test_anomaly_mode_left_on_changes_no_verdict_and_is_left_on() -> None:
    """At the probed scale 8 ``exp`` overflows and autograd's gradient is NaN, which anomaly
    mode turns into an exception; the checks run without it and leave it as it was."""
    case = derivation(poisson_loss, poisson_grad, wrt="beta",
                      shapes={"beta": (3,), "X": (6, 3), "y": (6,)}, draws={"y": ("labels", 5)})
    with torch.autograd.set_detect_anomaly(True):
        report = verify(case, trials=200)
        assert torch.is_anomaly_enabled()
    assert report.verdict == "verified", report.explain_failure()
    assert report.error is None


def labels_marked_in_place_loss(logits, t):
    t[t == 3] = -100
    return torch.nn.functional.cross_entropy(logits, t, ignore_index=-100, reduction="sum")


def labels_marked_in_place_grad(logits, t):
    t = t.clone()
    t[t == 3] = -100
    keep = t != -100
    p = torch.softmax(logits, 1)
    p[keep, t[keep]] -= 1
    p[~keep] = 0
    return p


def test_a_loss_that_writes_into_its_labels_one_trial_at_a_time_verifies() -> None:
    """The boolean index keeps vmap off; each trial's labels are its own, so the later
    trials' writes leave the earlier ones' saved labels as autograd saved them."""
    case = derivation(labels_marked_in_place_loss, labels_marked_in_place_grad, wrt="logits",
                      shapes={"logits": (6, 3), "t": (6,)}, draws={"t": ("labels", 4)})
    report = verify(case, trials=50)
    assert report.verdict == "verified", report.error or report.explain_failure()
    assert report.mode == "per-trial loop"


def self_loss(self, v):
    return (self * v).sum()


def self_grad(self, v):
    return v


def test_an_input_named_self_is_checked_like_any_other() -> None:
    case = derivation(self_loss, self_grad, wrt="self", shapes={"self": (3,), "v": (3,)})
    assert verify(case, trials=20).verdict == "verified"


def cube_loss(x):
    return (x ** 3).sum()


def cube_grad_in_long_double(x):
    x = np.asarray(x, dtype=np.longdouble)
    return 3 * x ** 2


def test_a_gradient_computed_in_long_double_is_read_in_float64() -> None:
    case = derivation(cube_loss, cube_grad_in_long_double, wrt="x", shapes={"x": (5,)})
    assert verify(case, trials=20).verdict == "verified"


def sigmoid_loss(w, x):
    return torch.sigmoid(x @ w).sum()


def sigmoid_grad_as_numpy(w, x):
    s = torch.sigmoid(x @ w)
    return (x.T @ (s * (1 - s))).numpy()


def test_torch_code_that_hands_back_a_numpy_array_is_run_on_tensors() -> None:
    case = derivation(sigmoid_loss, sigmoid_grad_as_numpy, wrt="w",
                      shapes={"w": (3,), "x": (4, 3)})
    for dtype in ("float64", "float32"):
        report = verify(case, trials=20, dtype=dtype)
        assert report.verdict == "verified", report.error


def nan_loss(x):
    return (x ** 2).sum() * float("nan")


def test_a_loss_that_is_nan_everywhere_is_an_error_that_says_so() -> None:
    report = verify(derivation(nan_loss, right_twice, wrt="x", shapes={"x": (3,)}), trials=20)
    assert report.verdict == "error"
    assert report.error.startswith("the loss is NaN or infinite in each of the first 8 trials")


def right_twice(x):
    return 2 * x


@pytest.mark.parametrize("seconds", ["inf", "nan", "0"])
def test_a_timeout_that_is_not_a_positive_finite_number_is_bad_usage(
        run_cli, tmp_path: Path, seconds: str) -> None:
    path = _file(tmp_path, "plain.py", NEIGHBOURS)
    run = run_cli("check", path, "--timeout", seconds)
    assert run.code == 2
    assert "timeout must be a positive, finite number of seconds" in run.err


def test_one_name_in_two_files_is_shown_with_each_file(run_cli, tmp_path: Path) -> None:
    _file(tmp_path, "one.py", NEIGHBOURS)
    _file(tmp_path, "two.py", NEIGHBOURS)
    run = run_cli("check", str(tmp_path / "one.py"), str(tmp_path / "two.py"),
                  "--dtype", "float64", "--trials", "20")
    assert run.code == 1
    for label in ("one.py:good", "one.py:bad", "two.py:good", "two.py:bad"):
        assert label in run.out


PYTEST_MODULE = '''\
import os

import pytest
import torch
from verify import derivation

pytestmark = pytest.mark.grads


def square(x):
    return (x ** 2).sum()


def ends(x):
    os._exit(0)


def flipped(x):
    return -2 * x


ending = derivation(square, ends, wrt="x", shapes={"x": (4,)})
bad = derivation(square, flipped, wrt="x", shapes={"x": (4,)})
'''


@pytest.mark.parametrize("extra", [[], ["-p", "no:cacheprovider"]])
def test_pytest_reports_every_derivation_when_one_ends_the_process(
        tmp_path: Path, extra: list[str]) -> None:
    _file(tmp_path, "test_ends.py", PYTEST_MODULE)
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:randomly",
                          "test_ends.py", "--grads-trials", "20", "--grads-dtype", "float64",
                          *extra], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 1, run.stdout + run.stderr
    assert "2 failed" in run.stdout
    assert "ends called sys.exit(0)" in run.stdout or "os._exit" in run.stdout \
        or "SystemExit" in run.stdout, run.stdout


class FloatBuffer(torch.autograd.Function):
    """x @ w into a buffer of the default dtype (float32), whatever the inputs are."""

    @staticmethod
    def forward(ctx, x, w):
        out = torch.empty(x.shape[0], w.shape[1])
        out[:] = x @ w
        ctx.save_for_backward(x, w)
        return out

    @staticmethod
    def backward(ctx, dout):
        x, w = ctx.saved_tensors
        return torch.mm(dout, w.T), torch.mm(x.T, dout)  # mm refuses float with double


def float_buffer_reference(x, w):
    return x @ w


def test_code_fixed_to_float32_says_that_every_check_is_decided_in_float64() -> None:
    case = function_derivation(FloatBuffer, float_buffer_reference,
                               shapes={"x": (4, 3), "w": (3, 3)})
    report = verify(case, trials=20, dtype="float32")
    assert report.verdict == "error"
    assert "(in float64: every check is decided on float64 inputs first" in report.error


def exp_loss(z):
    return torch.exp(z).sum()


def exp_grad_of_floats(z):
    return [math.exp(float(v)) for v in z]


def test_the_input_scale_that_made_the_code_raise_is_the_one_named() -> None:
    report = verify(derivation(exp_loss, exp_grad_of_floats, wrt="z", shapes={"z": (3,)},
                               draws={"z": ("normal", 100.0)}), trials=40)
    raised = [w for w in report.warnings if "the code raised" in w]
    assert raised and raised[0].startswith("at input scale 8 the code raised: "), raised


def causal_loss(s, g):
    keep = torch.ones(s.shape[-1], s.shape[-1]).tril().bool()
    masked = torch.where(keep, s, s.new_full((), -1e6))  # -inf in float16, refused by vmap
    return (g * torch.softmax(masked, dim=-1)).sum()


def causal_grad(s, g):
    keep = torch.ones(s.shape[-1], s.shape[-1]).tril().bool()
    p = torch.softmax(torch.where(keep, s, torch.full_like(s, float("-inf"))), dim=-1)
    return p * (g - (g * p).sum(-1, keepdim=True))


def test_a_loss_vmap_refuses_in_one_dtype_alone_runs_one_trial_at_a_time_there() -> None:
    case = derivation(causal_loss, causal_grad, wrt="s", shapes={"s": (4, 4), "g": (4, 4)})
    report = verify(case, trials=40, dtype="float16")
    assert report.verdict == "verified", report.error
