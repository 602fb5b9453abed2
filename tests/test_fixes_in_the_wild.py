"""Proven causes of mistakes as they are written in public code: pure-Python helpers, values
written under the wrong name, parentheses left out, a helper handed its operands swapped.

Each test holds one edit family or reading; each fails with that rule taken out.
"""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation, verify

WILD_TRIALS = 100


def _wild(case) -> tuple[str | None, str, str]:
    """The proven cause, the diagnosis's words and the first wrong line of a failing case."""
    report = verify(case, trials=WILD_TRIALS, shrink=False)
    assert report.verdict == "failed"
    diagnosis = report.first_wrong_step.diagnosis
    return diagnosis.cause, diagnosis.message, report.first_wrong_line or ""


# -- activations written by the user --------------------------------------------------------

def softplus_regression_loss(X, w, t):
    return 0.5 * ((F.softplus(X @ w) - t) ** 2).sum()


def expit(v):
    return 1.0 / (1.0 + math.exp(-v)) if v >= 0 else math.exp(v) / (1.0 + math.exp(v))


def softplus_regression_grad(X, w, t):
    weights = [float(v) for v in w]
    dw = [0.0] * len(weights)
    for row, target in zip(X.tolist(), t.tolist(), strict=True):
        z = sum(a * b for a, b in zip(row, weights, strict=True))
        dz = math.log1p(math.exp(z)) - target
        dw = [g + dz * a for g, a in zip(dw, row, strict=True)]
    return dw


def test_softplus_s_derivative_is_offered_as_the_user_s_own_sigmoid_of_a_number() -> None:
    cause, message, line = _wild(derivation(
        softplus_regression_loss, softplus_regression_grad, wrt="w",
        shapes={"X": (5, 3), "w": (3,), "t": (5,)}))
    assert cause == "activation-derivative-missing", message
    assert "dz = (math.log1p(math.exp(z)) - target) * expit(z)" in message
    assert line.split(": ", 1)[1].startswith("dz = math.log1p")


def sig(v):
    return 1.0 / (1.0 + math.exp(-v))


def two_layer_scalar_loss(x, W1, w2):
    return torch.sigmoid(torch.sigmoid(W1 @ x) @ w2).sum()


def two_layer_scalar_grad(x, W1, w2):
    xs = x.tolist()
    hs = [sig(sum(a * b for a, b in zip(row, xs, strict=True))) for row in W1.tolist()]
    o = sig(sum(a * h for a, h in zip(w2.tolist(), hs, strict=True)))
    delta = o * (1 - o)
    dW1 = []
    for j in range(len(hs)):
        back = delta * float(w2[j]) * o * (1 - o)
        dW1.append([back * a for a in xs])
    return dW1


def test_the_output_s_derivative_in_a_hidden_delta_is_a_value_of_the_wrong_layer() -> None:
    cause, message, _ = _wild(derivation(two_layer_scalar_loss, two_layer_scalar_grad,
                                         wrt="W1", shapes={"x": (3,), "W1": (4, 3), "w2": (4,)}))
    assert cause == "wrong-layer", message
    assert "o -> hs[j]" in message


def tanh_d(v):
    return np.tanh(v)


def tanh_upstream_loss(x, g):
    return (g * torch.tanh(x)).sum()


def tanh_upstream_grad(x, g):
    return g * tanh_d(x)


def test_a_helper_named_as_a_derivative_that_returns_the_activation_is_the_wrong_line(
        ) -> None:
    cause, message, line = _wild(derivation(tanh_upstream_loss, tanh_upstream_grad, wrt="x",
                                            shapes={"x": (4, 3), "g": (4, 3)}))
    assert cause == "activation-derivative-of-input", message
    assert "return np.tanh(v)" in line


def tanh_backward_unbracketed(x, g):
    y = torch.tanh(x)
    return g * torch.ones_like(y) - y * y


def test_parentheses_left_out_of_a_derivative_are_put_back() -> None:
    cause, message, _ = _wild(derivation(tanh_upstream_loss, tanh_backward_unbracketed,
                                         wrt="x", shapes={"x": (4, 3), "g": (4, 3)}))
    assert cause == "activation-derivative-of-input", message
    assert "g * (torch.ones_like(y) - y * y)" in message
    assert "parentheses around" in message


def tanh_net_loss(X, W, b, T):
    return 0.5 * ((torch.tanh(X @ W + b) - T) ** 2).sum()


def tanh_net_grad(X, W, b, T):
    H = torch.tanh(X @ W + b)
    dH = H - T
    dZ = dH * (1 - H ** 2)
    return X.T @ dH, dZ.sum(0)


def test_an_operand_for_itself_times_an_activation_derivative_is_that_derivative_missing(
        ) -> None:
    cause, message, _ = _wild(derivation(
        tanh_net_loss, tanh_net_grad, wrt=("W", "b"),
        shapes={"X": (5, 4), "W": (4, 3), "b": (3,), "T": (5, 3)}))
    assert cause == "activation-derivative-missing", message
    assert "dH -> dZ" in message


# -- reductions, slices and constants -------------------------------------------------------

def bias_tanh_loss(X, b):
    return torch.tanh(X + b).sum()


def bias_tanh_grad_by_rows(X, b):
    rows = [[1 - math.tanh(x + float(c)) ** 2 for x, c in zip(r, b.tolist(), strict=True)]
            for r in X.tolist()]
    return [sum(r) for r in rows]


def test_a_pure_python_sum_over_rows_where_columns_belong_is_a_reduction_axis() -> None:
    cause, message, _ = _wild(derivation(bias_tanh_loss, bias_tanh_grad_by_rows, wrt="b",
                                         shapes={"X": (3, 3), "b": (3,)}))
    assert cause == "reduction-axis", message
    assert "for r in zip(*rows)" in message


def bias_softmax_loss(X, b, Y):
    return -(Y * torch.log_softmax(X + b, dim=1)).sum()


def bias_softmax_grad_summed_whole(X, b, Y):
    return torch.sum(torch.softmax(X + b, dim=1) - Y)


def test_a_whole_sum_where_a_sum_over_the_batch_belongs_drops_that_axis() -> None:
    cause, message, _ = _wild(derivation(bias_softmax_loss, bias_softmax_grad_summed_whole,
                                         wrt="b", shapes={"X": (5, 4), "b": (4,), "Y": (5, 4)},
                                         draws={"Y": "onehot"}))
    assert cause == "reduction-axis", message
    assert "dim=0)" in message and "keepdim" not in message.split("should read")[1][:80]


def taps_loss(x, w, g):
    return (g * F.conv1d(x[:, None, :], w[None, None, :]).squeeze(1)).sum()


def taps_grad_unshifted(x, w, g):
    k, out = w.shape[0], x.shape[1] - w.shape[0] + 1
    dw = np.zeros(k)
    for i in range(k):
        dw[i] = np.sum(g * x[:, :out])
    y = np.zeros_like(g)
    for i in range(k):
        y += w[i] * x[:, i:i + out]
    return dw


def test_a_slice_read_without_its_tap_s_offset_gets_the_offset_back() -> None:
    cause, message, _ = _wild(derivation(taps_loss, taps_grad_unshifted, wrt="w",
                                         shapes={"x": (2, 7), "w": (3,), "g": (2, 5)}))
    assert cause == "wrong-operand", message
    assert ":out -> i:i + out" in message


CLIP = 2.0


def clipped_loss(X, w, y):
    return F.huber_loss(X @ w, y, delta=CLIP, reduction="sum")


def clipped_grad_at_one(X, w, y):
    residual = X @ w - y
    return X.T @ np.clip(residual, -1.0, 1.0)


def test_a_number_written_twice_is_replaced_in_both_places() -> None:
    cause, message, _ = _wild(derivation(clipped_loss, clipped_grad_at_one, wrt="w",
                                         shapes={"X": (8, 3), "w": (3,), "y": (8,)}))
    assert cause == "wrong-coefficient", message
    assert "np.clip(residual, -CLIP, CLIP)" in message


def mean_square_loss(X, w, t):
    return torch.mean((torch.sigmoid(X @ w) - t) ** 2)


def mean_square_grad_with_one(X, w, t):
    p = 1 / (1 + np.exp(-(X @ w)))
    return (1 / len(t)) * X.T @ ((p - t) * p * (1 - p))


def test_a_one_where_a_mean_of_squares_needs_two_is_the_square_s_2() -> None:
    cause, message, _ = _wild(derivation(mean_square_loss, mean_square_grad_with_one,
                                         wrt="w", shapes={"X": (6, 3), "w": (3,), "t": (6,)}))
    assert cause == "square-factor", message
    assert "1 -> 2" in message


# -- operands: a stale loop variable, a gradient not carried back, a swap, a lost name -----

def cosh_loss(X, w):
    return torch.log(torch.cosh(X @ w)).sum()


def cosh_grad_with_the_last_row(X, w):
    rows = X.tolist()
    ws = w.tolist()
    zs = []
    for x in rows:
        zs.append(sum(a * b for a, b in zip(x, ws, strict=True)))
    gw = [0.0] * len(ws)
    for i, z in enumerate(zs):  # noqa: B007 - i, the row it should read, is unused
        for j in range(len(ws)):
            gw[j] += math.tanh(z) * x[j]
    return gw


def test_a_row_left_over_from_an_earlier_loop_is_replaced_by_the_row_of_the_pass() -> None:
    cause, message, _ = _wild(derivation(cosh_loss, cosh_grad_with_the_last_row, wrt="w",
                                         shapes={"X": (4, 3), "w": (3,)}))
    assert cause == "wrong-operand", message
    assert "x[j] -> " in message and "[i][j]" in message


def xor_loss(W1, W2, x, t):
    return 0.5 * ((torch.sigmoid(W2 @ torch.sigmoid(W1 @ x)) - t) ** 2).sum()


def xor_grad_with_the_raw_error(W1, W2, x, t):
    h = 1 / (1 + np.exp(-(W1 @ x)))
    o = 1 / (1 + np.exp(-(W2 @ h)))
    delta = (o - t) * o * (1 - o)
    delta_h = (o - t) * h * (1 - h)
    return delta_h @ x.T, delta @ h.T


def test_an_error_not_carried_back_through_the_weights_gets_w_transposed_times_delta(
        ) -> None:
    cause, message, _ = _wild(derivation(
        xor_loss, xor_grad_with_the_raw_error, wrt=("W1", "W2"),
        shapes={"W1": (3, 2), "W2": (1, 3), "x": (2, 4), "t": (1, 4)}))
    assert cause == "wrong-operand", message
    assert "W2.T @ delta" in message


def outer(a, b):
    return np.array([[p * q for q in b] for p in a])


def rank_one_loss(W, x, t):
    return 0.5 * ((W @ x - t) ** 2).sum()


def rank_one_grad_swapped(W, x, t):
    d = W @ x - t
    return outer(x, d)


def test_a_helper_handed_its_operands_swapped_is_mended_where_it_is_called() -> None:
    cause, message, line = _wild(derivation(rank_one_loss, rank_one_grad_swapped, wrt="W",
                                            shapes={"W": (3, 3), "x": (3,), "t": (3,)}))
    assert cause == "transpose", message
    assert "outer(d, x)" in message
    assert "return outer(x, d)" in line


def accumulated_loss(X, c):
    return (X + c).sum(1).pow(2).sum()


def accumulated_grad_adding_itself(X, c):
    dc = np.zeros_like(c)
    for row in X:
        s = 2 * (row + c).sum()
        dy = s * np.ones_like(c)  # noqa: F841 - what the sum should add
        dc += dc
    return dc


def test_a_sum_that_adds_itself_is_wrong_where_it_adds_not_where_it_starts() -> None:
    cause, message, line = _wild(derivation(accumulated_loss, accumulated_grad_adding_itself,
                                            wrt="c", shapes={"X": (4, 3), "c": (3,)}))
    assert "dc += dc" in line
    assert cause == "wrong-operand", message
    assert "dc += dy" in message


def scale_shift_loss(x, g, dy):
    return (dy * g * (x - x.mean(0))).sum()


def scale_shift_grad_lost(x, g, dy):
    n = x.shape[0]
    dxhat = dy * 1.0
    dy = g * dy
    mean = dxhat.sum(0) / n
    return dxhat - mean


def test_a_value_written_under_a_name_no_later_line_reads_is_given_the_name_read() -> None:
    cause, message, line = _wild(derivation(scale_shift_loss, scale_shift_grad_lost, wrt="x",
                                            shapes={"x": (4, 3), "g": (3,), "dy": (4, 3)}))
    assert cause == "wrong-operand", message
    assert "dxhat = g * dxhat" in message
    assert "dy = g * dy" in line


class Logistic:
    def apply(self, z):
        return 1 / (1 + np.exp(-z))

    def slope(self, z, a):
        return a * (1 - a)


class Identity:
    def apply(self, z):
        return z

    def slope(self, z, a):
        return np.ones_like(z)


def layered_loss(W2, W1, x):
    return torch.sigmoid(W2 @ (W1 @ x)).sum()


def layered_grad_one_object_off(W2, W1, x):
    units = [Logistic(), Identity()]
    weights = [W2, W1]
    sums, outs = [None, None, x], [None, None, x]
    for k in (1, 0):
        sums[k] = weights[k] @ outs[k + 1]
        outs[k] = units[k].apply(sums[k])
    deltas = [units[0].slope(sums[0], outs[0]), None]
    grads = []
    for k in range(2):
        unit = units[k]
        grads.append(np.outer(deltas[k], outs[k + 1]))
        if k + 1 < 2:
            deltas[k + 1] = (weights[k].T @ deltas[k]) * unit.slope(sums[k + 1], outs[k + 1])
    return grads[0], grads[1]


def test_a_method_called_on_another_layer_s_object_is_a_value_of_the_wrong_layer() -> None:
    cause, message, _ = _wild(derivation(layered_loss, layered_grad_one_object_off,
                                         wrt=("W2", "W1"),
                                         shapes={"W2": (2, 3), "W1": (3, 4), "x": (4,)}))
    assert cause == "wrong-layer", message
    assert "unit -> units[k + 1]" in message


PENALTY = 0.1


def penalised_mean_loss(X, y, w):
    return (0.5 * (y - X @ w) ** 2).mean() + PENALTY * 0.5 * (w @ w)


def penalised_grad_without_the_mean(X, y, w):
    residual = y - X @ w
    return -residual @ X + PENALTY * w


def test_one_term_of_a_sum_without_the_batch_mean_is_divided_alone() -> None:
    cause, message, _ = _wild(derivation(penalised_mean_loss, penalised_grad_without_the_mean,
                                         wrt="w", shapes={"X": (6, 3), "y": (6,), "w": (3,)}))
    assert cause == "batch-mean", message
    assert "-residual @ X / X.shape[0] + PENALTY * w" in message


def line_fit_loss(w, x, y):
    return ((y - w * x) ** 2).mean()


def line_fit_grad_over_the_sum(w, x, y):
    return -(2 / sum(x)) * sum(x * (y - w * x))


def test_a_sum_of_the_values_where_their_count_divides_is_the_wrong_divisor() -> None:
    cause, message, _ = _wild(derivation(line_fit_loss, line_fit_grad_over_the_sum, wrt="w",
                                         shapes={"w": (), "x": (5,), "y": (5,)}))
    assert cause == "wrong-divisor", message
    assert "sum(x) -> len(x)" in message


def softmax_upstream_loss(Z, G):
    return (G * torch.softmax(Z, dim=1)).sum()


def softmax_backward_diagonal_only(Z, G):
    P = torch.softmax(Z, dim=1)
    return G * P * (1 - P)


def test_a_softmax_backward_with_its_jacobian_s_diagonal_only_gets_the_rest() -> None:
    cause, message, _ = _wild(derivation(softmax_upstream_loss, softmax_backward_diagonal_only,
                                         wrt="Z", shapes={"Z": (4, 3), "G": (4, 3)}))
    assert cause == "missing-term", message
    assert "P * (G - (G * P).sum(dim=1, keepdim=True))" in message


class CallableCell:
    def __init__(self, W):
        self.W, self.dW = W, np.zeros(W.shape)

    def __call__(self, x):
        return self.forward(x)

    def forward(self, x):
        return np.tanh(x @ self.W.T)

    def backward(self, delta, h, x):
        dz = delta * (1 - h * h)
        self.dW += (dz.T @ x) / delta.shape[0]
        return dz @ self.W


def cell_loss(x, W, delta):
    return (delta * torch.tanh(x @ W.T)).sum()


def cell_grad(x, W, delta):
    cell = CallableCell(W)
    dx = cell.backward(delta, cell.forward(x), x)
    return dx, cell.dW


def test_a_layer_that_defines_call_is_followed_into_like_any_other() -> None:
    cause, message, line = _wild(derivation(cell_loss, cell_grad, wrt=("x", "W"),
                                            shapes={"x": (3, 4), "W": (5, 4), "delta": (3, 5)}))
    assert "self.dW += (dz.T @ x) / delta.shape[0]" in line
    assert cause == "batch-mean", message


def unrolled_loss(h0, W, x):
    h1 = torch.tanh(h0 @ W + x[0])
    h2 = torch.tanh(h1 @ W + x[1])
    return h2.sum()


def unrolled_grad_one_step_off(h0, W, x):
    h0, W, x = h0.numpy(), W.numpy(), x.numpy()
    states = np.stack([h0, np.tanh(h0 @ W + x[0])])
    h2 = np.tanh(states[1] @ W + x[1])
    d2 = 1 - h2 ** 2
    dW = np.outer(states[1], d2)
    d1 = (d2 @ W.T) * (1 - states[1] ** 2)
    dW += np.outer(states[1], d1)
    return dW


def test_a_state_of_an_unrolled_loop_read_one_step_off_is_of_the_wrong_layer() -> None:
    cause, message, _ = _wild(derivation(unrolled_loss, unrolled_grad_one_step_off, wrt="W",
                                         shapes={"h0": (3,), "W": (3, 3), "x": (2, 3)}))
    assert cause == "wrong-layer", message
    assert "states[1]: 1 -> 0" in message


DECAY = 0.05


def decayed_loss(X, w, t):
    return 0.5 * ((X @ w - t) ** 2).sum() + DECAY / 2 * (w ** 2).sum()


def decayed_grad_with_the_penalty_s_value(X, w, t):
    return X.T @ (X @ w - t) + DECAY * (w ** 2).sum()


def test_a_penalty_s_value_where_its_gradient_belongs_is_the_wrong_operand() -> None:
    cause, message, _ = _wild(derivation(decayed_loss, decayed_grad_with_the_penalty_s_value,
                                         wrt="w", shapes={"X": (5, 3), "w": (3,), "t": (5,)}))
    assert cause == "wrong-operand", message
    assert "(w ** 2).sum() -> w" in message


# -- pure-Python lists, element by element ---------------------------------------------------

def squares_loss(x, w, t):
    return ((x @ w - t) ** 2).sum()


def squares_by_rows_grad(x, w, t):
    rows, weights = x.tolist(), w.tolist()
    r = [sum(a * b for a, b in zip(row, weights, strict=True)) - target
         for row, target in zip(rows, t.tolist(), strict=True)]
    dr = [v for v in r]
    return [sum(dr[n] * rows[n][k] for n in range(len(rows))) for k in range(len(weights))]


def test_a_scale_of_a_comprehension_is_written_in_its_element() -> None:
    cause, message, line = _wild(derivation(squares_loss, squares_by_rows_grad, wrt="w",
                                            shapes={"x": (5, 3), "w": (3,), "t": (5,)}))
    assert cause == "square-factor", message
    assert "should read `dr = [2 * v for v in r]`" in message
    assert line.split(": ", 1)[1].startswith("dr = [v for v in r]")


def taps_squares_loss(w, x, t):
    return ((F.conv1d(x[None, None], w[None, None])[0, 0] - t) ** 2).sum()


def taps_grad(w, x, t):
    K = len(w)
    L = len(x) - K + 1
    y = [sum(w[k] * x[i + k] for k in range(K)) for i in range(L)]
    dy = [y[i] - t[i] for i in range(L)]
    return [sum(dy[i] * x[i + k] for i in range(L)) for k in range(K)]


def test_lists_of_tensor_elements_are_read_as_the_values_they_hold() -> None:
    cause, message, line = _wild(derivation(taps_squares_loss, taps_grad, wrt="w",
                                            shapes={"w": (3,), "x": (8,), "t": (6,)}))
    assert cause == "square-factor", message
    assert line.split(": ", 1)[1].startswith("dy = [y[i] - t[i]")


def elu_loss(x, G):
    return (G * F.elu(x)).sum()


def elu_by_elements_grad(x, G):
    dx = []
    for z, g in zip(x.tolist(), G.tolist(), strict=True):
        y = z if z > 0 else math.exp(z) - 1
        slope = 1.0 if z > 0 else math.exp(y)
        dx.append(g * slope)
    return dx


def test_two_numbers_equal_where_the_kept_run_passed_can_still_be_the_wrong_operand() -> None:
    x = torch.tensor([0.7, -1.2, -0.4, 0.3, -0.8, 0.9])  # first and last: z > 0, y = z
    _, message, _ = _wild(derivation(elu_loss, elu_by_elements_grad, wrt="x",
                                     shapes={"x": (6,), "G": (6,)}, draws={"x": ("fixed", x)}))
    assert "should read `slope = 1.0 if z > 0 else math.exp(z)`" in message, message


def bag_loss(E, ids, G):
    return (G * E[ids]).sum()


def bag_grad(E, ids, G):
    dE = torch.zeros_like(E)
    for pos, tok in enumerate(ids):  # noqa: B007 - tok, the row it should write, is unused
        for d in range(E.shape[1]):
            dE[pos][d] += G[pos][d]
    return dE


def test_a_row_written_by_its_position_for_its_token_is_the_wrong_operand() -> None:
    cause, message, _ = _wild(derivation(bag_loss, bag_grad, wrt="E",
                                         shapes={"E": (6, 3), "ids": (4,), "G": (4, 3)},
                                         draws={"ids": ("labels", 6)}))
    assert cause == "wrong-operand", message
    assert "should read `dE[tok][d] += G[pos][d]`" in message


def outer_loss(W, x, g):
    return (g * (W @ x)).sum()


def outer_by_elements_grad(W, x, g):
    dW = np.zeros(W.shape)
    for i in range(W.shape[0]):
        for j in range(W.shape[1]):
            dW[j, i] = g[i] * x[j]
    return dW


def test_two_indices_exchanged_where_a_value_is_written_write_its_transpose() -> None:
    cause, message, _ = _wild(derivation(outer_loss, outer_by_elements_grad, wrt="W",
                                         shapes={"W": (3, 3), "x": (3,), "g": (3,)}))
    assert cause == "transpose", message
    assert "should read `dW[i, j] = g[i] * x[j]`" in message


# -- values of the wrong shape, writes that drop terms, Jacobians in full -----------------------

def affine_bias_loss(x, W, b, dout):
    return (dout * (x @ W + b)).sum()


def affine_bias_grad_unsummed(x, W, b, dout):
    db = dout
    return db


def test_a_value_with_the_batch_axis_still_on_it_is_summed_over_that_axis() -> None:
    cause, message, line = _wild(derivation(affine_bias_loss, affine_bias_grad_unsummed,
                                            wrt="b", shapes={"x": (5, 3), "W": (3, 4),
                                                             "b": (4,), "dout": (5, 4)}))
    assert cause == "reduction-axis", message
    assert "should read `db = dout.sum(axis=0)`" in message
    assert line.split(": ", 1)[1].startswith("db = dout")


def lookup_loss(table, rows, upstream):
    return (upstream * table[rows]).sum()


def lookup_grad_assigned(table, rows, upstream):
    dtable = torch.zeros_like(table)
    dtable[rows] = upstream
    return dtable


def test_rows_assigned_through_an_index_that_repeats_are_added_instead() -> None:
    cause, message, _ = _wild(derivation(lookup_loss, lookup_grad_assigned, wrt="table",
                                         shapes={"table": (3, 2), "rows": (7,),
                                                 "upstream": (7, 2)},
                                         draws={"rows": ("labels", 3)}))
    assert cause == "missing-term", message
    assert "dtable.index_put_((rows,), upstream, accumulate=True)" in message


def log_softmax_rows_loss(z, dy):
    return (dy * torch.log_softmax(z, dim=1)).sum()


def log_softmax_rows_grad_for_one_hot(z, dy):
    probs = torch.softmax(z, dim=1)
    dz = probs + dy
    return dz


def test_a_log_softmax_backward_right_only_for_a_one_hot_gets_its_coefficient() -> None:
    cause, message, _ = _wild(derivation(log_softmax_rows_loss, log_softmax_rows_grad_for_one_hot,
                                         wrt="z", shapes={"z": (4, 5), "dy": (4, 5)}))
    assert cause == "wrong-coefficient", message
    assert "should read `dz = dy - probs * dy.sum(dim=1, keepdim=True)`" in message


def gate_loss(z, dout):
    return (dout * torch.sigmoid(z)).sum()


def sigmoid_backward(dout, s):
    return dout * s * (1 - s)


def gate_grad_arguments_swapped(z, dout):
    s = torch.sigmoid(z)
    return sigmoid_backward(s, dout)


def test_two_arguments_of_the_user_s_function_handed_over_swapped() -> None:
    cause, message, line = _wild(derivation(gate_loss, gate_grad_arguments_swapped, wrt="z",
                                            shapes={"z": (3, 4), "dout": (3, 4)}))
    assert cause == "wrong-operand", message
    assert "should read `return sigmoid_backward(dout, s)`" in message
    assert "return sigmoid_backward(s, dout)" in line


def row_mean_loss(x, g):
    return (g * x.mean(dim=1)).sum()


def row_mean_grad_undivided(x, g):
    rows, width = x.shape
    dx = np.zeros((rows, width))
    for r in range(rows):
        dx[r, :] = g[r]
    return dx


def test_a_number_filling_a_row_takes_the_divisor_of_a_mean_over_the_row() -> None:
    cause, message, line = _wild(derivation(row_mean_loss, row_mean_grad_undivided, wrt="x",
                                            shapes={"x": (3, 6), "g": (3,)}))
    assert cause == "wrong-divisor", message
    assert "should read `dx[r, :] = g[r] / width`" in message
    assert line.split(": ", 1)[1].startswith("dx[r, :] = g[r]")


LEAK = 0.1


def leaky_gate_loss(x, G):
    return (G * F.leaky_relu(x, negative_slope=LEAK)).sum()


def leaky_gate_grad_without_slope(x, G):
    slope = torch.where(x > 0, torch.ones_like(x), torch.zeros_like(x))
    return G * slope


def test_a_where_s_zero_is_where_a_leaky_slope_is_forgotten() -> None:
    cause, message, _ = _wild(derivation(leaky_gate_loss, leaky_gate_grad_without_slope, wrt="x",
                                         shapes={"x": (4, 3), "G": (4, 3)}))
    assert cause == "mask", message
    assert "should read `slope = torch.where(x > 0, torch.ones_like(x), LEAK * " \
        "torch.ones_like(x))`" in message


def softmax_vector_loss(a, up):
    return (up * torch.softmax(a, dim=0)).sum()


def softmax_jacobian_with_input_on_diagonal(a, up):
    e = np.exp(a - a.max())
    s = e / e.sum()
    n = len(s)
    jac = np.zeros((n, n))
    for p in range(n):
        for q in range(n):
            jac[p, q] = s[p] * (1 - a[p]) if p == q else -s[p] * s[q]
    return jac.T @ up


def test_a_term_that_undoes_a_wrong_jacobian_entry_gives_way_to_the_entry() -> None:
    cause, message, line = _wild(derivation(softmax_vector_loss,
                                            softmax_jacobian_with_input_on_diagonal, wrt="a",
                                            shapes={"a": (5,), "up": (5,)}))
    assert cause == "wrong-operand", message
    assert "a[p] -> s[p]" in message
    assert "jac[p, q] = " in line


# -- Bessel's correction left out of a gradient -----------------------------------------------

def column_std_loss(X, g):
    return (g * X.std(dim=0)).sum()


def column_std_grad_divided_by_n(X, g):
    n = X.shape[0]
    centred = X - X.mean(axis=0)
    s = np.sqrt((centred ** 2).sum(axis=0) / (n - 1))
    return g * centred / (n * s)


def test_a_deviation_s_gradient_divided_by_n_where_the_loss_takes_n_minus_1() -> None:
    cause, message, line = _wild(derivation(column_std_loss, column_std_grad_divided_by_n,
                                            wrt="X", shapes={"X": (5, 3), "g": (3,)}))
    assert cause == "wrong-divisor", message
    assert "(n -> n - 1)" in message
    assert line.split(": ", 1)[1].startswith("return g * centred / (n * s)")


# -- an embedding's row written at the example's place ------------------------------------------

def token_rows_loss(Wemb, tokens, g):
    return (g * Wemb[tokens]).sum()


def token_rows_grad_at_the_position(Wemb, tokens, g):
    dW = torch.zeros_like(Wemb)
    for t in range(tokens.shape[0]):
        dW[t] += g[t]
    return dW


def test_a_row_written_at_the_counter_where_the_token_it_looks_up_belongs() -> None:
    cause, message, line = _wild(derivation(
        token_rows_loss, token_rows_grad_at_the_position, wrt="Wemb",
        shapes={"Wemb": (7, 3), "tokens": (5,), "g": (5, 3)}, draws={"tokens": ("labels", 7)}))
    assert cause == "wrong-operand", message
    assert "(t -> tokens[t] in dW[t])" in message
    assert line.split(": ", 1)[1].startswith("dW[t] += g[t]")


# -- a term computed and never read ---------------------------------------------------------------

DECAY = 0.05


def centred_decay_loss(x, g, s):
    return ((((g - g.mean()) * x) + DECAY * x ** 2 / 2) / s).sum()


def centred_decay_grad_without_its_mean(x, g, s):
    xs, gs, ss = x.tolist(), g.tolist(), s.tolist()
    n = len(xs)
    g_mean = sum(gs) / n  # noqa: F841 (computed, and then forgotten: the mistake)
    return [(gi + DECAY * xi) / si for gi, xi, si in zip(gs, xs, ss, strict=True)]


def test_a_value_the_code_computed_and_never_read_is_the_missing_term() -> None:
    cause, message, line = _wild(derivation(
        centred_decay_loss, centred_decay_grad_without_its_mean, wrt="x",
        shapes={"x": (6,), "g": (6,), "s": (6,)}, draws={"s": ("uniform", 1.0, 2.0)}))
    assert cause == "missing-term", message
    assert "- g_mean in (gi + DECAY * xi)" in message
    assert line.split(": ", 1)[1].startswith("return [(gi + DECAY * xi) / si")


# -- the inner product of two vectors where their outer product belongs -----------------------

def vector_product_loss(W, x, g):
    return (g * (W @ x)).sum()


def vector_product_grad_through_a_1d_transpose(W, x, g):
    dW = torch.matmul(g, x.T)
    return dW


def test_a_1d_transpose_that_changes_nothing_is_mended_by_the_outer_product() -> None:
    cause, message, line = _wild(derivation(
        vector_product_loss, vector_product_grad_through_a_1d_transpose, wrt="W",
        shapes={"W": (4, 4), "x": (4,), "g": (4,)}))
    assert cause == "transpose", message
    assert "torch.outer(g, x.T)" in message
    assert line.split(": ", 1)[1].startswith("dW = torch.matmul(g, x.T)")


# -- a size divided twice, a mean over every element, a clip's mask --------------------------

def mean_cross_entropy_loss(X, W, y):
    return F.cross_entropy(X @ W, y)


def mean_cross_entropy_grad_divided_twice(X, W, y):
    n = X.shape[0]
    Z = X @ W
    P = np.exp(Z - Z.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    dZ = (P - np.eye(W.shape[1])[y]) / n
    return X.T @ dZ / n


def test_a_size_that_divides_a_value_already_divided_by_it_says_which_value() -> None:
    cause, message, line = _wild(derivation(
        mean_cross_entropy_loss, mean_cross_entropy_grad_divided_twice, wrt="W",
        shapes={"X": ("N", "D"), "W": ("D", "C"), "y": ("N",)}, draws={"y": ("labels", "C")},
        sizes={"N": 5, "D": 3, "C": 4}))
    assert cause == "batch-mean", message
    assert "dZ is already divided by n" in message
    assert line.split(": ", 1)[1].startswith("return X.T @ dZ / n")


def per_row_squares_loss(W, X, T):
    return ((torch.tanh(X @ W) - T) ** 2).sum(dim=1).mean()


def per_row_squares_grad_over_every_element(W, X, T):
    n, k = T.shape
    H = np.tanh(X @ W)
    dH = 2 * (H - T) / (n * k)
    return X.T @ (dH * (1 - H ** 2))


def test_a_product_of_sizes_where_the_mean_of_squares_takes_one_is_mse_s_convention() -> None:
    cause, message, line = _wild(derivation(
        per_row_squares_loss, per_row_squares_grad_over_every_element, wrt="W",
        shapes={"W": (3, 2), "X": (5, 3), "T": (5, 2)}))
    assert cause == "mse-convention", message
    assert "(n * k -> n)" in message
    assert line.split(": ", 1)[1].startswith("dH = 2 * (H - T) / (n * k)")


def clipped_layer_loss(x, W, g):
    return (g * torch.clamp(x @ W, -2.0, 2.0)).sum()


class ClippedLayer:
    def __init__(self, W):
        self.W = W

    def forward(self, x):
        self.x, self.Z = x, x @ self.W
        return np.clip(self.Z, -2.0, 2.0)

    def backward(self, dout):
        dZ = dout
        return self.x.T @ dZ


def clipped_layer_grad_without_its_mask(x, W, g):
    layer = ClippedLayer(W)
    layer.forward(x)
    return layer.backward(g)


def test_a_clip_s_mask_left_out_is_a_mask() -> None:
    cause, message, line = _wild(derivation(
        clipped_layer_loss, clipped_layer_grad_without_its_mask, wrt="W",
        shapes={"x": (6, 3), "W": (3, 4), "g": (6, 4)}))
    assert cause == "mask", message
    assert "dZ = dout * ((self.Z > -2.0) & (self.Z < 2.0))" in message
    assert line.split(": ", 1)[1].startswith("dZ = dout")


# -- operands of fewer axes, of a product node, and values that are inputs -------------------

def experts_loss(x, We, G):
    return (G * torch.einsum("nd,edf->nef", x, We)).sum()


def experts_grad_from_their_outputs(x, We, G):
    Y = torch.einsum("nd,edf->nef", x, We)
    return torch.einsum("ned,nef->edf", Y, G)


def test_an_einsum_operand_of_fewer_axes_is_tried_with_its_subscript_cut() -> None:
    cause, message, line = _wild(derivation(
        experts_loss, experts_grad_from_their_outputs, wrt="We",
        shapes={"x": (4, 3), "We": (2, 3, 3), "G": (4, 2, 3)}))
    assert cause == "wrong-operand", message
    assert "Y (ned) -> x (nd)" in message
    assert "torch.einsum('nd,nef->edf', x, G)" in message
    assert line.split(": ", 1)[1].startswith('return torch.einsum("ned,nef->edf", Y, G)')


class ProductNode:
    def forward(self, a, b):
        self.a, self.b = a, b
        return a * b

    def backward(self, dout):
        return dout * self.a, dout * self.b


def product_node_loss(u, v):
    return torch.sin(u * v).sum()


def product_node_grad(u, v):
    node = ProductNode()
    node.forward(u, v)
    du, dv = node.backward(np.cos(u * v))
    return du, dv


def test_a_product_node_that_multiplies_each_input_by_itself_has_its_operands_swapped() -> None:
    cause, message, line = _wild(derivation(
        product_node_loss, product_node_grad, wrt=("u", "v"), shapes={"u": (5,), "v": (5,)}))
    assert cause == "wrong-operand", message
    assert "self.a and self.b swapped in the products" in message
    assert line.split(": ", 1)[1].startswith("return dout * self.a, dout * self.b")


def looped_logistic_loss(w, X, y):
    p = torch.sigmoid(X @ w)
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).sum()


def looped_logistic_grad_flipped(w, X, y):
    dw = [0.0] * len(w)
    for row, label in zip(X.tolist(), y.tolist(), strict=True):
        p = 1.0 / (1.0 + math.exp(-sum(a * b for a, b in zip(row, w.tolist(), strict=True))))
        g = label / p - (1 - label) / (1 - p)
        for j, a in enumerate(row):
            dw[j] += g * p * (1 - p) * a
    return dw


def test_a_loop_s_labels_are_inputs_not_a_gradient_of_their_sign() -> None:
    cause, message, line = _wild(derivation(
        looped_logistic_loss, looped_logistic_grad_flipped, wrt="w",
        shapes={"w": (3,), "X": (5, 3), "y": (5,)}, draws={"y": "uniform"}))
    assert cause == "sign", message
    assert line.split(": ", 1)[1].startswith("g = label / p - (1 - label) / (1 - p)")


# -- nodes of a graph: a value handed on twice, a size kept by the node -----------------------

class Difference:
    def forward(self, a, b):
        return a - b

    def backward(self, dout):
        return dout, dout


class Scale:
    def forward(self, x, w):
        self.x, self.w = x, w
        return x * w

    def backward(self, dout):
        return dout * self.w, (dout * self.x).sum()


class Product:
    def forward(self, X, W):
        self.X, self.W = X, W
        return X @ W

    def backward(self, dout):
        return dout @ self.W.T, self.X.T @ dout


class HalfSquares:
    def forward(self, r):
        self.r = r
        return 0.5 * np.sum(r * r)

    def backward(self, dout=1.0):
        return self.r * dout


def regression_loss(W, X, Y):
    return 0.5 * ((Y - X @ W) ** 2).sum()


def backpropagate(difference, W, X, Y):
    product, squares = Product(), HalfSquares()
    squares.forward(difference.forward(Y, product.forward(X, W)))
    _dY, dP = difference.backward(squares.backward())
    _dX, dW = product.backward(dP)
    return dW


def regression_grad(W, X, Y):
    return backpropagate(Difference(), W, X, Y)


def test_a_node_that_hands_on_one_value_twice_is_where_the_sign_is_lost() -> None:
    cause, message, line = _wild(derivation(
        regression_loss, regression_grad, wrt="W", shapes={"W": (3, 2), "X": (5, 3),
                                                            "Y": (5, 2)}))
    assert cause == "sign", message
    assert line.split(": ", 1)[1].startswith("return dout, dout")


class Square:
    def forward(self, r):
        self.r = r
        return r ** 2

    def backward(self, dout):
        return 2 * self.r * dout


class Mean:
    def forward(self, e):
        self.n = e.shape[0]
        return e.mean()

    def backward(self):
        return np.full(self.n, 1.0)


def squared_error_loss(w, x, t):
    return ((x * w - t) ** 2).mean()


def squared_error_grad(w, x, t):
    scale, square, mean = Scale(), Square(), Mean()
    mean.forward(square.forward(scale.forward(x, w) - t))
    _dx, dw = scale.backward(square.backward(mean.backward()))
    return dw


def test_a_size_a_node_keeps_is_offered_as_the_batch_mean() -> None:
    cause, message, line = _wild(derivation(
        squared_error_loss, squared_error_grad, wrt="w",
        shapes={"w": (), "x": (6,), "t": (6,)}))
    assert cause == "batch-mean", message
    assert "np.full(self.n, 1.0) / self.n" in message
    assert line.split(": ", 1)[1].startswith("return np.full(self.n, 1.0)")


# -- a residual named as its square's derivative, summed into two terms ----------------------

def tied_autoencoder_loss(X, W):
    return ((X @ W @ W.T - X) ** 2).sum()


def tied_autoencoder_grad_half(X, W):
    H = X @ W
    dR = H @ W.T - X
    dW = dR.T @ H
    dH = dR @ W
    dW = dW + X.T @ dH
    return dW


def test_a_factor_of_a_sum_of_terms_is_followed_back_to_the_residual_named_a_gradient() -> None:
    cause, message, line = _wild(derivation(
        tied_autoencoder_loss, tied_autoencoder_grad_half, wrt="W",
        shapes={"X": (5, 4), "W": (4, 2)}))
    assert cause == "square-factor", message
    assert line.split(": ", 1)[1].startswith("dR = H @ W.T - X")


# -- a sign inside an argument, a gradient written over, a mask's operand --------------------

def signed_logistic_loss(X, w, label):
    y = 2.0 * label - 1.0
    return F.softplus(-y * (X @ w)).sum()


def logistic_sigmoid(v):
    return 1 / (1 + np.exp(-v))


def signed_logistic_grad_per_example(X, w, label):
    dw = np.zeros_like(w)
    for x, y in zip(X, 2.0 * label - 1.0, strict=True):
        dw += -y * x * logistic_sigmoid(y * (x @ w))
    return dw


def test_a_minus_lost_inside_a_function_s_argument_is_a_sign() -> None:
    cause, message, line = _wild(derivation(
        signed_logistic_loss, signed_logistic_grad_per_example, wrt="w",
        shapes={"X": (6, 3), "w": (3,), "label": (6,)}, draws={"label": ("labels", 2)}))
    assert cause == "sign", message
    assert "logistic_sigmoid(-(y * (x @ w)))" in message
    assert line.split(": ", 1)[1].startswith("dw += -y * x * logistic_sigmoid(")


def exp_node_loss(x, g):
    return (g * torch.exp(x)).sum()


def exp_node_backward(x, g):
    grad = g.copy()
    for i in range(len(x)):
        grad[i] = math.exp(x[i])
    return grad


def test_an_incoming_gradient_written_over_by_the_local_derivative_is_a_coefficient() -> None:
    cause, message, line = _wild(derivation(exp_node_loss, exp_node_backward, wrt="x",
                                            shapes={"x": (5,), "g": (5,)}))
    assert cause == "wrong-coefficient", message
    assert "grad[i] *= math.exp(x[i])" in message
    assert line.split(": ", 1)[1].startswith("grad[i] = math.exp(x[i])")


WAVE_START = 0.5


def wave_loss(x, G):
    return (G * torch.where(2 * x > WAVE_START, torch.sin(x), x)).sum()


def wave_grad(x, G):
    y = np.where(2 * x > WAVE_START, np.sin(x), x)
    return np.where(2 * y > WAVE_START, G * np.cos(x), G)


def test_a_branch_tested_on_the_wrong_value_is_a_mask() -> None:
    cause, message, _ = _wild(derivation(wave_loss, wave_grad, wrt="x",
                                         shapes={"x": (4, 5), "G": (4, 5)},
                                         draws={"x": ("uniform", -6, 6)}))
    assert cause == "mask", message
    assert "np.where(2 * x > WAVE_START, G * np.cos(x), G)" in message


# -- a helper handed a wrong argument; gradients in the wrong order with a constant factor --

def softmax_then_log_loss(s, t):
    return -(t * torch.log(torch.softmax(s, dim=1))).sum()


def softmax_vjp(p, dp):
    return p * (dp - (dp * p).sum(axis=1, keepdims=True))


def softmax_then_log_grad(s, t):
    e = np.exp(s - s.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    ds = softmax_vjp(p, t / p)
    return ds


def test_a_helper_handed_an_argument_computed_wrongly_in_the_call_blames_the_call() -> None:
    cause, message, line = _wild(derivation(
        softmax_then_log_loss, softmax_then_log_grad, wrt="s",
        shapes={"s": (4, 3), "t": (4, 3)}, draws={"t": "uniform"}))
    assert line.split(": ", 1)[1].startswith("ds = softmax_vjp(p, t / p)"), line
    assert cause == "sign", message


def helper_of_known_input_loss(x, g):
    return (g * torch.sigmoid(x)).sum()


def sigmoid_slope(z):
    return z * (1 - z)


def helper_of_known_input_grad(x, g):
    return g * sigmoid_slope(x)


def test_a_helper_handed_a_known_quantity_is_itself_the_wrong_line() -> None:
    _, _, line = _wild(derivation(helper_of_known_input_loss, helper_of_known_input_grad,
                                  wrt="x", shapes={"x": (3, 4), "g": (3, 4)}))
    assert line.split(": ", 1)[1].startswith("return z * (1 - z)"), line


def weighted_sum_loss(p, q, r, g):
    return (g * (2 * p + q + 3 * r)).sum()


def weighted_sum_grad(p, q, r, g):
    by_name = {"p": 2 * g, "q": g, "r": 3 * g}
    return tuple(by_name[name] for name in ("q", "r", "p"))


def test_gradients_in_the_wrong_order_stay_so_when_their_ratio_is_a_constant() -> None:
    cause, message, _ = _wild(derivation(
        weighted_sum_loss, weighted_sum_grad, wrt=("p", "q", "r"),
        shapes={"p": (3, 4), "q": (3, 4), "r": (3, 4), "g": (3, 4)}))
    assert cause == "return-order", message
