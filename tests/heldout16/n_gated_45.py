"""A gated unit, a sigmoid gate times a tanh value, half squared error, pure Python:
o_i = sigmoid(a . x_i) tanh(b . x_i), L = 1/2 sum_i (o_i - t_i)^2;
x (N, D), a (D,), b (D,), t (N,); N = 7, D = 3.
"""

import math

import torch

from verify import derivation


def loss(x, a, b, t):
    o = torch.sigmoid(x @ a) * torch.tanh(x @ b)
    return 0.5 * ((o - t) ** 2).sum()


def grad(x, a, b, t):
    x, a, b, t = x.tolist(), a.tolist(), b.tolist(), t.tolist()
    da = [0.0] * len(a)
    db = [0.0] * len(b)
    for xi, ti in zip(x, t):
        g = 1 / (1 + math.exp(-sum(aj * xj for aj, xj in zip(a, xi))))
        v = math.tanh(sum(bj * xj for bj, xj in zip(b, xi)))
        err = g * v - ti
        for j, xj in enumerate(xi):
            da[j] += err * v * g * (1 - g) * xj
            db[j] += err * g * (1 - v * v) * xj
    return db, da  # <- wrong


def grad_fixed(x, a, b, t):
    x, a, b, t = x.tolist(), a.tolist(), b.tolist(), t.tolist()
    da = [0.0] * len(a)
    db = [0.0] * len(b)
    for xi, ti in zip(x, t):
        g = 1 / (1 + math.exp(-sum(aj * xj for aj, xj in zip(a, xi))))
        v = math.tanh(sum(bj * xj for bj, xj in zip(b, xi)))
        err = g * v - ti
        for j, xj in enumerate(xi):
            da[j] += err * v * g * (1 - g) * xj
            db[j] += err * g * (1 - v * v) * xj
    return da, db


SPEC = dict(wrt=("a", "b"), shapes={"x": ("N", "D"), "a": ("D",), "b": ("D",), "t": ("N",)},
            sizes={"N": 7, "D": 3}, draws={"t": ("uniform", -0.5, 0.5)})
case = derivation(loss, grad, **SPEC, name="n_gated_45")
CAUSE = "return-order"
FIX = "The gradients must come back in the order of wrt, (a, b): return da, db."
