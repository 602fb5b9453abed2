"""A single tanh neuron with a bias and a halved squared error, pure Python:
y = tanh(w . x + b), E = (1/2)(y - t)^2; w (4,), x (4,), b (1,), t (1,).
"""

import math

import torch

from verify import derivation


def loss(w, x, b, t):
    y = torch.tanh((w * x).sum() + b)
    return 0.5 * ((y - t) ** 2).sum()


def grad(w, x, b, t):
    ws, xs = w.tolist(), x.tolist()
    net = sum(wi * xi for wi, xi in zip(ws, xs)) + b.tolist()[0]
    y = math.tanh(net)
    delta = (y - t.tolist()[0]) * (1.0 - y * y)
    dw = [delta * wi for wi in ws]  # <- wrong
    db = [delta]
    return dw, db


def grad_fixed(w, x, b, t):
    ws, xs = w.tolist(), x.tolist()
    net = sum(wi * xi for wi, xi in zip(ws, xs)) + b.tolist()[0]
    y = math.tanh(net)
    delta = (y - t.tolist()[0]) * (1.0 - y * y)
    dw = [delta * xi for xi in xs]
    db = [delta]
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"w": (4,), "x": (4,), "b": (1,), "t": (1,)}, draws={},
            sizes={})
case = derivation(loss, grad, **SPEC, name="m_neuron_03")
CAUSE = "wrong-operand"
FIX = "d(w . x)/dw_i = x_i, so dw_i = delta x_i."
