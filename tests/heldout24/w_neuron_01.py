"""One sigmoid neuron fitted to a small batch, pure Python:
o_n = sigma(w . x_n + b), E = 1/2 sum_n (o_n - t_n)^2; x (N, D), w (D,), b (1,), t (N,).
"""

import math

import torch

from verify import derivation


def loss(w, b, x, t):
    o = torch.sigmoid(x @ w + b)
    return 0.5 * ((o - t) ** 2).sum()


def grad(w, b, x, t):
    dw = [0.0] * len(w)
    db = 0.0
    for xn, tn in zip(x.tolist(), t.tolist()):
        z = sum(wi * xi for wi, xi in zip(w.tolist(), xn)) + b.item()
        o = 1.0 / (1.0 + math.exp(-z))
        delta = 2 * (o - tn) * o * (1 - o)  # <- wrong
        for i in range(len(dw)):
            dw[i] += delta * xn[i]
        db += delta
    return dw, [db]


def grad_fixed(w, b, x, t):
    dw = [0.0] * len(w)
    db = 0.0
    for xn, tn in zip(x.tolist(), t.tolist()):
        z = sum(wi * xi for wi, xi in zip(w.tolist(), xn)) + b.item()
        o = 1.0 / (1.0 + math.exp(-z))
        delta = (o - tn) * o * (1 - o)
        for i in range(len(dw)):
            dw[i] += delta * xn[i]
        db += delta
    return dw, [db]


SPEC = dict(wrt=("w", "b"), shapes={"w": ("D",), "b": (1,), "x": ("N", "D"), "t": ("N",)},
            draws={"t": "uniform"}, sizes={"N": 2, "D": 3})
case = derivation(loss, grad, **SPEC, name="w_neuron_01")
CAUSE = "square-factor"
FIX = "The 1/2 in front of the squared error cancels the 2 from the square, so delta = (o - t) o (1 - o)."
