"""A sigmoid perceptron trained on a small batch, pure Python loops:
o_n = sigma(sum_d w_d x_nd + b), L = sum_n (o_n - t_n)^2 (a plain sum of squares, no 1/2);
w (3,), b (1,), x (4, 3), t (4,) with targets in (0, 1).
"""

import math

import torch

from verify import derivation


def loss(w, b, x, t):
    o = torch.sigmoid(x @ w + b)
    return ((o - t) ** 2).sum()


def sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def grad(w, b, x, t):
    weights = [float(v) for v in w]
    bias = float(b[0])
    rows = [[float(v) for v in row] for row in x]
    targets = [float(v) for v in t]
    dw = [0.0] * len(weights)
    db = 0.0
    for row, target in zip(rows, targets):
        z = bias + sum(wi * xi for wi, xi in zip(weights, row))
        o = sigmoid(z)
        err = o - target  # <- wrong
        delta = err * o * (1.0 - o)
        for d in range(len(weights)):
            dw[d] += delta * row[d]
        db += delta
    return dw, [db]


def grad_fixed(w, b, x, t):
    weights = [float(v) for v in w]
    bias = float(b[0])
    rows = [[float(v) for v in row] for row in x]
    targets = [float(v) for v in t]
    dw = [0.0] * len(weights)
    db = 0.0
    for row, target in zip(rows, targets):
        z = bias + sum(wi * xi for wi, xi in zip(weights, row))
        o = sigmoid(z)
        err = 2.0 * (o - target)
        delta = err * o * (1.0 - o)
        for d in range(len(weights)):
            dw[d] += delta * row[d]
        db += delta
    return dw, [db]


SPEC = dict(wrt=("w", "b"),
            shapes={"w": (3,), "b": (1,), "x": (4, 3), "t": (4,)},
            draws={"t": "uniform"}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_perceptron_01")
CAUSE = "square-factor"
FIX = "The loss has no 1/2, so the error term keeps the 2 of the square: err = 2 (o - t)."
