"""A network with one sigmoid hidden unit and a linear output, pure Python:
h_n = sigma(w . x_n + b), y_n = v h_n, E = 1/2 sum_n (y_n - t_n)^2;
x (4, 3), w (3,), b (1,), v (1,), t (4,).
"""

import math

import torch

from verify import derivation


def loss(w, b, v, x, t):
    y = v * torch.sigmoid(x @ w + b)
    return 0.5 * ((y - t) ** 2).sum()


def grad(w, b, v, x, t):
    dw = [0.0] * len(w)
    dv = 0.0
    for xn, tn in zip(x.tolist(), t.tolist()):
        z = b.item() + sum(wi * xi for wi, xi in zip(w.tolist(), xn))
        h = 1.0 / (1.0 + math.exp(-z))
        y = v.item() * h
        dy = y - tn
        dv += dy * h
        dz = dy * v.item() * z * (1.0 - z)  # <- wrong
        for i, xi in enumerate(xn):
            dw[i] += dz * xi
    return dw, [dv]


def grad_fixed(w, b, v, x, t):
    dw = [0.0] * len(w)
    dv = 0.0
    for xn, tn in zip(x.tolist(), t.tolist()):
        z = b.item() + sum(wi * xi for wi, xi in zip(w.tolist(), xn))
        h = 1.0 / (1.0 + math.exp(-z))
        y = v.item() * h
        dy = y - tn
        dv += dy * h
        dz = dy * v.item() * h * (1.0 - h)
        for i, xi in enumerate(xn):
            dw[i] += dz * xi
    return dw, [dv]


SPEC = dict(wrt=("w", "v"),
            shapes={"w": (3,), "b": (1,), "v": (1,), "x": (4, 3), "t": (4,)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="w_sigmoid_01")
CAUSE = "activation-derivative-of-input"
FIX = "The sigmoid's derivative is taken at its output: sigma'(z) = h (1 - h)."
