"""Proven causes (verify.fixes): an edit of the first wrong line that makes every trial pass.

Each cause is covered file by file by the mistake corpora (tests/test_mistakes_*.py); these
tests hold the cases the corpora do not: coincidences of sizes, code left as it was, and no
cause where no edit mends the code.
"""

from __future__ import annotations

import math

import numpy as np
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


def diagnosed(loss, grad, **spec):
    """The first failing step's diagnosis and the report's first wrong line."""
    report = verify(derivation(loss, grad, **spec), trials=TRIALS, shrink=False)
    return report.first_wrong_step.diagnosis, report.first_wrong_line or ""


def avg_pool_loss(x, dout):
    return (dout * F.avg_pool2d(x, 2)).sum()


def avg_pool_grad_by_one_side(x, dout):
    kh = kw = 2
    g = dout / kh
    return g.repeat_interleave(kh, dim=2).repeat_interleave(kw, dim=3)


def test_a_constant_read_by_several_lines_is_not_blamed_for_one_of_them() -> None:
    diagnosis, line = diagnosed(avg_pool_loss, avg_pool_grad_by_one_side, wrt="x",
                                shapes={"x": (1, 2, 4, 6), "dout": (1, 2, 2, 3)})
    assert diagnosis.cause == "wrong-divisor", diagnosis.message
    assert "g = dout / kh" in line
    assert "kh -> kh * kw" in diagnosis.message


def attention_loss(Q, K, V, dout):
    scores = Q @ K.T / Q.shape[1] ** 0.5
    return (dout * (torch.softmax(scores, dim=1) @ V)).sum()


def attention_grad_scaled_by_d(Q, K, V, dout):
    d = Q.shape[1]
    A = torch.softmax(Q @ K.T / d ** 0.5, dim=1)
    dA = dout @ V.T
    dS = A * (dA - (dA * A).sum(dim=1, keepdim=True))
    dS = dS / d
    return dS @ K, dS.T @ Q, A.T @ dout


def test_a_size_where_its_square_root_belongs_is_a_coefficient() -> None:
    diagnosis, line = diagnosed(attention_loss, attention_grad_scaled_by_d,
                                wrt=("Q", "K", "V"), shapes={"Q": ("T", "D"), "K": ("T", "D"),
                                                             "V": ("T", "E"),
                                                             "dout": ("T", "E")},
                                sizes={"T": 5, "D": 4, "E": 3})
    assert diagnosis.cause == "wrong-coefficient", diagnosis.message
    assert "dS = dS / d" in line and "d -> sqrt(d)" in diagnosis.message


def summed_mse_loss(W, x, t):
    return F.mse_loss(x @ W, t, reduction="sum")


def summed_mse_grad_without_2(W, x, t):
    dy = x @ W - t
    return x.T @ dy


def test_a_summed_mse_loss_missing_its_2_is_its_convention() -> None:
    diagnosis, line = diagnosed(summed_mse_loss, summed_mse_grad_without_2, wrt="W",
                                shapes={"W": ("D", "K"), "x": ("N", "D"), "t": ("N", "K")},
                                sizes={"N": 5, "D": 3, "K": 2})
    assert diagnosis.cause == "mse-convention", diagnosis.message
    assert "dy = x @ W - t" in line


def silu_loss(x, dout):
    return (dout * F.silu(x)).sum()


def silu_grad_with_minus(x, dout):
    s = torch.sigmoid(x)
    ds = -s * (1 - s)
    return dout * (s + x * ds)


def test_a_sign_on_a_line_the_walk_passed_is_found_there() -> None:
    diagnosis, line = diagnosed(silu_loss, silu_grad_with_minus, wrt="x",
                                shapes={"x": (3, 5), "dout": (3, 5)})
    assert diagnosis.cause == "sign", diagnosis.message
    assert "ds = -s * (1 - s)" in line and "-s -> s" in diagnosis.message


def elu_loss(x, dout):
    return (dout * F.elu(x)).sum()


def elu_grad_at_output(x, dout):
    out = torch.where(x > 0, x, torch.exp(torch.clamp(x, max=0)) - 1)
    slope = torch.where(x > 0, torch.ones_like(x), torch.exp(torch.clamp(out, max=0)))
    return dout * slope


def test_an_activation_derivative_taken_at_its_output_inside_a_clamp() -> None:
    diagnosis, line = diagnosed(elu_loss, elu_grad_at_output, wrt="x",
                                shapes={"x": (4, 5), "dout": (4, 5)})
    assert diagnosis.cause == "activation-derivative-of-input", diagnosis.message
    assert "slope = " in line and "out -> x" in diagnosis.message


def weighted_square_loss(x, dout):
    return (dout * x * (x ** 2).sum()).sum()


def weighted_square_grad_one_term_halved(x, dout):
    s = (x ** 2).sum()
    dx = dout * s + x * (dout * x).sum()
    return dx


def test_one_term_missing_the_2_of_a_square() -> None:
    diagnosis, line = diagnosed(weighted_square_loss, weighted_square_grad_one_term_halved,
                                wrt="x", shapes={"x": (6,), "dout": (6,)})
    assert diagnosis.cause == "square-factor", diagnosis.message
    assert "dx = " in line and "times 2" in diagnosis.message


def elastic_loss(W, x, t):
    return 0.5 * ((x @ W - t) ** 2).sum() + 0.1 * W.abs().sum()


def elastic_grad_without_l1(W, x, t):
    lam = 0.1  # noqa: F841 - held, and not used: the mistake
    dW = x.T @ (x @ W - t)
    return dW


def test_a_missing_l1_penalty_is_a_missing_sign_term() -> None:
    diagnosis, _ = diagnosed(elastic_loss, elastic_grad_without_l1, wrt="W",
                             shapes={"W": (4, 2), "x": (5, 4), "t": (5, 2)})
    assert diagnosis.cause == "missing-term", diagnosis.message
    assert "lam * torch.sign(W)" in diagnosis.message


def max_pool_loss(x, dout):
    return (dout * F.max_pool1d(x[:, None], 2)[:, 0]).sum()


def max_pool_grad_global_max(x, dout):
    win = x.reshape(x.shape[0], -1, 2)
    top = win.amax(dim=2, keepdim=True)  # noqa: F841 - held, and not used: the mistake
    mask = win == win.max()
    return (mask * dout[:, :, None]).reshape(x.shape)


def test_a_mask_against_the_whole_array_s_maximum() -> None:
    diagnosis, line = diagnosed(max_pool_loss, max_pool_grad_global_max, wrt="x",
                                shapes={"x": (3, 8), "dout": (3, 4)})
    assert diagnosis.cause == "mask", diagnosis.message
    assert "mask = win == win.max()" in line and "win.max() -> top" in diagnosis.message


class Dropout:
    def __init__(self, keep):
        self.keep = keep

    def forward(self, x, mask):
        self.mask = mask
        return x * mask / self.keep

    def backward(self, dout):
        return dout * self.mask


def dropout_loss(x, mask, dout):
    return (dout * x * mask / 0.5).sum()


def dropout_grad_unscaled(x, mask, dout):
    layer = Dropout(0.5)
    layer.forward(x, mask)
    return layer.backward(dout)


def test_a_scale_the_layer_holds_left_out_is_a_coefficient() -> None:
    diagnosis, _ = diagnosed(dropout_loss, dropout_grad_unscaled, wrt="x",
                             shapes={"x": (4, 6), "mask": (4, 6), "dout": (4, 6)},
                             draws={"mask": ("labels", 2)})
    assert diagnosis.cause == "wrong-coefficient", diagnosis.message
    assert "self.keep" in diagnosis.message


# -- sizes written with negative axes, module constants, mse_loss's count ---------------

WINDOW = 4


def window_mean_loss(x, dout):
    return (dout * F.avg_pool1d(x[:, None, :], WINDOW)[:, 0, :]).sum()


def window_mean_grad_by_outputs(x, dout):
    dx = dout.repeat_interleave(WINDOW, dim=-1)
    return dx / dout.shape[-1]


def test_a_size_of_axis_minus_one_is_no_sign_and_the_constant_is_offered() -> None:
    diagnosis, _ = diagnosed(window_mean_loss, window_mean_grad_by_outputs, wrt="x",
                             shapes={"x": (3, 20), "dout": (3, 5)})
    assert diagnosis.cause == "wrong-divisor", diagnosis.message
    assert "dout.shape[-1] -> WINDOW" in diagnosis.message


def mse_sum_loss(X, W, Y):
    return F.mse_loss(X @ W, Y, reduction="sum")


def summed_mse_grad_with_a_mean(X, W, Y):
    residual = X @ W - Y
    return X.T @ (2 * residual / residual.numel())


def test_a_count_of_every_element_against_a_summed_mse_loss_is_its_convention() -> None:
    diagnosis, _ = diagnosed(mse_sum_loss, summed_mse_grad_with_a_mean, wrt="W",
                             shapes={"X": (5, 3), "W": (3, 4), "Y": (5, 4)})
    assert diagnosis.cause == "mse-convention", diagnosis.message


# -- masks, branches, terms -------------------------------------------------------------


def dropped_relu_loss(x, keep, dout):
    return (dout * torch.relu(x) * keep * 2.0).sum()


def dropped_relu_grad_without_the_mask(x, keep, dout):
    mask = keep * 2.0  # noqa: F841 - held, and left out: the mistake
    dh = dout * 2.0
    return dh * (x > 0)


def test_a_dropout_mask_left_out_is_a_mask() -> None:
    diagnosis, _ = diagnosed(dropped_relu_loss, dropped_relu_grad_without_the_mask, wrt="x",
                             shapes={"x": (4, 6), "keep": (4, 6), "dout": (4, 6)},
                             draws={"keep": ("labels", 2)})
    assert diagnosis.cause == "mask", diagnosis.message


CLIP = 1.5


def clipped_loss(r):
    return F.huber_loss(r, torch.zeros_like(r), reduction="sum", delta=CLIP)


def clipped_grad_unit_slope(r):
    return torch.where(r.abs() <= CLIP, r, torch.sign(r))


def test_a_branch_of_where_missing_the_code_s_constant_is_a_coefficient() -> None:
    diagnosis, _ = diagnosed(clipped_loss, clipped_grad_unit_slope, wrt="r",
                             shapes={"r": (4, 5)}, draws={"r": ("normal", 2.0)})
    assert diagnosis.cause == "wrong-coefficient", diagnosis.message
    assert "torch.sign(r) times CLIP" in diagnosis.message


def gated_loss(x):
    return (0.5 * x * (1 + torch.tanh(x))).sum()


def gated_grad_one_term(x):
    th = torch.tanh(x)
    return 0.5 * x * (1 - th ** 2)


def test_a_missing_product_rule_term_of_the_form_one_plus_a_value() -> None:
    diagnosis, _ = diagnosed(gated_loss, gated_grad_one_term, wrt="x", shapes={"x": (4, 5)})
    assert diagnosis.cause == "missing-term", diagnosis.message
    assert "(1 + th)" in diagnosis.message


def lookup_loss(E, ids, dout):
    return (dout * E[ids]).sum()


def lookup_grad_fancy_add(E, ids, dout):
    dE = np.zeros_like(E)
    dE[ids] += dout
    return dE


def test_a_fancy_index_add_that_drops_repeated_rows_is_a_missing_term() -> None:
    diagnosis, _ = diagnosed(lookup_loss, lookup_grad_fancy_add, wrt="E", numpy=True,
                             shapes={"E": (3, 4), "ids": (12,), "dout": (12, 4)},
                             draws={"ids": ("labels", 3)})
    assert diagnosis.cause == "missing-term", diagnosis.message
    assert "np.add.at(dE, ids, dout)" in diagnosis.message


def hinge_loss(s, y):
    onehot = F.one_hot(y, s.shape[1]).to(s.dtype)
    correct = (s * onehot).sum(dim=1, keepdim=True)
    return (torch.clamp(s - correct + 1, min=0) * (1 - onehot)).sum()


def hinge_grad_without_the_correct_class(s, y):
    onehot = F.one_hot(y, s.shape[1]).to(s.dtype)
    correct = (s * onehot).sum(dim=1, keepdim=True)
    active = ((s - correct + 1) > 0).to(s.dtype) * (1 - onehot)
    return active * 1.0


def test_a_term_missing_from_the_returned_line_is_found_there() -> None:
    diagnosis, line = diagnosed(hinge_loss, hinge_grad_without_the_correct_class, wrt="s",
                                shapes={"s": (5, 4), "y": (5,)}, draws={"y": ("labels", 4)})
    assert diagnosis.cause == "missing-term", diagnosis.message
    assert "return active * 1.0" in line


# -- operands: a sign, another layer, an operand of the same layer -----------------------

L1 = 0.05


def lasso_loss(X, w, y):
    return 0.5 * ((X @ w - y) ** 2).sum() + L1 * w.abs().sum()


def lasso_grad_as_ridge(X, w, y):
    data = X.T @ (X @ w - y)
    return data + L1 * w


def test_an_operand_where_its_sign_belongs_is_the_wrong_operand() -> None:
    diagnosis, _ = diagnosed(lasso_loss, lasso_grad_as_ridge, wrt="w",
                             shapes={"X": (6, 4), "w": (4,), "y": (6,)})
    assert diagnosis.cause == "wrong-operand", diagnosis.message
    assert "w -> sign(w)" in diagnosis.message


DECAY = 0.1


def decayed_loss(X, W):
    return (X @ W).sum() + 0.5 * DECAY * (W ** 2).sum()


def decayed_grad_keeping_the_2(X, W):
    return X.T @ torch.ones(X.shape[0], W.shape[1], dtype=X.dtype) + 2 * DECAY * W


def test_a_literal_2_beside_a_constant_the_loss_squares_is_the_square_s() -> None:
    diagnosis, _ = diagnosed(decayed_loss, decayed_grad_keeping_the_2, wrt="W",
                             shapes={"X": (4, 3), "W": (3, 2)})
    assert diagnosis.cause == "square-factor", diagnosis.message


def cell_loss(x, h, Wx, Wh):
    return torch.tanh(x @ Wx + h @ Wh).sum()


def cell_grad_recurrent_input(x, h, Wx, Wh):
    new = torch.tanh(x @ Wx + h @ Wh)
    dpre = 1 - new ** 2
    dWx = h.T @ dpre
    return dWx, h.T @ dpre


def test_an_input_of_the_same_layer_is_the_wrong_operand_not_layer() -> None:
    diagnosis, _ = diagnosed(cell_loss, cell_grad_recurrent_input, wrt=("Wx", "Wh"),
                             shapes={"x": (3, 4), "h": (3, 4), "Wx": (4, 4), "Wh": (4, 4)})
    assert diagnosis.cause == "wrong-operand", diagnosis.message
    assert "h -> x" in diagnosis.message


def stack_loss(x, W1, W2, W3):
    return torch.tanh(torch.tanh(torch.tanh(x @ W1) @ W2) @ W3).sum()


def tanh_slope(z):
    return 1 - torch.tanh(z) ** 2


def stack_grad_slope_of_the_layer_above(x, W1, W2, W3):
    z1 = x @ W1
    z2 = torch.tanh(z1) @ W2
    z3 = torch.tanh(z2) @ W3
    d3 = tanh_slope(z3)
    dW3 = torch.tanh(z2).T @ d3
    d2 = (d3 @ W3.T) * tanh_slope(z3)
    dW2 = torch.tanh(z1).T @ d2
    d1 = (d2 @ W2.T) * tanh_slope(z1)
    return x.T @ d1, dW2, dW3


def test_a_pre_activation_of_another_layer_is_the_wrong_layer() -> None:
    diagnosis, _ = diagnosed(stack_loss, stack_grad_slope_of_the_layer_above,
                             wrt=("W1", "W2", "W3"),
                             shapes={"x": (3, 4), "W1": (4, 5), "W2": (5, 5), "W3": (5, 5)})
    assert diagnosis.cause == "wrong-layer", diagnosis.message
    assert "z3 -> z2" in diagnosis.message


def stack_grad_without_a_slope(x, W1, W2, W3):
    z1 = x @ W1
    z2 = torch.tanh(z1) @ W2
    z3 = torch.tanh(z2) @ W3
    d3 = tanh_slope(z3)
    dW3 = torch.tanh(z2).T @ d3
    d2 = d3 @ W3.T
    dW2 = torch.tanh(z1).T @ d2
    d1 = (d2 @ W2.T) * tanh_slope(z1)
    return x.T @ d1, dW2, dW3


def test_a_derivative_helper_left_out_is_a_missing_activation_derivative() -> None:
    diagnosis, _ = diagnosed(stack_loss, stack_grad_without_a_slope, wrt=("W1", "W2", "W3"),
                             shapes={"x": (3, 4), "W1": (4, 5), "W2": (5, 5), "W3": (5, 2)})
    assert diagnosis.cause == "activation-derivative-missing", diagnosis.message
    assert "(z2)" in diagnosis.message


def logistic_prime(a):
    return a * (1 - a)


def neuron_loss(x, w, t):
    return 0.5 * ((torch.sigmoid(x @ w) - t) ** 2).sum()


def neuron_grad_prime_of_the_input(x, w, t):
    a = x @ w
    delta = (torch.sigmoid(a) - t) * logistic_prime(a)
    return torch.outer(x, delta)


def test_a_derivative_helper_handed_its_input_is_its_input_s_derivative() -> None:
    diagnosis, _ = diagnosed(neuron_loss, neuron_grad_prime_of_the_input, wrt="w",
                             shapes={"x": (5,), "w": (5, 3), "t": (3,)})
    assert diagnosis.cause == "activation-derivative-of-input", diagnosis.message


def relu_net_loss(x, W1, W2):
    return torch.relu(torch.relu(x @ W1) @ W2).sum()


def relu_net_grad_mask_of_the_layer_above(x, W1, W2):
    z1 = x @ W1
    a1 = np.maximum(z1, 0)
    z2 = a1 @ W2
    d2 = (z2 > 0) * 1.0
    dW2 = a1.T @ d2
    d1 = (d2 @ W2.T) * (z2 > 0)
    return x.T @ d1, dW2


def test_a_mask_read_from_the_layer_above_is_the_wrong_layer() -> None:
    diagnosis, _ = diagnosed(relu_net_loss, relu_net_grad_mask_of_the_layer_above,
                             wrt=("W1", "W2"), shapes={"x": (6, 4), "W1": (4, 5), "W2": (5, 5)})
    assert diagnosis.cause == "wrong-layer", diagnosis.message
    assert "z2 -> z1 in the mask" in diagnosis.message


ALPHA = 0.7


def elu_layer_loss(x, W, V, dout):
    return (dout * (F.elu(x @ W, alpha=ALPHA) @ V)).sum()


def elu_grad_without_the_slope(x, W, V, dout):
    z = x @ W
    h = torch.where(z > 0, z, ALPHA * (torch.exp(z) - 1))
    dV = h.T @ dout
    dz = dout @ V.T
    return x.T @ dz, dV


def test_a_missing_elu_derivative_is_offered_with_the_code_s_alpha() -> None:
    diagnosis, _ = diagnosed(elu_layer_loss, elu_grad_without_the_slope, wrt=("W", "V"),
                             shapes={"x": (6, 4), "W": (4, 3), "V": (3, 5), "dout": (6, 5)})
    assert diagnosis.cause == "activation-derivative-missing", diagnosis.message
    assert "ALPHA * torch.exp(z)" in diagnosis.message


def gate_loss(h, R, U, dout):
    return (dout * torch.tanh((torch.sigmoid(h @ R) * h) @ U)).sum()


def gate_grad_ungated(h, R, U, dout):
    g = torch.sigmoid(h @ R)
    gh = g * h
    da = dout * (1 - torch.tanh(gh @ U) ** 2)
    return h.T @ da


def test_the_ungated_value_for_its_gated_product_is_the_wrong_operand() -> None:
    # h feeds a product below the one gh feeds: by the products alone, another layer
    diagnosis, _ = diagnosed(gate_loss, gate_grad_ungated, wrt="U",
                             shapes={"h": (4, 5), "R": (5, 5), "U": (5, 5), "dout": (4, 5)})
    assert diagnosis.cause == "wrong-operand", diagnosis.message
    assert "h -> gh" in diagnosis.message


def steps_loss(xs, W, h0):
    h, total = h0, 0
    for t in range(xs.shape[0]):
        h = torch.tanh(xs[t] + W @ h)
        total = total + h.sum()
    return total


def steps_grad_state_of_the_same_step(xs, W, h0):
    hs = {-1: h0}
    for t in range(xs.shape[0]):
        hs[t] = np.tanh(xs[t] + W @ hs[t - 1])
    dW, dnext = np.zeros_like(W), np.zeros_like(h0)
    for t in reversed(range(xs.shape[0])):
        draw = (1 - hs[t] ** 2) * (1 + dnext)
        dW += np.outer(draw, hs[t])
        dnext = W.T @ draw
    return dW


def test_a_state_kept_by_step_in_a_dict_read_one_step_off_is_the_wrong_layer() -> None:
    diagnosed_, _ = diagnosed(steps_loss, steps_grad_state_of_the_same_step, wrt="W",
                              shapes={"xs": (4, 3), "W": (3, 3), "h0": (3,)})
    assert diagnosed_.cause == "wrong-layer", diagnosed_.message
    assert "hs[t] -> hs[t - 1]" in diagnosed_.message


def filters_loss(x, w, dout):
    return (dout * F.conv1d(x, w)).sum()


def filters_grad_input_through_the_filter_gradient(x, w, dout):
    N, _, L = x.shape
    F_, _, K = w.shape
    dx, dw = np.zeros_like(x), np.zeros_like(w)
    for n in range(N):
        for f in range(F_):
            for i in range(L - K + 1):
                dw[f] += x[n, :, i:i + K] * dout[n, f, i]
                dx[n, :, i:i + K] += dw[f] * dout[n, f, i]
    return dx, dw


def test_the_same_index_into_another_array_is_the_wrong_operand() -> None:
    diagnosis, _ = diagnosed(filters_loss, filters_grad_input_through_the_filter_gradient,
                             wrt=("x", "w"),
                             shapes={"x": (2, 3, 7), "w": (4, 3, 3), "dout": (2, 4, 5)})
    assert diagnosis.cause == "wrong-operand", diagnosis.message
    assert "dw[f] -> w[f]" in diagnosis.message


def mean_abs_loss(x, W, y):
    return F.l1_loss(x @ W, y)


def mean_abs_grad_over_the_batch_only(x, W, y):
    s = torch.sign(x @ W - y) / x.shape[0]
    return x.T @ s


def test_a_value_already_divided_by_a_size_was_divided_by_the_wrong_one() -> None:
    """l1_loss averages over N x K elements; ``/ N`` alone is a wrong divisor, not a batch
    mean missing."""
    diagnosis, line = diagnosed(mean_abs_loss, mean_abs_grad_over_the_batch_only, wrt="W",
                                shapes={"x": ("N", "D"), "W": ("D", "K"), "y": ("N", "K")},
                                sizes={"N": 6, "D": 4, "K": 3})
    assert diagnosis.cause == "wrong-divisor", diagnosis.message
    assert "s = torch.sign(x @ W - y) / x.shape[0]" in line


def mse_sigmoid_loss(X, w, t):
    return F.mse_loss(torch.sigmoid(X @ w), t)


def mse_sigmoid_grad_half(X, w, t):
    o = torch.sigmoid(X @ w)
    delta = (o - t) * o * (1 - o) / X.shape[0]
    return X.T @ delta


def test_the_2_of_mse_loss_is_its_convention_though_the_line_writes_1_minus_o() -> None:
    diagnosis, line = diagnosed(mse_sigmoid_loss, mse_sigmoid_grad_half, wrt="w",
                                shapes={"X": (7, 3), "w": (3,), "t": (7,)})
    assert diagnosis.cause == "mse-convention", diagnosis.message
    assert "delta = (o - t) * o * (1 - o)" in line


def channel_bias_loss(x, K, b):
    """A per-channel bias over a (batch, channel, length) signal, through a fixed readout."""
    return ((x + b[None, :, None]) * K).sum()


def channel_bias_grad_over_the_batch_only(x, K, b):
    return np.sum(K, axis=0)


def test_a_bias_added_at_every_position_is_summed_over_one_more_axis() -> None:
    case = derivation(channel_bias_loss, channel_bias_grad_over_the_batch_only, wrt="b",
                      shapes={"x": (3, 4, 5), "K": (3, 4, 5), "b": (4,)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "reduction-axis", diagnosis.message
    assert "axis=(0, 2)" in diagnosis.message


def row_scale_loss(x, g):
    """Each row divided by its own norm, read out by g."""
    return (g * x / x.norm(dim=1, keepdim=True)).sum()


def row_scale_grad_with_one_norm_for_all(x, g):
    r = np.linalg.norm(x, axis=1, keepdims=True)
    along = np.sum(g * x)
    return g / r - x * along / r ** 3


def test_a_whole_sum_where_each_row_needs_its_own_is_an_axis() -> None:
    case = derivation(row_scale_loss, row_scale_grad_with_one_norm_for_all, wrt="x",
                      shapes={"x": (5, 3), "g": (5, 3)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "reduction-axis", diagnosis.message
    assert "axis=-1, keepdims=True" in diagnosis.message
    assert "along = np.sum(g * x)" in report.first_wrong_line


def pool1d_loss(x, g):
    """Max pooling over windows of 2 with stride 3 along the last axis, read out by g."""
    return (g * F.max_pool1d(x, 2, 3)).sum()


def pool1d_grad_written_at_the_output_index(x, g):
    dx = np.zeros_like(x)
    for i in range(g.shape[-1]):
        start = 3 * i
        window = x[:, :, start:start + 2]
        hit = window == window.max(axis=-1, keepdims=True)
        dx[:, :, i:i + 2] += hit * g[:, :, i:i + 1]
    return dx


def test_a_pooled_gradient_written_at_the_output_s_index_is_a_mask() -> None:
    case = derivation(pool1d_loss, pool1d_grad_written_at_the_output_index, wrt="x",
                      shapes={"x": (2, 3, 11), "g": (2, 3, 4)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "mask", diagnosis.message
    assert "dx[:, :, start:start + 2] += hit" in diagnosis.message
    assert "i -> start in the index written" in diagnosis.message


def reset_gate_loss(h, R, U, dout):
    g = torch.sigmoid(h @ R)
    return (dout * ((g * h) @ U)).sum()


def reset_gate_grad_ungated_inline(h, R, U, dout):
    g = 1 / (1 + np.exp(-(h @ R)))  # noqa: F841 - computed, then left out
    return h.T @ dout


def test_an_operand_where_its_product_with_a_gate_belongs_is_the_wrong_operand() -> None:
    case = derivation(reset_gate_loss, reset_gate_grad_ungated_inline, wrt="U",
                      shapes={"h": (4, 5), "R": (5, 5), "U": (5, 3), "dout": (4, 3)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "wrong-operand", diagnosis.message
    assert "h -> g * h" in diagnosis.message


def integrator_loss(x, f, G):
    """c_t = f_t c_{t-1} + x_t from c_0 = 0, read out as L = sum_t G_t tanh(c_t)."""
    c, total = torch.zeros_like(x[0]), 0
    for t in range(x.shape[0]):
        c = f[t] * c + x[t]
        total = total + (G[t] * torch.tanh(c)).sum()
    return total


def integrator_grad_without_the_later_steps(x, f, G):
    cs, c = [], np.zeros_like(x[0])
    for t in range(x.shape[0]):
        c = f[t] * c + x[t]
        cs.append(c)
    dx, dc_next = np.zeros_like(x), np.zeros_like(x[0])
    for t in reversed(range(x.shape[0])):
        dc = G[t] * (1 - np.tanh(cs[t]) ** 2)
        dx[t] = dc
        dc_next = dc * f[t]  # noqa: F841 - computed, then left out
    return dx


def test_the_gradient_from_later_steps_left_out_is_a_missing_term() -> None:
    case = derivation(integrator_loss, integrator_grad_without_the_later_steps, wrt="x",
                      shapes={"x": (4, 3), "f": (4, 3), "G": (4, 3)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "missing-term", diagnosis.message
    assert "+ dc_next" in diagnosis.message
    assert "dc = G[t] * (1 - np.tanh(cs[t]) ** 2)" in report.first_wrong_line


POWER = 2.0


def powered_loss(z, g):
    return (g * z * (1 - torch.sigmoid(z)) ** POWER).sum()


def powered_grad_without_its_exponent(z, g):
    s = torch.sigmoid(z)
    return g * (1 - s) ** POWER - g * z * (1 - s) ** (POWER - 1) * s * (1 - s)


def test_an_exponent_the_line_uses_left_out_by_the_power_rule_is_a_coefficient() -> None:
    case = derivation(powered_loss, powered_grad_without_its_exponent, wrt="z",
                      shapes={"z": (5,), "g": (5,)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "wrong-coefficient", diagnosis.message
    assert "times POWER" in diagnosis.message


def prelu_loss(z, a, g):
    return (g * torch.where(z > 0, z, a * z)).sum()


def prelu_slope_grad_over_the_positive_side(z, a, g):
    positive = z > 0
    dz = g * np.where(positive, 1.0, a)
    da = (g * z * positive).sum().reshape(1)
    return dz, da


def test_a_held_mask_where_its_complement_belongs_is_a_mask() -> None:
    case = derivation(prelu_loss, prelu_slope_grad_over_the_positive_side, wrt=("z", "a"),
                      shapes={"z": (4, 3), "a": (1,), "g": (4, 3)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "mask", diagnosis.message
    assert "positive -> ~positive" in diagnosis.message


SIDE = 2


def pool2d_loss(x, g):
    return (g * F.avg_pool2d(x, SIDE)).sum()


def pool2d_grad_by_one_side(x, g):
    return np.repeat(np.repeat(g, SIDE, axis=-2), SIDE, axis=-1) / SIDE


def test_a_window_constant_where_its_square_divides_is_the_wrong_divisor() -> None:
    # a factor 2 where the window is 2: the edit names the window, no square's 2
    case = derivation(pool2d_loss, pool2d_grad_by_one_side, wrt="x",
                      shapes={"x": (3, 5, 6, 8), "g": (3, 5, 3, 4)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "wrong-divisor", diagnosis.message
    assert "SIDE -> SIDE * SIDE" in diagnosis.message


P_KEEP_OUT = 0.25


def inverted_dropout_loss(h, mask, g):
    return (g * h * mask / (1 - P_KEEP_OUT)).sum()


def inverted_dropout_grad_multiplied(h, mask, g):
    return g * mask * (1 - P_KEEP_OUT)


def test_a_scale_of_constants_multiplied_where_it_divides_is_a_coefficient() -> None:
    case = derivation(inverted_dropout_loss, inverted_dropout_grad_multiplied, wrt="h",
                      shapes={"h": (4, 5), "mask": (4, 5), "g": (4, 5)},
                      draws={"mask": ("labels", 2)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "wrong-coefficient", diagnosis.message
    assert "* -> / (1 - P_KEEP_OUT)" in diagnosis.message


def dropout_relu_loss(x, W, keep, g):
    return (g * torch.relu(x @ W) * keep).sum()


def dropout_relu_grad_without_the_mask(x, W, keep, g):
    z = x @ W
    kept = np.maximum(z, 0) * keep  # noqa: F841 - the forward, kept for nothing
    dkept = g
    dh = dkept
    dz = dh * (z > 0)
    return x.T @ dz


def test_a_dropout_mask_left_out_before_a_relu_is_a_mask() -> None:
    case = derivation(dropout_relu_loss, dropout_relu_grad_without_the_mask, wrt="W",
                      shapes={"x": (4, 3), "W": (3, 3), "keep": (4, 3), "g": (4, 3)},
                      draws={"keep": ("labels", 2)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "mask", diagnosis.message
    assert "keep" in diagnosis.message


def margin_loss(w, X, y):
    """The hinge loss of a linear classifier, labels y in {0, 1} read as -1 and +1."""
    return torch.clamp(1 - (2 * y - 1) * (X @ w), min=0).sum()


def margin_grad_on_the_wrong_side(w, X, y):
    dw = [0.0] * len(w)
    for n in range(len(X)):
        sign = 2.0 * float(y[n]) - 1.0
        margin = sign * sum(float(X[n][i]) * float(w[i]) for i in range(len(w)))
        if margin > 1:
            for i in range(len(w)):
                dw[i] -= sign * float(X[n][i])
    return np.array(dw)


def test_a_branch_taken_on_the_wrong_side_is_a_mask_on_its_condition() -> None:
    case = derivation(margin_loss, margin_grad_on_the_wrong_side, wrt="w",
                      shapes={"w": (3,), "X": (6, 3), "y": (6,)}, draws={"y": ("labels", 2)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "mask", diagnosis.message
    assert "if margin < 1:" in diagnosis.message or "if margin <= 1:" in diagnosis.message
    assert "if margin > 1:" in report.first_wrong_line


def pool_loss(x, g):
    return (g * F.max_pool2d(x, 2)).sum()


def pool_grad_row_and_column_swapped(x, g):
    n, c, h, w = x.shape
    cells = x.reshape(n, c, h // 2, 2, w // 2, 2).permute(0, 1, 2, 4, 3, 5)
    best = cells.reshape(n, c, h // 2, w // 2, 4).argmax(dim=-1)
    col, row = best // 2, best % 2
    ni, ci, ii, jj = torch.meshgrid(torch.arange(n), torch.arange(c), torch.arange(h // 2),
                                    torch.arange(w // 2), indexing="ij")
    dx = torch.zeros_like(x)
    dx[ni, ci, 2 * ii + row, 2 * jj + col] = g
    return dx


def test_a_window_s_row_and_column_swapped_is_a_mask() -> None:
    case = derivation(pool_loss, pool_grad_row_and_column_swapped, wrt="x",
                      shapes={"x": (2, 3, 4, 4), "g": (2, 3, 2, 2)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "mask", diagnosis.message
    assert "col <-> row" in diagnosis.message or "row <-> col" in diagnosis.message


def scores_loss(X, W, y):
    return F.cross_entropy(X @ W, y)


def scores_grad_in_whole_columns(X, W, y):
    X, W, y = np.asarray(X), np.asarray(W), np.asarray(y)
    s = X @ W
    p = np.exp(s - s.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p[:, y] -= 1
    return X.T @ p / X.shape[0]


def test_each_row_s_label_written_in_whole_columns_is_a_mask() -> None:
    case = derivation(scores_loss, scores_grad_in_whole_columns, wrt="W",
                      shapes={"X": (5, 3), "W": (3, 4), "y": (5,)}, draws={"y": ("labels", 4)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "mask", diagnosis.message
    assert "p[range(len(y)), y] -= 1" in diagnosis.message


def bias_per_channel_loss(x, b, g):
    return (g * (x + b[None, :, None])).sum()


def channel_bias_grad_over_channels(x, b, g):
    return g.sum(dim=(0, 1))


def test_one_of_several_axes_wrong_is_a_reduction_axis() -> None:
    case = derivation(bias_per_channel_loss, channel_bias_grad_over_channels, wrt="b",
                      shapes={"x": (2, 4, 4), "b": (4,), "g": (2, 4, 4)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "reduction-axis", diagnosis.message
    assert "g.sum(dim=(0, 2))" in diagnosis.message


def lstm_cell_loss(c, o, G, Gc):
    return (G * o * torch.tanh(c)).sum() + (Gc * c).sum()


def cell_grad_without_tanh_derivative(c, o, G, Gc):
    tc = torch.tanh(c)  # noqa: F841 - held, as the step computed it
    dc = Gc + G * o
    return dc


def test_one_path_s_activation_derivative_left_out_is_named() -> None:
    case = derivation(lstm_cell_loss, cell_grad_without_tanh_derivative, wrt="c",
                      shapes={"c": (3, 4), "o": (3, 4), "G": (3, 4), "Gc": (3, 4)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "activation-derivative-missing", diagnosis.message
    assert "Gc + G * o * (1 - tc ** 2)" in diagnosis.message


def column_mean_loss(x, g):
    return (g * x.mean(dim=0)).sum()


def column_mean_grad_over_features(x, g):
    x, g = np.asarray(x), np.asarray(g)
    N, D = x.shape
    return np.ones((N, D)) * g / D


def test_a_size_that_also_gives_a_shape_is_changed_in_the_divisor_only() -> None:
    case = derivation(column_mean_loss, column_mean_grad_over_features, wrt="x",
                      shapes={"x": (6, 3), "g": (3,)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause in ("wrong-divisor", "batch-mean"), diagnosis.message
    assert "np.ones((N, D)) * g / N" in diagnosis.message


TEMPERATURE = 3.0


def tempered_loss(X, W, y):
    return F.cross_entropy(X @ W / TEMPERATURE, y)


def tempered_grad_without_the_temperature(X, W, y):
    N = X.shape[0]
    p = torch.softmax(X @ W / TEMPERATURE, dim=1)
    p[torch.arange(N), y] -= 1
    return X.T @ (p / N)


def test_a_constant_of_the_code_that_a_size_equals_is_no_size() -> None:
    """derived = 3 x autograd with N = 6: N/2 by the sizes, the temperature by the code."""
    case = derivation(tempered_loss, tempered_grad_without_the_temperature, wrt="W",
                      shapes={"X": ("N", "D"), "W": ("D", "C"), "y": ("N",)},
                      sizes={"N": 6, "D": 3, "C": 4}, draws={"y": ("labels", "C")})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "wrong-coefficient", diagnosis.message
    assert "TEMPERATURE" in diagnosis.message


def swish_loss(x, g):
    return (g * F.silu(x)).sum()


class SiLU:
    def forward(self, x):
        self.x = x
        self.s = 1.0 / (1.0 + np.exp(-x))
        self.y = x * self.s
        return self.y

    def backward(self, g):
        return g * (self.s + self.y * self.s * (1 - self.s))


def swish_grad_at_the_output(x, g):
    layer = SiLU()
    layer.forward(np.asarray(x))
    return layer.backward(np.asarray(g))


def test_the_output_where_a_written_derivative_needs_the_input_is_of_input() -> None:
    case = derivation(swish_loss, swish_grad_at_the_output, wrt="x",
                      shapes={"x": (4, 5), "g": (4, 5)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "activation-derivative-of-input", diagnosis.message
    assert "self.y -> self.x" in diagnosis.message


def logistic_fn(v):
    return 1.0 / (1.0 + np.exp(-v))


def logistic_deriv(v):
    s = logistic_fn(v)
    return s * (1.0 - s)


def neuron_loss_sq(w, X, t):
    return 0.5 * ((torch.sigmoid(X @ w) - t) ** 2).sum()


def neuron_grad_helper_given_the_output(w, X, t):
    X, w, t = np.asarray(X), np.asarray(w), np.asarray(t)
    z = X @ w
    o = logistic_fn(z)
    delta = (o - t) * logistic_deriv(o)
    return X.T @ delta


def test_a_right_helper_handed_the_output_is_blamed_where_it_is_called() -> None:
    case = derivation(neuron_loss_sq, neuron_grad_helper_given_the_output, wrt="w",
                      shapes={"w": (3,), "X": (5, 3), "t": (5,)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "activation-derivative-of-input", diagnosis.message
    assert "logistic_deriv(z)" in diagnosis.message
    assert "delta = (o - t) * logistic_deriv(o)" in report.first_wrong_line


NORM_EPS = 1e-5


def row_norm_loss(x, g):
    return (g * F.layer_norm(x, (x.shape[1],), eps=NORM_EPS)).sum()


def row_norm_grad_without_the_variance_path(x, g):
    x, g = np.asarray(x), np.asarray(g)
    mu = x.mean(axis=1, keepdims=True)
    inv = 1.0 / np.sqrt(x.var(axis=1, keepdims=True) + NORM_EPS)
    xh = (x - mu) * inv  # noqa: F841 - held, as the forward computed it
    dxh = g
    return inv * (dxh - dxh.mean(axis=1, keepdims=True))


def test_a_term_missing_inside_a_scaled_sum_is_a_missing_term() -> None:
    case = derivation(row_norm_loss, row_norm_grad_without_the_variance_path, wrt="x",
                      shapes={"x": (4, 6), "g": (4, 6)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "missing-term", diagnosis.message
    assert "xh * (" in diagnosis.message and "xh).mean(1, keepdims=True)" in diagnosis.message


def soft_target_loss(z, T):
    return -(T * torch.log_softmax(z, dim=-1)).sum() / z.shape[0]


def soft_target_grad_with_the_sign_lost(z, T):
    N = z.shape[0]
    dlogp = T / N
    dz = dlogp - torch.softmax(z, dim=-1) * dlogp.sum(-1, keepdim=True)
    return dz


def test_a_sign_lost_before_a_line_that_mixes_it_is_found_where_it_was_lost() -> None:
    case = derivation(soft_target_loss, soft_target_grad_with_the_sign_lost, wrt="z",
                      shapes={"z": (4, 5), "T": (4, 5)}, draws={"T": "uniform"})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "sign", diagnosis.message
    assert "dlogp = T / N" in report.first_wrong_line


RIDGE = 0.3


def ridge_mse_loss(X, y, w):
    return F.mse_loss(X @ w, y) + RIDGE * (w ** 2).sum()


def ridge_mse_grad_without_the_penalty_s_2(X, y, w):
    r = X @ w - y
    dw = 2.0 * X.T @ r / X.shape[0]
    return dw + RIDGE * w


def test_the_2_of_a_penalty_s_square_is_no_mse_loss_convention() -> None:
    case = derivation(ridge_mse_loss, ridge_mse_grad_without_the_penalty_s_2, wrt="w",
                      shapes={"X": (6, 3), "y": (6,), "w": (3,)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "square-factor", diagnosis.message
    assert "2 * RIDGE" in diagnosis.message


def conv1d_loss(x, k, g):
    return (g * F.conv1d(x, k)).sum()


def conv1d_grad_x_through_the_window(x, k, g):
    x, k, g = np.asarray(x), np.asarray(k), np.asarray(g)
    N, _, L = x.shape
    O, _, K = k.shape
    dx = np.zeros_like(x)
    for n in range(N):
        for o in range(O):
            for t in range(L - K + 1):
                patch = x[n, :, t:t + K]
                dx[n, :, t:t + K] += patch * g[n, o, t]
    return dx


def test_the_window_where_the_loop_s_filter_belongs_is_the_wrong_operand() -> None:
    case = derivation(conv1d_loss, conv1d_grad_x_through_the_window, wrt="x",
                      shapes={"x": (2, 3, 7), "k": (4, 3, 3), "g": (2, 4, 5)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "wrong-operand", diagnosis.message
    assert "patch -> k[o]" in diagnosis.message


def steep_leaky_loss(x, g):
    return (g * F.leaky_relu(x, 0.3)).sum()


def steep_leaky_grad_with_the_default_slope(x, g):
    return torch.where(x > 0, g, 0.01 * g)


def test_a_slope_the_loss_writes_otherwise_is_a_coefficient() -> None:
    case = derivation(steep_leaky_loss, steep_leaky_grad_with_the_default_slope, wrt="x",
                      shapes={"x": (4, 5), "g": (4, 5)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "wrong-coefficient", diagnosis.message
    assert "0.01 -> 0.3" in diagnosis.message


def overlap_loss(a, b):
    return 2 * (a * b).sum() / (a.sum() + b.sum())


def overlap_grad_without_the_numerator_s_2(a, b):
    num, den = 2 * (a * b).sum(), a.sum() + b.sum()
    return b / den - num / den ** 2


def test_a_2_where_the_loss_never_squares_is_a_coefficient() -> None:
    case = derivation(overlap_loss, overlap_grad_without_the_numerator_s_2, wrt="a",
                      shapes={"a": (6,), "b": (6,)}, draws={"a": "uniform", "b": "uniform"})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "wrong-coefficient", diagnosis.message


def causal_filter_loss(x, w, g):
    """y[t] = sum_j w[j] x[t + 2 - j] over the valid positions, L = sum(g * y)."""
    y = F.conv1d(x[None, None, :], w.flip(0)[None, None, :])[0, 0]
    return (g * y).sum()


def causal_filter_grad_without_the_tap_offset(x, w, g):
    x, w, g = np.asarray(x), np.asarray(w), np.asarray(g)
    taps = w.shape[0]
    dw = np.zeros(taps)
    dx = np.zeros(x.shape[0])
    for t in range(g.shape[0]):
        for j in range(taps):
            dx[t + taps - 1 - j] += g[t] * w[j]
            dw[j] += g[t] * x[t]
    return dx, dw


def test_an_element_read_without_its_offset_is_the_wrong_operand() -> None:
    case = derivation(causal_filter_loss, causal_filter_grad_without_the_tap_offset,
                      wrt=("x", "w"), shapes={"x": (8,), "w": (3,), "g": (6,)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "wrong-operand", diagnosis.message
    assert "t -> t + taps - 1 - j in x[t]" in diagnosis.message
    assert "dw[j] += g[t] * x[t]" in report.first_wrong_line


def global_pool_loss(x, g):
    return (g * x.mean(dim=(2, 3))).sum()


def global_pool_grad_over_rows_only(x, g):
    x, g = np.asarray(x), np.asarray(g)
    n, c, h, w = x.shape
    spread = np.broadcast_to(g[:, :, None, None], (n, c, h, w)).copy()
    return spread / h


def test_a_line_that_only_divides_is_blamed_for_its_divisor() -> None:
    case = derivation(global_pool_loss, global_pool_grad_over_rows_only, wrt="x",
                      shapes={"x": (2, 3, 4, 4), "g": (2, 3)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert "return spread / h" in report.first_wrong_line
    assert diagnosis.cause == "wrong-divisor", diagnosis.message


def likelihood_loss(z, w):
    q = torch.exp(-F.binary_cross_entropy_with_logits(z, w.to(z.dtype), reduction="none"))
    return -torch.log(q).sum()


def likelihood_grad_divided_by_p(z, w):
    wf = w.to(z.dtype)
    p = torch.sigmoid(z)
    q = p * wf + (1 - p) * (1 - wf)  # noqa: F841 - the value the line should have read
    dq = -1 / p
    return dq * (2 * wf - 1) * p * (1 - p)


def test_an_activation_mixed_with_other_values_in_its_place_is_the_wrong_operand() -> None:
    case = derivation(likelihood_loss, likelihood_grad_divided_by_p, wrt="z",
                      shapes={"z": (3, 4), "w": (3, 4)}, draws={"w": ("labels", 2)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "wrong-operand", diagnosis.message
    assert "p -> q" in diagnosis.message


def tanh_rate_loss(x, t):
    s = torch.tanh(x)
    return (torch.exp(s) - t * s).mean()


def tanh_rate_grad_with_the_rate_in_tanh_prime(x, t):
    h = torch.tanh(x)
    rate = torch.exp(h)
    ds = (rate - t) / x.numel()
    return ds * (1 - rate ** 2)


def test_the_next_node_of_a_chain_in_its_place_is_the_wrong_layer() -> None:
    case = derivation(tanh_rate_loss, tanh_rate_grad_with_the_rate_in_tanh_prime, wrt="x",
                      shapes={"x": (3, 4), "t": (3, 4)}, draws={"t": "uniform"})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "wrong-layer", diagnosis.message
    assert "rate -> h" in diagnosis.message


def denoiser_loss(x, t, W1, W2):
    return 0.5 * ((torch.tanh(x @ W1) @ W2 - t) ** 2).sum()


def denoiser_grad_with_the_output_for_the_input(x, t, W1, W2):
    x, t, W1, W2 = (np.asarray(a) for a in (x, t, W1, W2))
    h = np.tanh(x @ W1)
    y = h @ W2
    dy = y - t
    dz = (dy @ W2.T) * (1 - h ** 2)
    return y.T @ dz, h.T @ dy


def test_a_layer_s_output_where_another_layer_s_input_belongs_is_the_wrong_layer() -> None:
    case = derivation(denoiser_loss, denoiser_grad_with_the_output_for_the_input,
                      wrt=("W1", "W2"), shapes={"x": (5, 4), "t": (5, 4), "W1": (4, 3),
                                                "W2": (3, 4)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "wrong-layer", diagnosis.message
    assert "y -> x" in diagnosis.message


def deep_relu_loss(x, W0, W1, W2):
    h = x
    for W in (W0, W1):
        h = torch.relu(h @ W)
    return 0.5 * ((h @ W2) ** 2).sum()


def deep_relu_grad_masked_one_layer_up(x, W0, W1, W2):
    weights = [np.asarray(W) for W in (W0, W1, W2)]
    outs, pres = [np.asarray(x)], []
    for i, W in enumerate(weights):
        pres.append(outs[-1] @ W)
        outs.append(np.maximum(pres[-1], 0) if i < 2 else pres[-1])
    g = outs[-1]
    grads = [None, None, None]
    for i in reversed(range(3)):
        grads[i] = outs[i].T @ g
        if i:
            g = (g @ weights[i].T) * (pres[i] > 0)
    return tuple(grads)


def test_a_mask_from_the_next_layer_s_list_entry_is_the_wrong_layer() -> None:
    case = derivation(deep_relu_loss, deep_relu_grad_masked_one_layer_up,
                      wrt=("W0", "W1", "W2"), shapes={"x": (5, 4), "W0": (4, 4),
                                                      "W1": (4, 4), "W2": (4, 4)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "wrong-layer", diagnosis.message


def two_step_loss(x0, x1, s0, U, V):
    s1 = torch.tanh(x0 @ U + s0 @ V)
    s2 = torch.tanh(x1 @ U + s1 @ V)
    return s2.sum()


def two_step_states(xs, s0, U, V):
    caches, state = [], s0
    for x in xs:
        state_prev, state = state, np.tanh(x @ U + state @ V)
        caches.append((x, state_prev, state))
    return caches, state


def two_step_grad_with_this_step_s_state_for_the_last(x0, x1, s0, U, V):
    x0, x1, s0, U, V = (np.asarray(a) for a in (x0, x1, s0, U, V))
    caches, state = two_step_states((x0, x1), s0, U, V)
    dU, dV, ds = np.zeros_like(U), np.zeros_like(V), np.ones_like(state)
    for x, state_prev, state in reversed(caches):  # noqa: B007 - the one to read
        dz = ds * (1 - state ** 2)
        dU += np.dot(x.T, dz)
        dV += np.dot(state.T, dz)
        ds = dz @ V.T
    return dU, dV


def test_another_step_s_state_as_a_layer_s_input_is_the_wrong_layer() -> None:
    case = derivation(two_step_loss, two_step_grad_with_this_step_s_state_for_the_last,
                      wrt=("U", "V"), shapes={"x0": (3, 4), "x1": (3, 4), "s0": (3, 5),
                                              "U": (4, 5), "V": (5, 5)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "wrong-layer", diagnosis.message
    assert "state -> state_prev" in diagnosis.message


def tanh_regression_loss(x, v, t):
    return ((torch.tanh(x @ v) - t) ** 2).mean()


def tanh_regression_grad_without_the_square_s_2(x, v, t):
    n = x.shape[0]
    out = torch.tanh(x @ v)
    err = out - t
    g_out = err / n
    return x.T @ (g_out * (1 - out ** 2))


def test_a_residual_right_as_it_is_leaves_the_factor_to_the_line_that_divides_it() -> None:
    case = derivation(tanh_regression_loss, tanh_regression_grad_without_the_square_s_2,
                      wrt="v", shapes={"x": ("N", 3), "v": (3,), "t": ("N",)},
                      sizes={"N": 2})
    report = verify(case, trials=TRIALS, shrink=False)
    assert "g_out = err / n" in report.first_wrong_line
    assert report.first_wrong_step.diagnosis.cause == "square-factor"


def min_pool_loss(x, g):
    return (g * -F.max_pool1d(-x[None], 3)[0]).sum()


def min_pool_grad_never_the_last(x, g):
    rows, grads = x.tolist(), g.tolist()
    dx = [[0.0] * len(row) for row in rows]
    for r, row in enumerate(rows):
        for w in range(len(grads[r])):
            cells = row[3 * w:3 * w + 3]
            low = min(range(len(cells) - 1), key=lambda i: cells[i])
            dx[r][3 * w + low] += grads[r][w]
    return dx


def test_a_max_over_one_position_too_few_is_a_mask() -> None:
    case = derivation(min_pool_loss, min_pool_grad_never_the_last, wrt="x",
                      shapes={"x": (2, 6), "g": (2, 2)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "mask", diagnosis.message
    assert "len(cells) - 1 -> len(cells)" in diagnosis.message


def highway_loss(x, Wh, Wt, g):
    t = torch.sigmoid(x @ Wt)
    return (g * (t * torch.tanh(x @ Wh) + (1 - t) * x)).sum()


def highway_grad_carrying_with_the_transform_gate(x, Wh, Wt, g):
    x, Wh, Wt, g = (np.asarray(a) for a in (x, Wh, Wt, g))
    t = 1 / (1 + np.exp(-(x @ Wt)))
    h = np.tanh(x @ Wh)
    dx_carry = g * t
    dt = g * (h - x) * t * (1 - t)
    dh = g * t * (1 - h ** 2)
    return dx_carry + dt @ Wt.T + dh @ Wh.T


def test_a_gate_taken_for_its_complement_is_the_wrong_operand() -> None:
    case = derivation(highway_loss, highway_grad_carrying_with_the_transform_gate, wrt="x",
                      shapes={"x": (3, 4), "Wh": (4, 4), "Wt": (4, 4), "g": (3, 4)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "wrong-operand", diagnosis.message
    assert "dx_carry = g * t" in report.first_wrong_line
    assert "t -> 1 - t" in diagnosis.message


KEPT_SHARE = 0.5


def dropped_loss(x, m, W1, W2):
    return (torch.relu(x @ W1) * m / KEPT_SHARE @ W2).sum()


def dropped_grad_with_the_kept_values_before_the_mask(x, m, W1, W2):
    x, m, W1, W2 = (np.asarray(a) for a in (x, m, W1, W2))
    a = np.maximum(x @ W1, 0)
    kept = a * m / KEPT_SHARE  # noqa: F841 - the value the line should have read
    dy = np.ones((x.shape[0], W2.shape[1]))
    dW2 = a.T @ dy
    dW1 = x.T @ ((dy @ W2.T) * m / KEPT_SHARE * (a > 0))
    return dW1, dW2


def test_a_value_beside_a_layer_s_input_at_its_depth_is_the_wrong_operand() -> None:
    case = derivation(dropped_loss, dropped_grad_with_the_kept_values_before_the_mask,
                      wrt=("W1", "W2"), shapes={"x": (4, 3), "m": (4, 5), "W1": (3, 5),
                                                "W2": (5, 2)}, draws={"m": ("labels", 2)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "wrong-operand", diagnosis.message
    assert "a -> kept" in diagnosis.message


def row_target_loss(s, q):
    return -(torch.log_softmax(s, dim=1) * q).sum()


def soft_target_grad_with_the_mean_target(s, q):
    s, q = np.asarray(s), np.asarray(q)
    p = np.exp(s - s.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    average = q.mean(axis=0)
    return p - average


def test_one_row_shared_by_all_where_each_row_s_own_belongs_is_the_wrong_operand() -> None:
    case = derivation(row_target_loss, soft_target_grad_with_the_mean_target, wrt="s",
                      shapes={"s": (5, 3), "q": (5, 3)}, draws={"q": "onehot"})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "wrong-operand", diagnosis.message
    assert "average -> q" in diagnosis.message


def decay_and_spring_loss(x):
    return (torch.exp(-x) + x ** 2).sum()


def decay_and_spring_grad_first_term_unsigned(x):
    decay = torch.exp(-x)
    return decay + 2 * x


def test_the_first_term_of_a_sum_with_the_wrong_sign() -> None:
    case = derivation(decay_and_spring_loss, decay_and_spring_grad_first_term_unsigned,
                      wrt="x", shapes={"x": (6,)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "sign", diagnosis.message
    assert "decay -> -decay" in diagnosis.message


SHARPNESS = 3.0


def sharp_exp_loss(x, w):
    return (w * torch.exp(x * SHARPNESS)).sum()


def sharp_exp_grad_squared_sharpness(x, w):
    x, w = np.asarray(x), np.asarray(w)
    weighted = w * np.exp(x * SHARPNESS)
    return SHARPNESS ** 2 * weighted


def test_a_constant_one_power_too_high_on_a_line_that_only_scales() -> None:
    case = derivation(sharp_exp_loss, sharp_exp_grad_squared_sharpness, wrt="x",
                      shapes={"x": (5,), "w": (5,)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert "return SHARPNESS ** 2 * weighted" in report.first_wrong_line
    assert diagnosis.cause == "wrong-coefficient", diagnosis.message
    assert "SHARPNESS ** 2 -> SHARPNESS" in diagnosis.message


def tanh_unit_loss(w, X, t):
    return 0.5 * ((torch.tanh(X @ w) - t) ** 2).sum()


def tanh_unit_grad_keeping_the_square_s_2(w, X, t):
    w, X, t = w.tolist(), X.tolist(), t.tolist()
    g = [0.0] * len(w)
    for row, target in zip(X, t, strict=True):
        y = math.tanh(sum(wi * xi for wi, xi in zip(w, row, strict=True)))
        e = 2 * (y - target)
        slope = 1 - y * y
        for i, xi in enumerate(row):
            g[i] += e * slope * xi
    return g


def test_a_factor_proven_where_a_loop_collects_its_terms_is_traced_to_the_term() -> None:
    case = derivation(tanh_unit_loss, tanh_unit_grad_keeping_the_square_s_2, wrt="w",
                      shapes={"w": (3,), "X": (4, 3), "t": (4,)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert "e = 2 * (y - target)" in report.first_wrong_line
    assert diagnosis.cause == "square-factor", diagnosis.message


def class_scores_loss(X, W, y):
    return F.cross_entropy(X @ W, y)


def class_scores_grad_divided_by_the_classes(X, W, y):
    C = W.shape[1]
    p = torch.softmax(X @ W, dim=1)
    d = p - F.one_hot(y, C).to(p.dtype)
    d = d / C
    return X.T @ d


def test_a_divisor_hidden_by_n_equal_to_c_is_explained_where_it_fails() -> None:
    case = derivation(class_scores_loss, class_scores_grad_divided_by_the_classes, wrt="W",
                      shapes={"X": ("N", "D"), "W": ("D", "C"), "y": ("N",)},
                      draws={"y": ("labels", "C")}, sizes={"N": 4, "D": 3, "C": 4})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert "d = d / C" in report.first_wrong_line
    assert diagnosis.cause == "wrong-divisor", diagnosis.message
    assert diagnosis.message.startswith("passes at N = 4, D = 3, C = 4, fails at ")
    assert "C -> X.shape[0]" in diagnosis.message


LEAK = 0.05


def leaky_layer_loss(x, W, g):
    return (g * F.leaky_relu(x @ W, LEAK)).sum()


def leaky_layer_grad_with_a_relu_mask(x, W, g):
    x, W, g = np.asarray(x), np.asarray(W), np.asarray(g)
    z = x @ W
    dz = g * (z >= 0)
    return x.T @ dz


def test_a_leaky_slope_forgotten_inside_a_product_is_a_mask() -> None:
    case = derivation(leaky_layer_loss, leaky_layer_grad_with_a_relu_mask, wrt="W",
                      shapes={"x": (5, 3), "W": (3, 4), "g": (5, 4)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert "dz = g * (z >= 0)" in report.first_wrong_line
    assert diagnosis.cause == "mask", diagnosis.message
    assert "slope LEAK where z < 0" in diagnosis.message


def line_fit_loss(a, b, x, y):
    return F.mse_loss(a * x + b, y)


def line_fit_grad_without_mse_loss_s_2(a, b, x, y):
    xs, ys = x.tolist(), y.tolist()
    count = len(xs)
    da = 0.0
    for xi, yi in zip(xs, ys, strict=True):
        miss = float(a) * xi + float(b) - yi
        da += miss * xi / count
    return da


def test_a_factor_where_a_loop_collects_is_never_put_on_the_count_it_divides_by() -> None:
    case = derivation(line_fit_loss, line_fit_grad_without_mse_loss_s_2, wrt="a",
                      shapes={"a": (), "b": (), "x": (6,), "y": (6,)})
    report = verify(case, trials=TRIALS, shrink=False)
    assert "count = len(xs)" not in report.first_wrong_line, report.first_wrong_line
    assert report.first_wrong_step.diagnosis.cause == "mse-convention"


KEEP = 0.8


def kept_units_loss(x, W, v, keep):
    h = torch.tanh(x @ W) * keep / KEEP
    return (h @ v).sum()


def kept_units_grad_without_the_scale(x, W, v, keep):
    x, W, v, keep = (np.asarray(a) for a in (x, W, v, keep))
    a = np.tanh(x @ W)
    h = a * keep / KEEP
    dh = np.ones_like(h) * v
    da = dh * keep
    dz = da * (1 - a ** 2)
    return x.T @ dz


def test_a_dropout_scale_left_out_is_named_by_the_code_s_own_expression() -> None:
    case = derivation(kept_units_loss, kept_units_grad_without_the_scale, wrt="W",
                      shapes={"x": (5, 3), "W": (3, 4), "v": (4,), "keep": (5, 4)},
                      draws={"keep": ("fixed", np.tile([1.0, 0.0, 1.0, 1.0], (5, 1)))})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert "da = dh * keep" in report.first_wrong_line, report.first_wrong_line
    assert diagnosis.cause == "wrong-coefficient", diagnosis.message
    assert "/ KEEP" in diagnosis.message


def all_elements_loss(W, x, t):
    return F.mse_loss(x @ W, t)


def all_elements_grad_over_the_batch(W, x, t):
    n = x.shape[0]
    residual = x @ W - t
    dpred = 2 * residual / n
    return x.T @ dpred


def test_mse_loss_s_count_of_every_element_is_its_convention_not_a_divisor() -> None:
    case = derivation(all_elements_loss, all_elements_grad_over_the_batch, wrt="W",
                      shapes={"W": (3, 4), "x": (5, 3), "t": (5, 4)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert "dpred = 2 * residual / n" in report.first_wrong_line
    assert diagnosis.cause == "mse-convention", diagnosis.message


def scalar_tanh_loss(w, x, t):
    return 0.5 * ((torch.tanh(x @ w) - t) ** 2).sum()


def scalar_tanh_grad_with_one_minus_the_output(w, x, t):
    grads = [0.0] * len(w)
    for row, target in zip(x.tolist(), t.tolist(), strict=True):
        out = math.tanh(sum(wi * xi for wi, xi in zip(w.tolist(), row, strict=True)))
        slope = 1 - out
        for i, xi in enumerate(row):
            grads[i] += (out - target) * slope * xi
    return grads


def test_tanh_s_derivative_written_1_minus_y_in_scalar_code_is_the_activation_s() -> None:
    case = derivation(scalar_tanh_loss, scalar_tanh_grad_with_one_minus_the_output,
                      wrt="w", shapes={"w": (3,), "x": (4, 3), "t": (4,)},
                      draws={"t": "uniform"})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert "slope = 1 - out" in report.first_wrong_line, report.first_wrong_line
    assert diagnosis.cause == "activation-derivative-of-input", diagnosis.message


def relu_gated_loss(x, W, g):
    return (g * torch.relu(x @ W)).sum()


def gated_grad_zeroing_the_kept_units(x, W, g):
    x, W, g = np.asarray(x), np.asarray(W), np.asarray(g)
    dead = x @ W <= 0
    dz = g.copy()
    dz[~dead] = 0
    return x.T @ dz


def test_a_mask_that_picks_the_elements_a_line_zeroes_the_wrong_way_round() -> None:
    case = derivation(relu_gated_loss, gated_grad_zeroing_the_kept_units, wrt="W",
                      shapes={"x": (5, 3), "W": (3, 4), "g": (5, 4)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert "dz[~dead] = 0" in report.first_wrong_line, report.first_wrong_line
    assert diagnosis.cause == "mask", diagnosis.message
    assert "~dead -> dead" in diagnosis.message


def wide_margin_loss(w, x, y):
    return torch.clamp(2 - y * (x @ w), min=0).sum()


def wide_margin_grad_active_below_zero(w, x, y):
    s = x @ w
    active = (y * s < 0).to(x.dtype)
    return -(x * (y * active)[:, None]).sum(0)


def test_a_margin_compared_with_the_wrong_number_is_a_mask() -> None:
    case = derivation(wide_margin_loss, wide_margin_grad_active_below_zero, wrt="w",
                      shapes={"w": (3,), "x": (6, 3), "y": (6,)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert "active = (y * s < 0)" in report.first_wrong_line, report.first_wrong_line
    assert diagnosis.cause == "mask", diagnosis.message
    assert "(0 -> 2)" in diagnosis.message


def row_scaled_loss(x, s, t, g):
    return (g * x * s[:, None]).sum() + (t ** 2).sum()


def row_scaled_grad_with_the_other_vector(x, s, t, g):
    x, s, t, g = (np.asarray(a) for a in (x, s, t, g))
    dx = g * t[:, None]
    return dx


def test_an_operand_with_axes_added_is_replaced_under_the_same_index() -> None:
    case = derivation(row_scaled_loss, row_scaled_grad_with_the_other_vector, wrt="x",
                      shapes={"x": (4, 3), "s": (4,), "t": (4,), "g": (4, 3)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert "dx = g * t[:, None]" in report.first_wrong_line, report.first_wrong_line
    assert diagnosis.cause == "wrong-operand", diagnosis.message
    assert "t[:, None] -> s[:, None]" in diagnosis.message


def standardise_loss(x, g):
    mu = x.mean(0)
    sd = ((x - mu) ** 2).mean(0).sqrt()
    return (g * (x - mu) / sd).sum()


def standardise_grad_with_bessel(x, g):
    x, g = np.asarray(x), np.asarray(g)
    n = x.shape[0]
    sd = np.std(x, axis=0, ddof=1)
    xhat = (x - x.mean(0)) / sd
    return (n * g - g.sum(0) - xhat * (g * xhat).sum(0)) / (n * sd)


def test_a_deviation_with_bessel_s_correction_where_the_loss_divides_by_n() -> None:
    case = derivation(standardise_loss, standardise_grad_with_bessel, wrt="x",
                      shapes={"x": ("N", "D"), "g": ("N", "D")}, sizes={"N": 5, "D": 3})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "wrong-divisor", diagnosis.message
    assert "ddof=1 -> ddof=0" in diagnosis.message
    assert "sd = np.std(x, axis=0, ddof=1)" in report.first_wrong_line


def tanh_net_loss(X, W1, W2, T):
    return 0.5 * ((torch.tanh(X @ W1) @ W2 - T) ** 2).sum() / X.shape[0]


def tanh_net_grad_mean_twice(X, W1, W2, T):
    n = X.shape[0]
    acts = [X, np.tanh(X @ W1)]
    delta = (acts[1] @ W2 - T) / n
    grads = []
    for layer, W in reversed(list(enumerate((W1, W2)))):
        grads.append(acts[layer].T @ delta / n)
        if layer > 0:
            delta = delta @ W.T * (1 - acts[layer] ** 2)
    return tuple(grads[::-1])


def test_a_mean_taken_twice_is_found_in_a_call_that_stores_it() -> None:
    # grads.append(...) is a statement of its own: its argument is edited like a value
    case = derivation(tanh_net_loss, tanh_net_grad_mean_twice, wrt=("W1", "W2"),
                      shapes={"X": ("N", "D"), "W1": ("D", "H"), "W2": ("H", "K"),
                              "T": ("N", "K")}, sizes={"N": 4, "D": 3, "H": 4, "K": 2})
    cause, message, line = _proven(case)
    assert cause == "batch-mean", message
    assert "grads.append(acts[layer].T @ delta / n)" in line


def reconstruction_loss(x, W):
    return ((x @ W - x) ** 2).sum(dim=1).mean()


def reconstruction_grad_over_every_element(x, W):
    x, W = np.asarray(x), np.asarray(W)
    dr = 2.0 * (x @ W - x) / x.size
    return x.T @ dr


def test_a_mean_over_every_element_where_the_loss_averages_rows_is_the_mse_convention(
        ) -> None:
    case = derivation(reconstruction_loss, reconstruction_grad_over_every_element, wrt="W",
                      shapes={"x": ("N", "D"), "W": ("D", "D")}, sizes={"N": 4, "D": 3})
    cause, message, _ = _proven(case)
    assert cause == "mse-convention", message
    assert "x.size -> x.shape[0]" in message


def svm_loss(w, X, labels):
    y = 2 * labels - 1
    return (1 - y * (X @ w)).clamp(min=0).sum()


def svm_grad_without_label(w, X, labels):
    ws, dw = w.tolist(), [0.0] * len(w)
    for x, label in zip(X.tolist(), labels.tolist(), strict=True):
        y = 1.0 if label == 1 else -1.0
        score = sum(a * b for a, b in zip(ws, x, strict=True))
        if score < 1:
            for j in range(len(ws)):
                dw[j] -= y * x[j]
    return dw


def test_a_margin_compared_without_the_label_s_sign_is_a_mask() -> None:
    case = derivation(svm_loss, svm_grad_without_label, wrt="w",
                      shapes={"w": (3,), "X": (6, 3), "labels": (6,)},
                      draws={"labels": ("labels", 2)})
    cause, message, line = _proven(case)
    assert cause == "mask", message
    assert "score -> y * score" in message
    assert "if score < 1:" in line


def list_net_loss(x, V, W, t):
    return 0.5 * ((torch.sigmoid(torch.sigmoid(x @ V) @ W) - t) ** 2).sum()


def list_net_grad_at_the_input(x, V, W, t):
    xs, Vl, Wl, ts = x.tolist(), V.tolist(), W.tolist(), t.tolist()
    net_h = [sum(xs[i] * Vl[i][j] for i in range(len(xs))) for j in range(len(Wl))]
    h = [1 / (1 + math.exp(-n)) for n in net_h]
    net_o = [sum(h[j] * Wl[j][k] for j in range(len(h))) for k in range(len(ts))]
    o = [1 / (1 + math.exp(-n)) for n in net_o]
    delta_o = [(o[k] - ts[k]) * o[k] * (1 - o[k]) for k in range(len(o))]
    back = [sum(Wl[j][k] * delta_o[k] for k in range(len(o))) for j in range(len(h))]
    delta_h = [net_h[j] * (1 - net_h[j]) * back[j] for j in range(len(h))]
    dV = [[xs[i] * delta_h[j] for j in range(len(h))] for i in range(len(xs))]
    dW = [[h[j] * delta_o[k] for k in range(len(o))] for j in range(len(h))]
    return dV, dW


def test_lists_of_numbers_are_operands_an_edit_can_swap() -> None:
    case = derivation(list_net_loss, list_net_grad_at_the_input, wrt=("V", "W"),
                      shapes={"x": (3,), "V": (3, 3), "W": (3, 2), "t": (2,)},
                      draws={"t": "uniform"})
    cause, message, line = _proven(case)
    assert cause == "activation-derivative-of-input", message
    assert "net_h -> h" in message
    assert "delta_h = [net_h[j]" in line


def tanh_neuron_loss(w, x, t):
    return 0.5 * (torch.tanh((w * x).sum()) - t) ** 2


def neuron_grad_over_the_weights(w, x, t):
    ws, xs = w.tolist(), x.tolist()
    y = math.tanh(sum(a * b for a, b in zip(ws, xs, strict=True)))
    delta = (y - float(t)) * (1 - y * y)
    return [delta * v for v in ws]


def test_the_list_a_comprehension_runs_over_is_an_operand() -> None:
    case = derivation(tanh_neuron_loss, neuron_grad_over_the_weights, wrt="w",
                      shapes={"w": (4,), "x": (4,), "t": ()})
    cause, message, _ = _proven(case)
    assert cause == "wrong-operand", message
    assert "ws -> x" in message


def two_projections_loss(X, Wk, Wv, g):
    return (g * torch.tanh(X @ Wk) * (X @ Wv)).sum()


def two_projections_grad_swapped(X, Wk, Wv, g):
    K, V = X @ Wk, X @ Wv
    k = torch.tanh(K)
    dK = g * V * (1 - k ** 2)
    dV = g * k  # noqa: F841 - what the next line should have read
    dWv = X.T @ dK
    return dWv


def test_the_gradient_of_a_sibling_projection_is_a_wrong_operand_not_a_layer() -> None:
    # K = X Wk and V = X Wv sit side by side: dK for dV is no value of another layer
    case = derivation(two_projections_loss, two_projections_grad_swapped, wrt="Wv",
                      shapes={"X": (4, 3), "Wk": (3, 3), "Wv": (3, 3), "g": (4, 3)})
    cause, message, _ = _proven(case)
    assert cause == "wrong-operand", message
    assert "dK -> dV" in message


def pair_loss(a, b, y):
    d = (a - b).norm(dim=1)
    yf = y.to(a.dtype)
    return 0.5 * (yf * d ** 2 + (1 - yf) * torch.clamp(1.5 - d, min=0) ** 2).sum()


def pair_grad_pushing_every_pair(a, b, y):
    yf = y.to(a.dtype)
    diff = a - b
    d = torch.sqrt((diff ** 2).sum(dim=1))
    hinge = torch.clamp(1.5 - d, min=0)
    push = (hinge > 0).to(a.dtype)
    return (yf - push * hinge / d)[:, None] * diff


def test_a_margin_mask_the_labels_should_also_pick_from_is_a_mask() -> None:
    # only dissimilar pairs (y = 0) are pushed apart: (hinge > 0) * (1 - y)
    case = derivation(pair_loss, pair_grad_pushing_every_pair, wrt="a",
                      shapes={"a": (6, 3), "b": (6, 3), "y": (6,)}, draws={"y": ("labels", 2)})
    cause, message, line = _proven(case)
    assert cause == "mask", message
    assert "push = (hinge > 0).to(a.dtype)" in line
    assert "also times (1 - y)" in message


class KeptDropout:
    """Dropout with the mask and its scale kept: forward h * scale."""

    def __init__(self, keep):
        self.scale = keep / 0.5

    def forward(self, h):
        return h * self.scale

    def backward(self, dout):
        return dout


def kept_dropout_loss(x, W, keep, g):
    return (g * (torch.tanh(x @ W) * keep / 0.5)).sum()


def dropout_grad_never_masked(x, W, keep, g):
    x, W, keep, g = (np.asarray(v) for v in (x, W, keep, g))
    drop = KeptDropout(keep)
    h = np.tanh(x @ W)
    drop.forward(h)
    dh = drop.backward(g)
    return x.T @ (dh * (1 - h ** 2))


def test_a_kept_dropout_mask_the_backward_never_applies_is_a_mask() -> None:
    case = derivation(kept_dropout_loss, dropout_grad_never_masked, wrt="W",
                      shapes={"x": (5, 3), "W": (3, 4), "keep": (5, 4), "g": (5, 4)},
                      draws={"keep": ("labels", 2)})
    cause, message, line = _proven(case)
    assert cause == "mask", message
    assert "return dout" in line
    assert "times self.scale" in message


CRITERION = torch.nn.MSELoss()


def criterion_loss(X, W, T):
    return CRITERION(torch.sigmoid(X @ W), T)


def criterion_grad_over_the_batch_only(X, W, T):
    X, W, T = np.asarray(X), np.asarray(W), np.asarray(T)
    O = 1 / (1 + np.exp(-X @ W))
    dO = 2 * (O - T) / X.shape[0]
    return X.T @ (dO * O * (1 - O))


def test_nn_mse_loss_by_any_name_has_the_mse_convention() -> None:
    # a criterion object calls mse_loss: its mean runs over all N K elements
    case = derivation(criterion_loss, criterion_grad_over_the_batch_only, wrt="W",
                      shapes={"X": (6, 4), "W": (4, 3), "T": (6, 3)}, draws={"T": "uniform"})
    cause, message, line = _proven(case)
    assert cause == "mse-convention", message
    assert "dO = 2 * (O - T) / X.shape[0]" in line


def three_layer_loss(X, W1, W2, W3, Y):
    h1 = torch.relu(X @ W1)
    h2 = torch.relu(h1 @ W2)
    return 0.5 * ((h2 @ W3 - Y) ** 2).sum()


def three_layer_grads_inserting_the_layer_output(X, W1, W2, W3, Y):
    Ws, acts = [W1, W2, W3], [X]
    for k, W in enumerate(Ws):
        z = acts[-1] @ W
        acts.append(torch.relu(z) if k < 2 else z)
    delta, grads = acts[-1] - Y, []
    for k in reversed(range(3)):
        grads.insert(0, acts[k + 1].T @ delta)
        delta = (delta @ Ws[k].T) * (acts[k] > 0)
    return tuple(grads)


def test_a_value_a_call_stores_is_edited_as_an_assigned_one() -> None:
    # grads.insert(0, v): v is the line's value, and the layer one off is wrong-layer
    case = derivation(three_layer_loss, three_layer_grads_inserting_the_layer_output,
                      wrt=("W1", "W2", "W3"),
                      shapes={"X": (4, 3), "W1": (3, 3), "W2": (3, 3), "W3": (3, 3),
                              "Y": (4, 3)})
    cause, message, line = _proven(case)
    assert cause == "wrong-layer", message
    assert "acts[k + 1] -> acts[k]" in message
    assert "grads.insert(0, acts[k + 1].T @ delta)" in line


def cubic_fit_loss(w, x, t):
    powers = torch.stack([x ** k for k in range(w.shape[0])], dim=1)
    return ((powers @ w - t) ** 2).sum()


def cubic_fit_grad_without_the_square_s_2(w, x, t):
    w, x, t = w.tolist(), x.tolist(), t.tolist()
    dw = [0.0] * len(w)
    for i in range(len(x)):
        y = sum(w[k] * x[i] ** k for k in range(len(w)))
        r = y - t[i]
        for k in range(len(w)):
            dw[k] += r * x[i] ** k
    return dw


def test_a_residual_one_per_example_is_right_and_the_sum_is_to_blame() -> None:
    # r = y - t[i] is the loss's own residual, element by element: the 2 belongs in the sum
    case = derivation(cubic_fit_loss, cubic_fit_grad_without_the_square_s_2, wrt="w",
                      shapes={"w": (3,), "x": (5,), "t": (5,)})
    cause, message, line = _proven(case)
    assert cause == "square-factor", message
    assert "dw[k] += r * x[i] ** k" in line, line


def heteroscedastic_loss(mu, s, x):
    return 0.5 * (s + (x - mu) ** 2 * torch.exp(-s)).sum()


def heteroscedastic_grad_with_the_mean_s_sign_flipped(mu, s, x):
    dmu, ds = [], []
    for m, lv, xi in zip(mu.tolist(), s.tolist(), x.tolist(), strict=True):
        inv = math.exp(-lv)
        r = xi - m
        dmu.append(r * inv)
        ds.append(0.5 * (1 - r * r * inv))
    return dmu, ds


def test_a_sign_is_not_blamed_on_a_residual_one_per_pass() -> None:
    case = derivation(heteroscedastic_loss, heteroscedastic_grad_with_the_mean_s_sign_flipped,
                      wrt=("mu", "s"), shapes={"mu": (6,), "s": (6,), "x": (6,)})
    cause, message, line = _proven(case)
    assert cause == "sign", message
    assert "dmu.append(r * inv)" in line, line


class SquareAffine:
    """y = x W + b, its backward with W where W^T belongs (W square, so it runs)."""

    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, x):
        self.x = x
        return np.dot(x, self.W) + self.b

    def backward(self, dout):
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        dx = np.dot(dout, self.W)
        return dx


class MaskedRelu:
    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout = dout.copy()
        dout[self.mask] = 0
        return dout


def two_affine_loss(x, W1, b1, W2, b2, g):
    return (g * (torch.relu(x @ W1 + b1) @ W2 + b2)).sum()


def two_affine_grad_through_layer_classes(x, W1, b1, W2, b2, g):
    layers = [SquareAffine(W1, b1), MaskedRelu(), SquareAffine(W2, b2)]
    h = x
    for layer in layers:
        h = layer.forward(h)
    d = g
    for layer in reversed(layers):
        d = layer.backward(d)
    return d, layers[0].dW, layers[0].db


def test_a_layer_s_backward_run_for_two_layers_is_mended_where_it_first_went_wrong() -> None:
    # the second layer's dx is dL/dh, not dL/dx: a transposed W proves it all the same
    case = derivation(two_affine_loss, two_affine_grad_through_layer_classes,
                      wrt=("x", "W1", "b1"),
                      shapes={"x": (3, 4), "W1": (4, 4), "b1": (4,), "W2": (4, 4),
                              "b2": (4,), "g": (3, 4)})
    cause, message, line = _proven(case)
    assert cause == "transpose", message
    assert "dx = np.dot(dout, self.W)" in line


def rows_cross_entropy_loss(Z, Y):
    return -(Y * torch.log_softmax(Z, dim=1)).sum(dim=1).mean()


def rows_cross_entropy_grad_by_the_row_s_length(Z, Y):
    dZ = []
    for z, y in zip(Z.tolist(), Y.tolist(), strict=True):
        e = [math.exp(v - max(z)) for v in z]
        p = [v / sum(e) for v in e]
        dZ.append([(pk - yk) / len(z) for pk, yk in zip(p, y, strict=True)])
    return dZ


def test_an_array_read_for_its_size_only_is_a_divisor_not_an_operand() -> None:
    # len(z), the classes of one row, where len(Z), the rows, belongs
    case = derivation(rows_cross_entropy_loss, rows_cross_entropy_grad_by_the_row_s_length,
                      wrt="Z", shapes={"Z": (5, 3), "Y": (5, 3)}, draws={"Y": "onehot"})
    cause, message, _ = _proven(case)
    assert cause == "wrong-divisor", message


def elu_neuron_loss(x, w):
    return F.elu(x @ w).sum()


def elu_neuron_grad_from_the_output(x, w):
    dw = [0.0] * len(w)
    for row in x.tolist():
        z = sum(a * b for a, b in zip(row, w.tolist(), strict=True))
        y = z if z > 0 else math.exp(z) - 1
        slope = 1.0 if z > 0 else math.exp(y)
        dw = [d + slope * a for d, a in zip(dw, row, strict=True)]
    return dw


def test_an_elu_derivative_taken_of_one_example_s_output_is_of_its_input() -> None:
    cause, message, line = _proven(derivation(elu_neuron_loss, elu_neuron_grad_from_the_output,
                                              wrt="w", shapes={"x": (6, 3), "w": (3,)}))
    assert cause == "activation-derivative-of-input", message
    assert "slope = 1.0 if z > 0 else math.exp(y)" in line


def bag_of_rows_loss(ids, table, v):
    return (table[ids] @ v).pow(2).sum()


def bag_of_rows_grad_by_position(ids, table, v):
    table, v = table.tolist(), v.tolist()
    dv = [0.0] * len(v)
    for position, row in enumerate(ids.tolist()):
        score = sum(a * b for a, b in zip(table[row], v, strict=True))
        for j in range(len(v)):
            dv[j] += 2 * score * table[position][j]
    return dv


def test_a_loop_s_counter_indexing_where_the_looked_up_id_belongs_is_an_operand() -> None:
    cause, message, _ = _proven(derivation(
        bag_of_rows_loss, bag_of_rows_grad_by_position, wrt="v",
        shapes={"ids": (4,), "table": (7, 3), "v": (3,)}, draws={"ids": ("labels", 7)}))
    assert cause == "wrong-operand", message
    assert "(position -> row)" in message


def sigmoid_outputs_loss(h, V, t):
    return 0.5 * ((torch.sigmoid(h @ V) - t) ** 2).sum()


def sigmoid_outputs_grad_as_a_list(h, V, t):
    h, V, t = h.tolist(), V.tolist(), t.tolist()
    out = [1 / (1 + math.exp(-sum(h[j] * V[j][k] for j in range(len(h)))))
           for k in range(len(t))]
    delta = [out[k] - t[k] for k in range(len(t))]
    return [[h[j] * delta[k] for k in range(len(t))] for j in range(len(h))]


def test_a_derivative_left_out_of_a_list_built_element_by_element_is_put_in_each() -> None:
    cause, message, line = _proven(derivation(
        sigmoid_outputs_loss, sigmoid_outputs_grad_as_a_list, wrt="V",
        shapes={"h": (4,), "V": (4, 3), "t": (3,)}))
    assert cause == "activation-derivative-missing", message
    assert "times out[k] * (1 - out[k])" in message
    assert "delta = [out[k] - t[k] for k in range(len(t))]" in line


def softmax_rows_loss(z, g):
    return (g * torch.softmax(z, dim=1)).sum()


def softmax_rows_grad_dropping_the_axis(z, g):
    s = torch.softmax(z, dim=1)
    inner = (g * s).sum(dim=1)
    return s * (g - inner)


def test_a_row_statistic_that_drops_its_axis_is_a_reduction_kept_for_broadcasting() -> None:
    # square: the dropped axis broadcasts along the columns and every shape still fits
    cause, message, line = _proven(derivation(softmax_rows_loss,
                                              softmax_rows_grad_dropping_the_axis, wrt="z",
                                              shapes={"z": (4, 4), "g": (4, 4)}))
    assert cause == "reduction-axis", message
    assert "(g * s).sum(dim=1, keepdim=True)" in message
    assert "inner = (g * s).sum(dim=1)" in line


def whitened_columns_loss(x, g):
    mu = x.mean(dim=0)
    sigma = ((x - mu) ** 2).mean(dim=0).sqrt()
    return (g * (x - mu) / sigma).sum()


def whitened_columns_grad_with_n_minus_1(x, g):
    n = x.shape[0]
    xc = x - x.mean(axis=0)
    sigma = np.sqrt((xc ** 2).sum(axis=0) / (n - 1))
    xhat = xc / sigma
    return (g - g.mean(axis=0) - xhat * (g * xhat).mean(axis=0)) / sigma


def test_a_variance_divided_by_n_minus_1_written_out_is_the_wrong_size() -> None:
    cause, message, line = _proven(derivation(
        whitened_columns_loss, whitened_columns_grad_with_n_minus_1, wrt="x",
        shapes={"x": (6, 3), "g": (6, 3)}))
    assert cause == "wrong-divisor", message
    assert "(n - 1 -> n)" in message
    assert "sigma = np.sqrt((xc ** 2).sum(axis=0) / (n - 1))" in line


def layer_norm_loss(x, gamma, g):
    return (g * F.layer_norm(x, (x.shape[1],), gamma)).sum()


def layer_norm_grad_with_the_unbiased_variance(x, gamma, g):
    d = x.shape[1]
    xc = x - x.mean(dim=1, keepdim=True)
    var = (xc ** 2).sum(dim=1, keepdim=True) / (d - 1)
    std = torch.sqrt(var + 1e-5)
    xhat = xc / std
    dxhat = g * gamma
    dx = (dxhat - dxhat.mean(dim=1, keepdim=True)
          - xhat * (dxhat * xhat).mean(dim=1, keepdim=True)) / std
    return dx, (g * xhat).sum(dim=0)


def test_a_fused_normalisation_s_steps_are_known_so_its_variance_line_is_found() -> None:
    # F.layer_norm is one operation: only its steps, written out, tell var from dx
    _, message, line = _proven(derivation(layer_norm_loss,
                                          layer_norm_grad_with_the_unbiased_variance,
                                          wrt=("x", "gamma"),
                                          shapes={"x": (5, 4), "gamma": (4,), "g": (5, 4)}))
    assert "var = (xc ** 2).sum(dim=1, keepdim=True) / (d - 1)" in line, (line, message)


def test_an_infinity_is_close_to_no_finite_value() -> None:
    from verify.fixes.site import _close as close_in_a_site
    from verify.locate import _close as close_in_a_walk

    finite = torch.tensor([1.0, 2.0], dtype=torch.float64)
    infinite = torch.tensor([1.0, -math.inf], dtype=torch.float64)
    for close in (close_in_a_walk, close_in_a_site):
        assert not close(infinite, finite)
        assert not close(finite, infinite)
        assert close(infinite, infinite.clone())


# Computation graphs written as node objects: the wrong line sits in a node's backward, or
# in the chaining code that calls it.

class Difference:
    def forward(self, a, b):
        return a - b

    def backward(self, dout):
        return dout, dout


def residual_loss(w, x, t):
    return 0.5 * ((t - x * w) ** 2).sum()


def residual_grad_through_nodes(w, x, t):
    node = Difference()
    r = node.forward(t, x * w)
    _, dxw = node.backward(r)
    return (dxw * x).sum(0)


def test_a_node_that_hands_its_gradient_on_unchanged_is_the_line_to_blame() -> None:
    """``return dout, dout`` of a subtraction: the gradient it passes is right as what the
    caller named it (dL/dr); the node's return is the first wrong line, and the proof
    negates the one returned value that needs it."""
    case = derivation(residual_loss, residual_grad_through_nodes, wrt="w",
                      shapes={"w": (3,), "x": (5, 3), "t": (5, 3)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "sign", diagnosis.message
    assert "return dout, dout" in report.first_wrong_line, report.first_wrong_line
    assert "(dout, -dout)" in diagnosis.message


class Tanh:
    def forward(self, z):
        self.y = torch.tanh(z)
        return self.y

    def backward(self, dy):
        return dy * (1 - self.y ** 2)


def two_tanh_loss(x, W1, W2):
    return torch.tanh(torch.tanh(x @ W1) @ W2).sum()


def two_tanh_grad_through_the_wrong_node(x, W1, W2):
    act1, act2 = Tanh(), Tanh()
    h = act1.forward(x @ W1)
    act2.forward(h @ W2)
    dz2 = act2.backward(torch.ones(x.shape[0], W2.shape[1], dtype=x.dtype))
    dh = dz2 @ W2.T
    dz1 = act2.backward(dh)
    return x.T @ dz1


def test_a_node_called_on_the_wrong_layer_blames_the_call_not_the_node() -> None:
    """``Tanh.backward`` is right where the second layer calls it; the first layer's call on
    ``act2`` is the wrong line, mended by calling it on ``act1``."""
    case = derivation(two_tanh_loss, two_tanh_grad_through_the_wrong_node, wrt="W1",
                      shapes={"x": ("N", "D"), "W1": ("D", "H"), "W2": ("H", "H")},
                      sizes={"N": 4, "D": 3, "H": 5})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert "dz1 = act2.backward(dh)" in report.first_wrong_line, report.first_wrong_line
    assert diagnosis.cause == "wrong-layer", diagnosis.message
    assert "act2 -> act1" in diagnosis.message


class MeanSquaredError:
    def forward(self, y, t):
        self.y, self.t = y, t
        return ((y - t) ** 2).mean()

    def backward(self):
        return 2 * (self.y - self.t) / self.y.shape[0]


def regression_loss(W, x, t):
    return F.mse_loss(x @ W, t)


def regression_grad_per_row(W, x, t):
    error = MeanSquaredError()
    error.forward(x @ W, t)
    return x.T @ error.backward()


def test_a_row_count_for_the_element_count_of_a_node_s_array_is_mse_s_convention() -> None:
    case = derivation(regression_loss, regression_grad_per_row, wrt="W",
                      shapes={"W": (3, 2), "x": (6, 3), "t": (6, 2)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "mse-convention", diagnosis.message
    assert "self.y.shape[0] -> self.y.numel()" in diagnosis.message


class InvertedDropout:
    def __init__(self, p):
        self.p = p

    def forward(self, x, keep):
        self.keep = keep
        return x * keep / (1 - self.p)

    def backward(self, dout):
        return dout * self.keep / self.p


def rescaled_units_loss(x, keep, w):
    return ((x * keep / (1 - 0.2)) @ w).sum()


def dropout_grad_by_the_drop_rate(x, keep, w):
    layer = InvertedDropout(0.2)
    layer.forward(x, keep)
    return layer.backward(torch.ones_like(x) * w)


def test_a_drop_rate_where_the_keep_rate_belongs_is_a_wrong_coefficient() -> None:
    case = derivation(rescaled_units_loss, dropout_grad_by_the_drop_rate, wrt="x",
                      shapes={"x": (4, 3), "keep": (4, 3), "w": (3,)},
                      draws={"keep": ("labels", 2)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "wrong-coefficient", diagnosis.message
    assert "self.p -> 1 - self.p" in diagnosis.message


def mean_of_squares_loss(W, x, t):
    return 0.5 * ((x @ W - t) ** 2).mean()


def mean_of_squares_grad_per_example(W, x, t):
    delta = x @ W - t
    dW = x.T @ delta
    return dW / x.shape[0]


def test_a_mean_over_examples_where_the_loss_takes_every_element_is_mse_s_convention(
) -> None:
    """The loss divides by N K without calling mse_loss; the gradient by N alone. The size
    that mends it is one of the value's own later axes: the outputs besides the examples."""
    case = derivation(mean_of_squares_loss, mean_of_squares_grad_per_example, wrt="W",
                      shapes={"W": (3, 4), "x": (6, 3), "t": (6, 4)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.cause == "mse-convention", diagnosis.message
    assert "a mean over every element" in diagnosis.message


def multi_output_loss(W, b, x, t):
    return ((x @ W + b - t) ** 2).mean() / 2


def multi_output_grad_with_deltas_per_example(W, b, x, t):
    n = x.shape[0]
    deltas = x @ W + b - t
    return x.T @ deltas / n, deltas.mean(0)


def test_a_delta_missing_the_output_count_of_a_mean_of_squares_is_mse_s_convention() -> None:
    case = derivation(multi_output_loss, multi_output_grad_with_deltas_per_example,
                      wrt=("W", "b"), shapes={"W": (3, 4), "b": (4,), "x": (5, 3), "t": (5, 4)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert "deltas = x @ W + b - t" in report.first_wrong_line, report.first_wrong_line
    assert diagnosis.cause == "mse-convention", diagnosis.message


class Scalar:
    """A scalar autodiff value: each operation makes its result and a ``_backward`` closure
    that adds the result's gradient, times the local derivative, to its operands'."""

    def __init__(self, data, parents=()):
        self.data, self.grad, self.parents = data, 0.0, parents
        self._backward = lambda: None

    def __add__(self, other):
        out = Scalar(self.data + other.data, (self, other))

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        out = Scalar(self.data * other.data, (self, other))

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def square(self):
        out = Scalar(self.data ** 2, (self,))

        def _backward():
            self.grad += self.data * out.grad
        out._backward = _backward
        return out

    def backward(self):
        order, seen = [], set()

        def visit(v):
            if id(v) not in seen:
                seen.add(id(v))
                for p in v.parents:
                    visit(p)
                order.append(v)
        visit(self)
        self.grad = 1.0
        for v in reversed(order):
            v._backward()


def scalar_fit_loss(w, b, x, t):
    return ((x @ w + b - t) ** 2).sum()


def scalar_fit_grad(w, b, x, t):
    ws, bias = [Scalar(v) for v in w.tolist()], Scalar(b.item())
    total = Scalar(0.0)
    for row, target in zip(x.tolist(), t.tolist(), strict=True):
        y = bias + Scalar(-target)
        for wi, xi in zip(ws, row, strict=True):
            y = y + wi * Scalar(xi)
        total = total + y.square()
    total.backward()
    return [wi.grad for wi in ws], [bias.grad]


def test_a_scalar_engine_s_closure_is_edited_where_each_call_makes_it_afresh() -> None:
    """The closures are made by every ``square()`` call: the edit goes into the method that
    makes them, and the closure's own line is the one proven wrong."""
    case = derivation(scalar_fit_loss, scalar_fit_grad, wrt=("w", "b"),
                      shapes={"w": (3,), "b": (1,), "x": (4, 3), "t": (4,)})
    report = verify(case, trials=TRIALS, shrink=False)
    diagnosis = report.first_wrong_step.diagnosis
    assert "self.grad += self.data * out.grad" in report.first_wrong_line, \
        report.first_wrong_line
    assert diagnosis.cause == "square-factor", diagnosis.message
    assert f"{TRIALS} of {TRIALS} trials pass" in diagnosis.message
