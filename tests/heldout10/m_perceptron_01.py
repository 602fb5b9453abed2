"""A single sigmoid unit trained with the delta rule, the gradient in pure Python:
o = sigma(w . x), E = (o - t)^2 / 2; w, x (D,), t (1,) with D = 6.
"""

import math

import torch

from verify import derivation


def loss(w, x, t):
    o = torch.sigmoid((w * x).sum())
    return 0.5 * ((o - t) ** 2).sum()


def _sigmoid(v):
    if v >= 0:
        return 1.0 / (1.0 + math.exp(-v))
    e = math.exp(v)
    return e / (1.0 + e)


def grad(w, x, t):
    ws, xs = w.tolist(), x.tolist()
    target = t.tolist()[0]
    net = sum(wi * xi for wi, xi in zip(ws, xs))
    o = _sigmoid(net)
    delta = (target - o) * o * (1 - o)  # <- wrong
    return [delta * xi for xi in xs]


def grad_fixed(w, x, t):
    ws, xs = w.tolist(), x.tolist()
    target = t.tolist()[0]
    net = sum(wi * xi for wi, xi in zip(ws, xs))
    o = _sigmoid(net)
    delta = (o - target) * o * (1 - o)
    return [delta * xi for xi in xs]


SPEC = dict(wrt="w", shapes={"w": ("D",), "x": ("D",), "t": (1,)},
            draws={"t": "uniform"}, sizes={"D": 6})
case = derivation(loss, grad, **SPEC, name="m_perceptron_01")
CAUSE = "sign"
FIX = "dE/do = o - t; (t - o) is the update direction, not the gradient."
