"""locate: the first wrong line of a wrong gradient, on one failing trial.

Each wrong gradient below marks the line locate must find with ``# <- here``; the tests
look the line number up in the source, so they keep working when lines move.
"""

from __future__ import annotations

import inspect
import math
import sys

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from derivations import REGISTRY
from verify import derivation
from verify.locate import Confidence, Location, locate
from verify.sample import sample_trials

MARK = "# <- here"


def _marked_line(*functions) -> int:
    """The number of the line marked ``# <- here`` in one of ``functions``."""
    for fn in functions:
        lines, first = inspect.getsourcelines(fn)
        for offset, text in enumerate(lines):
            if MARK in text:
                return first + offset
    raise AssertionError("no marked line")


def _trial(case, trial: int = 0) -> dict[str, torch.Tensor]:
    drawn = sample_trials(case, trial, trial + 1, seed=0, dtype=torch.float64, device="cpu")
    return {name: value[0] for name, value in drawn.items()}


# A transposed operand, in torch ------------------------------------------------------------

def affine_loss(x, W, dout):
    return (dout * (x @ W)).sum()


def affine_transposed(x, W, dout):
    dx = dout @ W.T
    dW = dout.T @ x  # <- here
    return dx, dW


def test_a_transposed_operand_in_torch():
    case = derivation(affine_loss, affine_transposed, wrt=("x", "W"),
                      shapes={"x": (4, 3), "W": (3, 2), "dout": (4, 2)})
    location = locate(case, _trial(case))
    assert location is not None
    assert location.line == _marked_line(affine_transposed)
    assert location.code == "dW = dout.T @ x"
    assert location.relation == "transposed"
    assert location.expected.startswith("dL/dW, the gradient of the loss with respect to W")
    assert location.confidence is Confidence.HIGH
    assert location.file.endswith("test_locate.py")


# A missing factor, in numpy -----------------------------------------------------------------

def mean_square_loss(w, x, t):
    return ((x @ w - t) ** 2).mean()


def mean_square_missing_two(w, x, t):
    N = x.shape[0]
    y = np.dot(x, w)
    dy = (y - t) / N  # <- here
    return np.dot(x.T, dy)


def test_a_missing_factor_in_numpy():
    case = derivation(mean_square_loss, mean_square_missing_two, wrt="w",
                      shapes={"w": (3,), "x": (5, 3), "t": (5,)})
    location = locate(case, _trial(case))
    assert location is not None
    assert location.line == _marked_line(mean_square_missing_two)
    assert location.relation == "1/2 x"
    assert "the gradient of the loss with respect to x @ w" in location.expected
    assert location.confidence is Confidence.HIGH


def test_the_line_that_forgot_the_factor_not_the_one_that_passed_it_on():
    """``dw = x.T @ dy`` is off by the same factor, but only because dy is."""
    case = derivation(mean_square_loss, mean_square_missing_two, wrt="w",
                      shapes={"w": (3,), "x": (5, 3), "t": (5,)})
    location = locate(case, _trial(case, 3))
    assert location is not None and location.code == "dy = (y - t) / N"


# A layer class that caches what backward needs ---------------------------------------------

class Multiply:
    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y

    def backward(self, dout):
        dx = dout * self.x  # <- here
        dy = dout * self.x
        return dx, dy


def product_loss(x, y, dout):
    return (dout * (x * y)).sum()


def product_by_layer(x, y, dout):
    node = Multiply()
    node.forward(x, y)
    return node.backward(dout)


def test_a_layer_class_with_cached_state():
    case = derivation(product_loss, product_by_layer, wrt=("x", "y"),
                      shapes={"x": (5,), "y": (5,), "dout": (5,)})
    location = locate(case, _trial(case))
    assert location is not None
    assert location.line == _marked_line(Multiply.backward)
    assert location.code == "dx = dout * self.x"
    assert location.relation == "differs"
    assert location.expected.startswith("dL/dx")


class Sigmoid:
    def forward(self, x):
        self.out = 1 / (1 + np.exp(-x))
        return self.out

    def backward(self, dout):
        return dout * self.out * (1.0 - self.out)


def sigmoid_loss(x, W, dout):
    return (dout * torch.sigmoid(x @ W)).sum()


def sigmoid_layers_skipped(x, W, dout):
    layer = Sigmoid()
    layer.forward(np.dot(x, W))
    dz = dout  # <- here
    return np.dot(x.T, dz)


def test_a_layer_whose_backward_is_never_called():
    case = derivation(sigmoid_loss, sigmoid_layers_skipped, wrt="W",
                      shapes={"x": (4, 3), "W": (3, 2), "dout": (4, 2)})
    location = locate(case, _trial(case))
    assert location is not None
    assert location.line == _marked_line(sigmoid_layers_skipped)
    assert "x @ W" in location.expected


# A pure-Python loop over scalars -----------------------------------------------------------

def dot_loss(w, x, t):
    return 0.5 * ((x * w).sum() - t) ** 2


def dot_by_loop(w, x, t):
    a = 0.0
    for j in range(len(w)):
        a += float(x[j]) * float(w[j])
    err = float(t) - a  # <- here
    dw = [0.0] * len(w)
    for j in range(len(w)):
        dw[j] = err * float(x[j])
    return np.array(dw)


def test_a_pure_python_scalar_loop():
    case = derivation(dot_loss, dot_by_loop, wrt="w", shapes={"w": (4,), "x": (4,), "t": ()})
    location = locate(case, _trial(case))
    assert location is not None
    assert location.line == _marked_line(dot_by_loop)
    assert location.relation == "-1 x"


def pair_loss(w, x):
    return ((x[:, 0] * w[0] + x[:, 1] * w[1]) ** 2).sum()


def pair_by_loop(w, x):
    dw = np.zeros(2)
    for n in range(x.shape[0]):
        r = 2 * (x[n, 0] * w[0] + x[n, 1] * w[1])
        dw[1] -= r * x[n, 1]  # <- here
        dw[0] += r * x[n, 0]
    return dw


def test_a_sum_built_up_in_a_loop():
    case = derivation(pair_loss, pair_by_loop, wrt="w", shapes={"w": (2,), "x": (3, 2)})
    location = locate(case, _trial(case))
    assert location is not None
    assert location.line == _marked_line(pair_by_loop)
    assert location.relation == "-1 x"


def sigmoid_of(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_slope(z):
    s = sigmoid_of(z)
    return s * (1 + s)  # <- here


def squared_error_loss(x, W, t):
    return 0.5 * ((torch.sigmoid(x @ W) - t) ** 2).sum()


def squared_error_with_helpers(x, W, t):
    z = x @ W
    return x.T @ ((sigmoid_of(z) - t) * sigmoid_slope(z))


def test_a_wrong_line_inside_a_helper_called_mid_expression():
    case = derivation(squared_error_loss, squared_error_with_helpers, wrt="W",
                      shapes={"x": (4, 3), "W": (3, 2), "t": (4, 2)}, draws={"t": "uniform"})
    location = locate(case, _trial(case))
    assert location is not None
    assert location.line == _marked_line(sigmoid_slope)
    assert "sigmoid'(x @ W)" in location.expected


# A wrong size, and an answer of the wrong shape ----------------------------------------------

def softmax_loss(x, t):
    return F.cross_entropy(x, t)


def softmax_wrong_batch(x, t):
    n = x.shape[1]  # <- here
    p = torch.softmax(x, dim=1)
    return (p - F.one_hot(t, x.shape[1]).to(x.dtype)) / n


def test_a_size_taken_from_the_wrong_axis():
    case = derivation(softmax_loss, softmax_wrong_batch, wrt="x",
                      shapes={"x": (4, 3), "t": (4,)}, draws={"t": ("labels", 3)})
    location = locate(case, _trial(case))
    assert location is not None
    assert location.line == _marked_line(softmax_wrong_batch)
    assert location.relation == "3/4 x"
    assert location.expected == "the size 4"


def bias_loss(x, b, dout):
    return (dout * (x + b)).sum()


def bias_wrong_axis(x, b, dout):
    db = dout.sum(dim=1)  # <- here
    return dout, db


def test_a_sum_over_the_wrong_axis():
    case = derivation(bias_loss, bias_wrong_axis, wrt=("x", "b"),
                      shapes={"x": (5, 3), "b": (3,), "dout": (5, 3)})
    location = locate(case, _trial(case))
    assert location is not None
    assert location.line == _marked_line(bias_wrong_axis)
    assert location.relation.startswith("of shape (5,), not (3,)")


# Nothing to locate --------------------------------------------------------------------------

def affine_right(x, W, dout):
    return dout @ W.T, x.T @ dout


def affine_raises(x, W, dout):
    raise ValueError("not derived yet")


def test_nothing_when_every_gradient_is_right():
    case = derivation(affine_loss, affine_right, wrt=("x", "W"),
                      shapes={"x": (4, 3), "W": (3, 2), "dout": (4, 2)})
    assert locate(case, _trial(case)) is None


def test_nothing_when_the_gradient_raises_and_the_trace_is_removed():
    case = derivation(affine_loss, affine_raises, wrt=("x", "W"),
                      shapes={"x": (4, 3), "W": (3, 2), "dout": (4, 2)})
    before = sys.gettrace()
    assert locate(case, _trial(case)) is None
    assert sys.gettrace() is before
    assert not torch.overrides._get_current_function_mode_stack()


def test_nothing_when_the_code_runs_too_long_to_follow(monkeypatch):
    monkeypatch.setattr("verify.locate._MAX_RECORDS", 5)
    case = derivation(dot_loss, dot_by_loop, wrt="w", shapes={"w": (4,), "x": (4,), "t": ()})
    before = sys.gettrace()
    assert locate(case, _trial(case)) is None
    assert sys.gettrace() is before


def test_nothing_for_a_derivation_not_made_by_derivation():
    built_in = REGISTRY["mlp_two_layer"]
    assert locate(built_in, _trial(built_in)) is None
    assert locate(object(), {}) is None


def test_the_trace_and_the_modes_are_left_as_they_were():
    case = derivation(affine_loss, affine_transposed, wrt=("x", "W"),
                      shapes={"x": (4, 3), "W": (3, 2), "dout": (4, 2)})
    before = sys.gettrace()
    assert locate(case, _trial(case)) is not None
    assert sys.gettrace() is before
    assert not torch.overrides._get_current_function_mode_stack()


@pytest.mark.parametrize(("relation", "sentence"), [
    ("2 x", "computes 2 x dL/dW, the gradient"),
    ("transposed", "computes dL/dW, the gradient, transposed"),
    ("-1 x transposed", "computes -1 x dL/dW, the gradient, transposed"),
    ("differs", "should compute dL/dW, the gradient"),
    ("of shape (2,), not (3,)", "should compute dL/dW, the gradient; its value is of shape "
                                "(2,), not (3,)"),
])
def test_a_location_reads_as_one_finding(relation, sentence):
    location = Location("wrong.py", 12, "dW = x @ dy", "dL/dW, the gradient", relation,
                        Confidence.HIGH)
    assert str(location) == f"wrong.py:12: dW = x @ dy\n  {sentence}"


@pytest.mark.parametrize("trial", range(5))
def test_the_same_line_on_other_trials(trial):
    case = derivation(mean_square_loss, mean_square_missing_two, wrt="w",
                      shapes={"w": (3,), "x": (5, 3), "t": (5,)})
    location = locate(case, _trial(case, trial))
    assert location is not None and location.line == _marked_line(mean_square_missing_two)


# Pure-Python rows: a gradient returned as a list of lists of floats -------------------------

def row_neuron_loss(x, w, t):
    o = torch.sigmoid((w * x).sum())
    return 0.5 * (o - t) ** 2


def row_neuron_by_floats(x, w, t):
    net = sum(float(w[0][i]) * float(x[0][i]) for i in range(len(x[0])))
    o = 1.0 / (1.0 + math.exp(-net))
    err = 2 * (o - float(t)) * o * (1 - o)  # <- here
    return [[err * float(v) for v in x[0]]]


def test_a_gradient_returned_as_rows_of_floats():
    case = derivation(row_neuron_loss, row_neuron_by_floats, wrt="w",
                      shapes={"x": (1, 4), "w": (1, 4), "t": ()})
    location = locate(case, _trial(case))
    assert location is not None
    assert location.line == _marked_line(row_neuron_by_floats)
    assert location.relation == "2 x"


def two_rows_loss(W, x):
    return (W @ x).sum() ** 2 / 2


def two_rows_by_accumulation(W, x):
    s = sum(float(W[k][i]) * float(x[i]) for k in range(len(W)) for i in range(len(x)))
    dW = [[0.0] * len(x) for _ in range(len(W))]
    for k in range(len(W)):
        for i in range(len(x)):
            dW[k][i] -= s * float(x[i])  # <- here
    return dW


def test_rows_of_floats_built_up_element_by_element():
    case = derivation(two_rows_loss, two_rows_by_accumulation, wrt="W",
                      shapes={"W": (2, 3), "x": (3,)})
    location = locate(case, _trial(case))
    assert location is not None
    assert location.line == _marked_line(two_rows_by_accumulation)


def rnn_loss(x, G, Wx, Wh):
    h = torch.zeros(x.shape[1], Wh.shape[0], dtype=x.dtype)
    for t in range(x.shape[0]):
        h = torch.tanh(x[t] @ Wx + h @ Wh)
    return (G * h).sum()


def rnn_grad_with_the_previous_state(x, G, Wx, Wh):
    hs = [torch.zeros(x.shape[1], Wh.shape[0], dtype=x.dtype)]
    for t in range(x.shape[0]):
        hs.append(torch.tanh(x[t] @ Wx + hs[-1] @ Wh))
    dWx, dWh = torch.zeros_like(Wx), torch.zeros_like(Wh)
    dh = G
    for t in reversed(range(x.shape[0])):
        dz = dh * (1 - hs[t] ** 2)  # <- here
        dWx = dWx + x[t].T @ dz
        dWh = dWh + hs[t].T @ dz
        dh = dz @ Wh.T
    return dWx, dWh


def test_a_loop_from_a_zero_state_is_not_blamed_on_its_zeros():
    """The first step's state is zero: replacing a term by a zero of the loss and the sum
    before it by the answer 'mends' the sum, and proves nothing."""
    case = derivation(rnn_loss, rnn_grad_with_the_previous_state, wrt=("Wx", "Wh"),
                      shapes={"x": (2, 3, 4), "G": (3, 5), "Wx": (4, 5), "Wh": (5, 5)})
    location = locate(case, _trial(case))
    assert location is not None
    assert location.line == _marked_line(rnn_grad_with_the_previous_state)


def two_param_neuron_loss(x, w, b):
    return torch.tanh((w * x).sum() + b).sum()


def two_param_neuron_by_rows(x, w, b):
    row = [float(v) for v in x[0]]
    z = float(b[0][0]) + sum(float(w[0][i]) * v for i, v in enumerate(row))
    delta = 1 - math.tanh(z)  # <- here
    return [[delta * v for v in row]], [[delta]]


def test_rows_of_two_shapes_returned_together_are_followed():
    case = derivation(two_param_neuron_loss, two_param_neuron_by_rows, wrt=("w", "b"),
                      shapes={"x": (1, 4), "w": (1, 4), "b": (1, 1)})
    location = locate(case, _trial(case))
    assert location is not None
    assert location.line == _marked_line(two_param_neuron_by_rows)


# A scatter with np.add.at, after the wrong line --------------------------------------------

def lookup_loss(table, rows, target):
    return ((table[rows] - target) ** 2).sum(1).mean()


def lookup_grad_over_vocabulary(table, rows, target):
    table, rows, target = np.asarray(table), np.asarray(rows), np.asarray(target)
    drows = 2.0 * (table[rows] - target) / len(table)  # <- here
    dtable = np.zeros_like(table)
    np.add.at(dtable, rows, drows)
    return dtable


def test_a_line_before_a_ufunc_scatter_is_blamed_not_the_scatter():
    # np.add.at is a method of a ufunc: the line that calls it runs again on the right rows
    case = derivation(lookup_loss, lookup_grad_over_vocabulary, wrt="table",
                      shapes={"table": ("V", "D"), "rows": ("N",), "target": ("N", "D")},
                      draws={"rows": ("labels", 6)}, sizes={"V": 6, "D": 3, "N": 4})
    location = locate(case, _trial(case))
    assert location is not None
    assert location.line == _marked_line(lookup_grad_over_vocabulary)
    assert location.relation == "2/3 x"


# Sums built in loops: the line whose values every addition reads -------------------------

def poisson_loss(X, w, y):
    z = X @ w
    return (torch.exp(z) - y * z).mean()


def poisson_grad_per_example(X, w, y):
    rows, ws, ys = X.tolist(), w.tolist(), y.tolist()
    dw = [0.0] * len(ws)
    for n in range(len(rows)):
        rate = math.exp(sum(a * b for a, b in zip(rows[n], ws, strict=True)))
        g = rate - ys[n]  # <- here
        for j in range(len(ws)):
            dw[j] += g * rows[n][j]
    return dw


def test_a_number_per_example_off_by_a_factor_is_blamed_not_the_sum_it_feeds():
    case = derivation(poisson_loss, poisson_grad_per_example, wrt="w",
                      shapes={"X": ("N", "D"), "w": ("D",), "y": ("N",)},
                      sizes={"N": 3, "D": 4}, draws={"X": ("normal", 0.5), "y": "uniform"})
    location = locate(case, _trial(case))
    assert location is not None
    assert location.line == _marked_line(poisson_grad_per_example)
    assert location.relation == "3 x"


def spring_loss(x, k):
    stretch = x[1:] - x[:-1] - 1.0
    return 0.5 * (k * stretch ** 2).sum()


def spring_grad_doubled(x, k):
    x, k = np.asarray(x), np.asarray(k)
    tension = 2.0 * k * (np.diff(x) - 1.0)  # <- here
    dx = np.zeros_like(x)
    dx[1:] += tension
    dx[:-1] -= tension
    return dx


def test_a_value_added_on_two_lines_is_blamed_where_it_is_computed():
    case = derivation(spring_loss, spring_grad_doubled, wrt="x",
                      shapes={"x": (5,), "k": (4,)})
    location = locate(case, _trial(case))
    assert location is not None
    assert location.line == _marked_line(spring_grad_doubled)
    assert location.relation == "2 x"


def chain_loss(x, y):
    return ((x + y) ** 2).sum()


def chain_grad_renamed(x, y):
    dx, dy = np.zeros_like(x), np.zeros_like(y)
    for i in range(len(x)):
        t = x[i] + y[i]
        dt = t  # <- here
        dx[i] = dt
        dy[i] = dt
    return dx, dy


def test_a_value_renamed_as_a_gradient_is_blamed_not_the_value():
    # dt = t: the line that names t a gradient should have made it one (2 t)
    case = derivation(chain_loss, chain_grad_renamed, wrt=("x", "y"),
                      shapes={"x": (4,), "y": (4,)})
    location = locate(case, _trial(case))
    assert location is not None
    assert location.line == _marked_line(chain_grad_renamed)


# mse_loss's residual -----------------------------------------------------------------------

def regression_loss(X, W, Y):
    return F.mse_loss(X @ W, Y)


def regression_grad_renamed(X, W, Y):
    P = X @ W
    err = P - Y
    dP = err  # <- here
    return X.T @ dP


def regression_grad_chained(X, W, Y):
    err = X @ W - Y  # <- here
    dP = err * 1.0
    return X.T @ dP


def test_mse_loss_s_residual_is_right_where_a_line_only_renames_it_a_gradient():
    shapes = {"X": (5, 3), "W": (3, 2), "Y": (5, 2)}
    renamed = derivation(regression_loss, regression_grad_renamed, wrt="W", shapes=shapes)
    chained = derivation(regression_loss, regression_grad_chained, wrt="W", shapes=shapes)
    assert locate(renamed, _trial(renamed)).line == _marked_line(regression_grad_renamed)
    # a line that computes with the residual: the residual's own line is where the
    # convention's 2/(N K) belongs
    assert locate(chained, _trial(chained)).line == _marked_line(regression_grad_chained)


# A list built one element per pass of a loop ----------------------------------------------

def sigmoid_upstream_loss(z, g):
    return (g * torch.sigmoid(z)).sum()


def sigmoid_upstream_grad_by_element(z, g):
    dz = []
    for zi, gi in zip(z.tolist(), g.tolist(), strict=True):
        s = 1.0 / (1.0 + math.exp(-zi))
        local = s  # <- here
        dz.append(gi * local)
    return dz


def test_an_element_per_pass_is_traced_to_the_number_it_reads():
    # local should be sigma'(z_i): the same element of a derivative the loss knows
    case = derivation(sigmoid_upstream_loss, sigmoid_upstream_grad_by_element, wrt="z",
                      shapes={"z": (6,), "g": (6,)})
    location = locate(case, _trial(case))
    assert location is not None
    assert location.line == _marked_line(sigmoid_upstream_grad_by_element)
    assert location.expected.startswith("sigmoid'(z), the derivative of sigmoid at z")


def regression_grad_counted(X, W, Y):
    diff = X @ W - Y
    dP = diff / diff.numel()  # <- here
    return X.T @ dP


def test_mse_loss_s_residual_is_right_where_a_line_only_scales_it():
    # dP = diff / diff.numel() misses mse_loss's 2: the line that scales is to blame
    case = derivation(regression_loss, regression_grad_counted, wrt="W",
                      shapes={"X": (3, 4), "W": (4, 3), "Y": (3, 3)})
    location = locate(case, _trial(case))
    assert location is not None
    assert location.line == _marked_line(regression_grad_counted)


def _normalisation_inputs():
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(4, 6, 5, generator=gen, dtype=torch.float64)
    weight = torch.randn(6, generator=gen, dtype=torch.float64)
    bias = torch.randn(6, generator=gen, dtype=torch.float64)
    return x, weight, bias


@pytest.mark.parametrize("call", [
    lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True, eps=1e-3),
    lambda x, w, b: F.batch_norm(x, torch.zeros(6, dtype=x.dtype), torch.ones(6, dtype=x.dtype),
                                 w, b, training=True),
    lambda x, w, b: F.instance_norm(x, weight=w, bias=b),
    lambda x, w, b: F.layer_norm(x, (6, 5), eps=1e-2),
    lambda x, w, b: F.layer_norm(x.transpose(1, 2), (6,), w, b),
    lambda x, w, b: F.group_norm(x, 3, w, b),
], ids=["batch", "batch-running", "instance", "layer-2d", "layer", "group"])
def test_a_fused_normalisation_written_out_in_its_steps_gives_the_same_values(call) -> None:
    from verify.locate import _Recorder

    x, weight, bias = _normalisation_inputs()
    recorder = _Recorder({}, unfused=True)
    with recorder:
        stepped = call(x, weight, bias)
    assert torch.allclose(stepped, call(x, weight, bias), rtol=1e-12, atol=1e-12)
    texts = [op.text for op in recorder.ops]
    assert {"mu", "var", "var + eps"} <= set(texts), texts  # xhat is the output, unscaled


def test_a_batch_norm_that_uses_running_statistics_stays_one_operation() -> None:
    from verify.unfused import textbook_steps

    x, weight, bias = _normalisation_inputs()
    running = (torch.zeros(6, dtype=x.dtype), torch.ones(6, dtype=x.dtype))
    assert textbook_steps(F.batch_norm, (x, *running, weight, bias), {"training": False}) \
        is None
    assert textbook_steps(F.batch_norm, (x, *running, weight, bias), {"training": True}) \
        is not None
    assert textbook_steps(F.layer_norm, (x, (7,)), {}) is None  # not its last axes
    assert textbook_steps(torch.sigmoid, (x,), {}) is None


def gated_loss(x, dout):
    return (dout * torch.where(x > 0.3, x, torch.zeros_like(x))).sum()


class Gate:
    def forward(self, x):
        self.open = x > 0.3
        return np.where(self.open, x, 0.0)

    def backward(self, dout):
        return np.where(self.open, 0.0, dout)


def gated_grad_through_a_layer(x, dout):
    gate = Gate()
    gate.forward(x)
    return gate.backward(dout)


def test_a_mask_set_in_a_layer_s_forward_is_vouched_for_by_the_forward_s_output() -> None:
    # the forward's output is right, so its mask is: the backward used it the wrong way
    case = derivation(gated_loss, gated_grad_through_a_layer, wrt="x",
                      shapes={"x": (4, 3), "dout": (4, 3)})
    location = locate(case, _trial(case))
    assert location is not None
    assert location.code == "return np.where(self.open, 0.0, dout)", location


# A value of the wrong shape, returned by name ------------------------------------------------

def row_scale_loss(W, x, g):
    return (g * (W @ x)).sum()


def row_scale_summed_to_a_number(W, x, g):
    dW = np.dot(g, x)  # <- here
    return dW


def test_a_value_of_the_wrong_shape_is_blamed_where_it_is_made_not_where_it_is_returned():
    case = derivation(row_scale_loss, row_scale_summed_to_a_number, wrt="W",
                      shapes={"W": (3, 3), "x": (3,), "g": (3,)})
    location = locate(case, _trial(case))
    assert location is not None
    assert location.line == _marked_line(row_scale_summed_to_a_number)
    assert location.relation == "of shape (), not (3, 3)"


# A module's constant copied into a variable that two lines read ------------------------------

DECAY = 0.1


def hinge_decay_loss(w, X, c):
    y = 2 * c.to(w.dtype) - 1
    return torch.clamp(1 - y * (X @ w), min=0).sum() / X.shape[0] + DECAY * (w * w).sum()


def hinge_decay_grad_without_the_square_s_2(w, X, c):
    decay = DECAY
    n = X.shape[0]
    y = 2 * c - 1
    active = (1 - y * (X @ w) > 0).astype(float)
    value = active @ (1 - y * (X @ w)) / n + decay * (w * w).sum()  # noqa: F841
    dw = -(active * y) @ X / n
    dw += decay * w  # <- here
    return dw


def test_a_module_s_constant_copied_and_read_twice_is_not_blamed_for_one_use():
    # with n = 5 the loss's d/d(sum of hinges) is 1/5 = 2 x DECAY: the copy's value looks
    # like half a gradient, by coincidence; the line that used it is wrong
    case = derivation(hinge_decay_loss, hinge_decay_grad_without_the_square_s_2, wrt="w",
                      shapes={"w": (3,), "X": (5, 3), "c": (5,)}, draws={"c": ("labels", 2)})
    location = locate(case, _trial(case))
    assert location is not None
    assert location.line == _marked_line(hinge_decay_grad_without_the_square_s_2)


# The value a line should have read, made beside the one it read --------------------------------

def tanh_regression_loss(x, W1, W2, t):
    return 0.5 * ((torch.tanh(x @ W1) @ W2 - t) ** 2).sum() / x.shape[0]


def tanh_regression_reads_dh_for_dz(x, W1, W2, t):
    n = x.shape[0]
    h = np.tanh(x @ W1)
    dy = h @ W2 - t
    dh = dy @ W2.T
    dz = dh * (1 - h ** 2)  # noqa: F841 (made, then not read: the mistake)
    return x.T @ dh / n  # <- here


def test_a_line_that_read_a_value_where_the_one_made_from_it_belongs_is_blamed():
    # dh is n x dL/dh (the line divides by n later), so it matches no gradient of the loss;
    # dz beside it holds what the line should have read
    case = derivation(tanh_regression_loss, tanh_regression_reads_dh_for_dz, wrt="W1",
                      shapes={"x": (4, 3), "W1": (3, 5), "W2": (5, 2), "t": (4, 2)})
    location = locate(case, _trial(case))
    assert location is not None
    assert location.line == _marked_line(tanh_regression_reads_dh_for_dz)
