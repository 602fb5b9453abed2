"""Proven causes (verify.fixes): an edit of the first wrong line that makes every trial pass.

Each cause is covered file by file by the mistake corpora (tests/test_mistakes_*.py); these
tests hold the cases the corpora do not: coincidences of sizes, code left as it was, and no
cause where no edit mends the code.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from verify import derivation, verify

TRIALS = 100


def softmax_loss(x, t):
    return F.cross_entropy(x, t)


def softmax_grad_without_mean(x, t):
    p = torch.softmax(x, dim=1)
    p[torch.arange(x.shape[0]), t] -= 1
    return p


def test_a_missing_batch_mean_at_n_2_is_no_square_factor() -> None:
    case = derivation(softmax_loss, softmax_grad_without_mean, wrt="x",
                      shapes={"x": ("N", "C"), "t": ("N",)}, sizes={"N": 2, "C": 3},
                      draws={"t": ("labels", 3)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "batch-mean", diagnosis.message
    assert "square" not in diagnosis.message


def linear_loss(W, x, t):
    return 0.5 * ((x @ W - t) ** 2).sum() / x.shape[0]


def linear_grad_divided_by_features(W, x, t):
    dy = (x @ W - t) / x.shape[1]
    return x.T @ dy


def test_a_divisor_from_the_wrong_axis_is_named_with_integer_shapes() -> None:
    case = derivation(linear_loss, linear_grad_divided_by_features, wrt="W",
                      shapes={"W": (3, 2), "x": (4, 3), "t": (4, 2)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "wrong-divisor", diagnosis.message
    assert "x.shape[1] -> x.shape[0]" in diagnosis.message
    assert f"{TRIALS} of {TRIALS} trials pass" in diagnosis.message


def leaky_loss(x, dout):
    return (dout * F.leaky_relu(x, 0.1)).sum()


def leaky_grad_without_slope(x, dout):
    return torch.where(x > 0, dout, torch.zeros_like(dout))


def test_a_forgotten_leaky_slope_is_a_mask_not_a_factor() -> None:
    case = derivation(leaky_loss, leaky_grad_without_slope, wrt="x",
                      shapes={"x": (4, 3), "dout": (4, 3)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "mask", diagnosis.message
    assert "0.01 * dout" in diagnosis.message or "* dout where" in diagnosis.message


def tanh_loss(x, W):
    return torch.tanh(x @ W).sum()


def tanh_grad(x, W):
    z = x @ W
    h = torch.tanh(z)  # noqa: F841 - held, and not used: the mistake
    dz = 1 - z ** 2
    return x.T @ dz


def test_the_edited_code_is_put_back() -> None:
    code = tanh_grad.__code__
    case = derivation(tanh_loss, tanh_grad, wrt="W", shapes={"x": (4, 3), "W": (3, 2)})
    report = verify(case, trials=TRIALS, shrink=False)
    assert report.first_wrong_step.diagnosis.cause == "activation-derivative-of-input"
    assert "z -> h" in report.first_wrong_step.diagnosis.message
    assert tanh_grad.__code__ is code
    assert verify(case, trials=TRIALS, shrink=False, explain=False).verdict == "failed"


def nonsense_grad(x, W):
    return torch.cos(W) * x.sum() + W ** 3


def test_no_cause_is_guessed_where_no_edit_mends_the_code() -> None:
    case = derivation(tanh_loss, nonsense_grad, wrt="W", shapes={"x": (4, 3), "W": (3, 2)})
    report = verify(case, trials=TRIALS, shrink=False)
    assert report.verdict == "failed"
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.proven is None
    assert "trials pass" not in diagnosis.message
    assert report.first_wrong_line is not None
