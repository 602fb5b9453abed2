"""A single sigmoid neuron trained on a small batch, written with Python loops:
o_n = sigma(sum_j w_j x_nj + b), E = 1/2 sum_n (o_n - t_n)^2;
w (3,), b (1,) a fixed bias input, x (4, 3), t (4,) with targets in (0, 1).
"""

import math

import torch

from verify import derivation


def loss(w, b, x, t):
    o = torch.sigmoid(x @ w + b)
    return 0.5 * ((o - t) ** 2).sum()


def grad(w, b, x, t):
    w, b, x, t = w.tolist(), b.tolist(), x.tolist(), t.tolist()
    dw = [0.0] * len(w)
    for n in range(len(x)):
        s = b[0]
        for j in range(len(w)):
            s += w[j] * x[n][j]
        o = 1.0 / (1.0 + math.exp(-s))
        err = 2.0 * (o - t[n])  # <- wrong
        delta = err * o * (1.0 - o)
        for j in range(len(w)):
            dw[j] += delta * x[n][j]
    return dw


def grad_fixed(w, b, x, t):
    w, b, x, t = w.tolist(), b.tolist(), x.tolist(), t.tolist()
    dw = [0.0] * len(w)
    for n in range(len(x)):
        s = b[0]
        for j in range(len(w)):
            s += w[j] * x[n][j]
        o = 1.0 / (1.0 + math.exp(-s))
        err = o - t[n]
        delta = err * o * (1.0 - o)
        for j in range(len(w)):
            dw[j] += delta * x[n][j]
    return dw


SPEC = dict(wrt="w",
            shapes={"w": (3,), "b": (1,), "x": (4, 3), "t": (4,)},
            draws={"t": "uniform"})
case = derivation(loss, grad, **SPEC, name="m_perceptron_01")
CAUSE = "square-factor"
FIX = "E has a 1/2 in front of the square, so dE/do_n = o_n - t_n without the 2."
