"""The engine: reproducible reports, validation of its options, chunked trials."""

from __future__ import annotations

import dataclasses
import json
import signal
import warnings

import pytest
import torch

import verify.engine as engine_module
from derivations import REGISTRY
from verify import UsageError, check, derivation, verify, verify_all
from verify import messages as say
from verify.sample import sample

MLP = REGISTRY["mlp_two_layer"]


def test_the_same_seed_gives_the_same_report() -> None:
    first = verify(MLP, trials=200, seed=7, dtype="float32").to_dict()
    again = verify(MLP, trials=200, seed=7, dtype="float32").to_dict()
    assert json.dumps(first, default=str) == json.dumps(again, default=str)


def test_another_seed_draws_other_inputs() -> None:
    a = sample(MLP, 3, 0, dtype=torch.float64, device="cpu")
    b = sample(MLP, 3, 1, dtype=torch.float64, device="cpu")
    assert not torch.equal(a["W_ij"], b["W_ij"])


def test_samples_are_distinct_per_trial_and_not_constant() -> None:
    drawn = sample(MLP, 4, 0, dtype=torch.float64, device="cpu")
    for name, value in drawn.items():
        assert value.shape[0] == 4
        assert value.unique().numel() == value.numel(), name
    assert ((drawn["t"] > 0) & (drawn["t"] < 1)).all()


def test_low_precision_inputs_are_the_float64_inputs_rounded() -> None:
    exact = sample(MLP, 5, 2, dtype=torch.float64, device="cpu")
    low = sample(MLP, 5, 2, dtype=torch.float16, device="cpu")
    for name in exact:
        assert torch.equal(exact[name].to(torch.float16), low[name])


@pytest.mark.parametrize(("options", "message"), [
    ({"trials": 0}, "trials must be a positive whole number, not 0"),
    ({"trials": -5}, "trials must be a positive whole number, not -5"),
    ({"dtype": "int32"}, "unknown dtype 'int32'; use one of float64, float32, float16, bfloat16"),
    ({"device": "tpu"}, "unknown device 'tpu'; use cpu, cuda or cuda:N"),
    ({"sizes": {"Q": 3}}, "mlp_two_layer has no size 'Q'; its sizes are I, J, K"),
    ({"sizes": {"J": 0}}, "sizes must be positive whole numbers, not {'J': 0}"),
])
def test_misuse_is_a_usage_error_with_one_clear_line(options: dict, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        verify(MLP, **options)
    assert str(caught.value) == message


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has CUDA")
def test_cuda_where_there_is_none_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="CUDA is not available"):
        verify(MLP, device="cuda")


def test_sizes_can_be_changed_per_run() -> None:
    report = verify(MLP, trials=50, sizes={"I": 1, "J": 2, "K": 7})
    assert report.verdict == "verified"


def test_a_closed_form_that_raises_is_an_error_not_a_crash() -> None:
    def gradient(**inputs):
        raise ZeroDivisionError("division by zero in my formula")

    report = verify(dataclasses.replace(MLP, gradient=gradient), trials=10)
    line = gradient.__code__.co_firstlineno + 1
    assert report.verdict == "error"
    assert report.error == (f"gradient raised ZeroDivisionError at tests/test_engine.py:{line}: "
                            "division by zero in my formula")


def test_report_counts_and_summary() -> None:
    report = verify_all([MLP, REGISTRY["perceptron_single"]], trials=20)
    assert report.counts == {"verified": 4, "failed": 0, "error": 0, "inconclusive": 0}
    assert report.summary() == "4 checks: 4 verified, 0 failed, 0 errors, 0 inconclusive"
    assert report.ok


def test_a_report_that_checked_nothing_is_not_ok() -> None:
    assert not verify_all([], trials=20).ok


def gaussian_loss(A, X):
    S = A @ A.T + torch.eye(A.shape[0], dtype=A.dtype)
    return 0.5 * (torch.logdet(S) + (X @ torch.linalg.inv(S) * X).sum(dim=1).mean())


def gaussian_grad(A, X):
    S = A @ A.T + torch.eye(A.shape[0], dtype=A.dtype)
    Si = torch.linalg.inv(S)
    G = 0.5 * (Si - Si @ (X.T @ X / X.shape[0]) @ Si)
    return 2 * G @ A


def _within_a_minute(case, dtype: str):
    """verify() of ``case``, failed with TimeoutError if it does not return in 60 s."""
    def hung(signum: int, frame: object) -> None:
        raise TimeoutError("the check did not return")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    try:
        return verify(case, trials=20, dtype=dtype, shrink=False)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_loss_torch_refuses_to_run_in_half_precision_is_judged_in_float64() -> None:
    # logdet raises "Low precision dtypes not supported. Got Half"
    case = derivation(gaussian_loss, gaussian_grad, wrt="A", shapes={"A": (3, 3), "X": (5, 3)})
    report = _within_a_minute(case, "float16")
    assert report.verdict == "verified", report.error
    assert any("torch cannot run the loss in float16" in n for n in report.notes), report.notes


def half_refusing_loss(x):
    if x.dtype == torch.float16:
        raise RuntimeError("this loss is not for half precision")
    return (x ** 2).sum()


def test_a_loss_that_fails_only_in_half_precision_ends_the_check_with_its_error() -> None:
    # the error passes through two layers of the user's code; once it led back to itself
    # as its own cause, and the search of its causes never ended
    case = derivation(half_refusing_loss, lambda x: 2 * x, wrt="x", shapes={"x": (3,)})
    report = _within_a_minute(case, "float16")
    assert report.verdict == "error"
    assert "this loss is not for half precision" in report.error


BASIS = torch.linalg.qr(torch.arange(1.0, 17.0, dtype=torch.float64).reshape(4, 4).cos())[0]


def basis_energy_loss(x, w):
    return (w * (x @ BASIS.T) ** 2).sum()  # a float64 constant: no float32 run of the loss


def basis_energy_grad(x, w):
    B = BASIS.to(x.dtype)
    return (2 * w * (x @ B.T)) @ B


def test_a_loss_that_runs_in_float64_only_is_judged_without_its_float32_rounding() -> None:
    shapes = {"x": (3, 4), "w": (4,)}
    right = verify(derivation(basis_energy_loss, basis_energy_grad, wrt="x", shapes=shapes),
                   trials=100, shrink=False)
    assert right.verdict == "verified", right.error
    assert any(n.startswith("the loss cannot run in float32") for n in right.notes)
    off = verify(derivation(basis_energy_loss, lambda x, w: 1.001 * basis_energy_grad(x, w),
                            wrt="x", shapes=shapes), trials=100, shrink=False)
    assert off.verdict == "failed"


def spread_loss(x):
    return x.var(dim=0, correction=1).sum()


def spread_grad(x):
    return 2 * (x - x.mean(dim=0)) / (x.shape[0] - 1)


def test_what_the_code_warns_at_sizes_it_was_not_given_is_not_shown() -> None:
    # at N = 1 (a size the check picks) var() warns of its degrees of freedom
    case = derivation(spread_loss, spread_grad, wrt="x", shapes={"x": ("N", "D")},
                      sizes={"N": 4, "D": 3})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = verify(case, trials=50)
    assert report.verdict == "verified", report.error
    assert not [w for w in caught if "degrees of freedom" in str(w.message)], caught


TF32_OFF_AND_BACK = """
import torch
from verify.engine import _tf32_off
{setup}
restore = _tf32_off()
off = {read}
restore()
print(off, {read})
"""


@pytest.mark.parametrize(("setup", "read", "printed"), [
    ("torch.backends.cuda.matmul.allow_tf32 = True",
     "torch.backends.cuda.matmul.allow_tf32", "False True"),
    ("torch.backends.cuda.matmul.fp32_precision = 'tf32'",
     "torch.backends.cuda.matmul.fp32_precision", "ieee tf32"),
])
def test_tf32_is_turned_off_and_back_by_the_flags_the_code_set(setup: str, read: str,
                                                               printed: str) -> None:
    """torch refuses to read one kind of TF32 flag once the other kind is set: each process
    here sets one kind, as checked code may."""
    import subprocess
    import sys
    from pathlib import Path

    script = TF32_OFF_AND_BACK.format(setup=setup, read=read)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parent.parent, check=True)
    assert result.stdout.split() == printed.split()


def base_two_loss(x, g):
    return (g * torch.pow(2.0, x)).sum()


def base_two_grad_without_its_log(x, g):
    return g * torch.pow(2.0, x)


def test_a_power_of_a_number_to_a_tensor_is_explained() -> None:
    # the exponent of 2.0 ** x is a tensor of many elements: no square's 2 to read there
    report = check(base_two_loss, base_two_grad_without_its_log, wrt="x",
                   shapes={"x": (5,), "g": (5,)}, trials=50)
    assert report.verdict == "failed"
    assert not any("stopped the explanation" in w for w in report.warnings), report.warnings
    assert "1.4427 x autograd" in report.first_wrong_step.diagnosis.message


def test_a_fault_while_explaining_a_failure_keeps_the_verdict(monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("no explanation can be made")

    monkeypatch.setattr(engine_module, "_located", broken)
    report = check(base_two_loss, lambda x, g: 3 * g * torch.pow(2.0, x), wrt="x",
                   shapes={"x": (5,), "g": (5,)}, trials=20)
    assert report.verdict == "failed"
    assert say.unexplained("RuntimeError", "no explanation can be made") in report.warnings
