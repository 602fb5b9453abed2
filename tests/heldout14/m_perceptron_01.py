"""A single sigmoid perceptron with squared error, pure Python:
o = sigma(sum_i w_i x_i), E = (t - o)^2 / 2; w (4,), x (4,), t (1,).
"""

import math

import torch

from verify import derivation


def loss(w, x, t):
    o = torch.sigmoid((w * x).sum())
    return 0.5 * ((t - o) ** 2).sum()


def grad(w, x, t):
    ws, xs = w.tolist(), x.tolist()
    target = t.tolist()[0]
    net = sum(wi * xi for wi, xi in zip(ws, xs))
    o = 1.0 / (1.0 + math.exp(-net))
    delta = (target - o) * o * (1.0 - o)  # <- wrong
    return [delta * xi for xi in xs]


def grad_fixed(w, x, t):
    ws, xs = w.tolist(), x.tolist()
    target = t.tolist()[0]
    net = sum(wi * xi for wi, xi in zip(ws, xs))
    o = 1.0 / (1.0 + math.exp(-net))
    delta = (o - target) * o * (1.0 - o)
    return [delta * xi for xi in xs]


SPEC = dict(wrt="w", shapes={"w": (4,), "x": (4,), "t": (1,)},
            draws={"x": "uniform", "t": "uniform"}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_perceptron_01")
CAUSE = "sign"
FIX = "dE/dw = (o - t) o (1 - o) x; (t - o) belongs to the update -dE/dw, not to the gradient."
