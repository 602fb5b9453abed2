"""A single sigmoid neuron with half the summed squared error, pure Python:
o_i = sigmoid(w . x_i + b), L = 1/2 sum_i (o_i - t_i)^2;
x (6, 4), w (4,), b (1,), t (6,).
"""

import math

import torch

from verify import derivation


def loss(x, w, b, t):
    o = torch.sigmoid(x @ w + b)
    return 0.5 * ((o - t) ** 2).sum()


def sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def grad(x, w, b, t):
    x, w, t = x.tolist(), w.tolist(), t.tolist()
    b = float(b[0])
    dw = [0.0 for _ in w]
    db = 0.0
    for xi, ti in zip(x, t):
        o = sigmoid(sum(wj * xj for wj, xj in zip(w, xi)) + b)
        err = 2 * (o - ti)  # <- wrong
        delta = err * o * (1 - o)
        for j, xj in enumerate(xi):
            dw[j] += delta * xj
        db += delta
    return dw, [db]


def grad_fixed(x, w, b, t):
    x, w, t = x.tolist(), w.tolist(), t.tolist()
    b = float(b[0])
    dw = [0.0 for _ in w]
    db = 0.0
    for xi, ti in zip(x, t):
        o = sigmoid(sum(wj * xj for wj, xj in zip(w, xi)) + b)
        err = o - ti
        delta = err * o * (1 - o)
        for j, xj in enumerate(xi):
            dw[j] += delta * xj
        db += delta
    return dw, [db]


SPEC = dict(wrt=("w", "b"), shapes={"x": (6, 4), "w": (4,), "b": (1,), "t": (6,)},
            draws={"t": "uniform"})
case = derivation(loss, grad, **SPEC, name="n_neuron_01")
CAUSE = "square-factor"
FIX = "The 1/2 in front of the square cancels the 2 of its derivative, so the error term is o - t, not 2 (o - t)."
