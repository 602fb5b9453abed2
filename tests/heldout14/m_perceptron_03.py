"""A single-layer tanh perceptron with 3 inputs and 3 outputs, column-vector convention,
pure Python: y_i = tanh(sum_j W_ij x_j), E = (1/2) sum_i (y_i - t_i)^2; W (3, 3), x (3,), t (3,).
"""

import math

import torch

from verify import derivation


def loss(W, x, t):
    y = torch.tanh(W @ x)
    return 0.5 * ((y - t) ** 2).sum()


def grad(W, x, t):
    Wl, xs, ts = W.tolist(), x.tolist(), t.tolist()
    ys = [math.tanh(sum(wij * xj for wij, xj in zip(row, xs))) for row in Wl]
    delta = [(yi - ti) * (1.0 - yi * yi) for yi, ti in zip(ys, ts)]
    return [[xs[i] * delta[j] for j in range(len(xs))] for i in range(len(delta))]  # <- wrong


def grad_fixed(W, x, t):
    Wl, xs, ts = W.tolist(), x.tolist(), t.tolist()
    ys = [math.tanh(sum(wij * xj for wij, xj in zip(row, xs))) for row in Wl]
    delta = [(yi - ti) * (1.0 - yi * yi) for yi, ti in zip(ys, ts)]
    return [[delta[i] * xs[j] for j in range(len(xs))] for i in range(len(delta))]


SPEC = dict(wrt="W", shapes={"W": (3, 3), "x": (3,), "t": (3,)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_perceptron_03")
CAUSE = "transpose"
FIX = "dE/dW_ij = delta_i x_j: the row index goes with the output's delta, the column with the input."
