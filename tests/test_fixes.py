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


# -- edits that reach past the located line's own text ----------------------------------

SLOPE = 0.01


def small_leaky_loss(x, dout):
    return (dout * F.leaky_relu(x, SLOPE)).sum()


def leaky_grad_zeroed(x, dout):
    dx = dout.clone()
    dx[x < 0] = 0
    return dx


def relu_gate_on_the_gradient(x, dout):
    return dout * (dout > 0)


def _proven(case) -> tuple[str, str, str]:
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    return diagnosis.cause, diagnosis.message, report.first_wrong_line


def test_elements_zeroed_through_a_mask_get_the_leaky_slope_back() -> None:
    cause, message, line = _proven(derivation(small_leaky_loss, leaky_grad_zeroed, wrt="x",
                                              shapes={"x": (6, 4), "dout": (6, 4)}))
    assert cause == "mask", message
    assert "`dx[x < 0] = SLOPE * dx[x < 0]`, not `dx[x < 0] = 0`" in message
    assert "dx[x < 0] = 0" in line


def test_a_mask_read_from_the_wrong_value_is_a_mask() -> None:
    cause, message, _ = _proven(derivation(
        lambda x, dout: (dout * torch.relu(x)).sum(), relu_gate_on_the_gradient, wrt="x",
        shapes={"x": (6, 4), "dout": (6, 4)}))
    assert cause == "mask", message
    assert "(dout -> x in the mask)" in message


def sigmoid(v):
    return 1 / (1 + torch.exp(-v))


def softplus_grad_at_the_output(x, dout):
    out = F.softplus(x)
    return dout * sigmoid(out)


def test_a_helper_handed_the_output_is_blamed_where_it_is_called() -> None:
    cause, message, line = _proven(derivation(
        lambda x, dout: (dout * F.softplus(x)).sum(), softplus_grad_at_the_output, wrt="x",
        shapes={"x": (6, 4), "dout": (6, 4)}))
    assert cause == "activation-derivative-of-input", message
    assert "return dout * sigmoid(out)" in line


def norm_loss(x, g):
    mu = x.mean(0)
    var = x.var(0, unbiased=False)
    return (g * (x - mu) / torch.sqrt(var + 1e-5)).sum()


def norm_grad_with_one_sign_flipped(x, g):
    n = x.shape[0]
    inv_std = 1 / torch.sqrt(x.var(0, unbiased=False) + 1e-5)
    x_hat = (x - x.mean(0)) * inv_std
    return inv_std / n * (n * g - g.sum(0) + x_hat * (g * x_hat).sum(0))


def test_one_term_of_a_sum_with_the_wrong_sign() -> None:
    cause, message, _ = _proven(derivation(norm_loss, norm_grad_with_one_sign_flipped,
                                           wrt="x", shapes={"x": (8, 3), "g": (8, 3)}))
    assert cause == "sign", message
    assert "(+ x_hat * (g * x_hat).sum(0) -> - x_hat * (g * x_hat).sum(0))" in message


class Scale:
    def __init__(self, alpha=0.2):
        self.alpha = alpha

    def backward(self, x, dout):
        return torch.where(x > 0, dout, 0.01 * dout)


def leaky_layer_grad(x, dout):
    return Scale().backward(x, dout)


def test_a_number_where_the_layer_holds_its_own_slope() -> None:
    cause, message, _ = _proven(derivation(
        lambda x, dout: (dout * F.leaky_relu(x, 0.2)).sum(), leaky_layer_grad, wrt="x",
        shapes={"x": (6, 4), "dout": (6, 4)}))
    assert cause == "wrong-coefficient", message
    assert "(0.01 -> self.alpha)" in message
