"""A single sigmoid neuron with half the squared error, pure Python:
net = w . x + b, o = sigma(net), E = 1/2 (o - t)^2; x (4,), w (4,), b (1,), t (1,).
"""

import math

import torch

from verify import derivation


def loss(x, w, b, t):
    o = torch.sigmoid(x @ w + b)
    return 0.5 * ((o - t) ** 2).sum()


def grad(x, w, b, t):
    xs, ws = x.tolist(), w.tolist()
    net = b.tolist()[0]
    for xi, wi in zip(xs, ws, strict=True):
        net += xi * wi
    o = 1.0 / (1.0 + math.exp(-net))
    err = o - t.tolist()[0]
    dsig = net * (1.0 - net)  # <- wrong
    delta = err * dsig
    dw = [delta * xi for xi in xs]
    return dw, [delta]


def grad_fixed(x, w, b, t):
    xs, ws = x.tolist(), w.tolist()
    net = b.tolist()[0]
    for xi, wi in zip(xs, ws, strict=True):
        net += xi * wi
    o = 1.0 / (1.0 + math.exp(-net))
    err = o - t.tolist()[0]
    dsig = o * (1.0 - o)
    delta = err * dsig
    dw = [delta * xi for xi in xs]
    return dw, [delta]


SPEC = dict(wrt=("w", "b"), shapes={"x": (4,), "w": (4,), "b": (1,), "t": (1,)},
            draws={"t": "uniform"}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_neuron_01")
CAUSE = "activation-derivative-of-input"
FIX = "The sigmoid's derivative is taken at its output: dsig = o (1 - o)."
