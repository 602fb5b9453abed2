"""A single sigmoid neuron in plain Python floats (one example, lists and loops), with the
squared error written without the 1/2: E = (o - t)^2, o = sigma(sum_i w_i x_i);
w (6,), x (6,), t (1,) a target in (0, 1).
"""

import math

import numpy as np
import torch

from verify import derivation


def sigmoid(s):
    if s >= 0:
        return 1.0 / (1.0 + math.exp(-s))
    e = math.exp(s)
    return e / (1.0 + e)


def loss(w, x, t):
    o = torch.sigmoid((w * x).sum())
    return (o - t[0]) ** 2


def grad(w, x, t):
    net = 0.0
    for wi, xi in zip(w.tolist(), x.tolist()):
        net += wi * xi
    o = sigmoid(net)
    delta = (o - float(t[0])) * o * (1.0 - o)  # <- wrong
    dw = [delta * xi for xi in x.tolist()]
    return np.array(dw)


def grad_fixed(w, x, t):
    net = 0.0
    for wi, xi in zip(w.tolist(), x.tolist()):
        net += wi * xi
    o = sigmoid(net)
    delta = 2.0 * (o - float(t[0])) * o * (1.0 - o)
    dw = [delta * xi for xi in x.tolist()]
    return np.array(dw)


SPEC = dict(numpy=True, wrt="w", shapes={"w": (6,), "x": (6,), "t": (1,)},
            draws={"t": "uniform"})
case = derivation(loss, grad, **SPEC, name="m_perceptron_01")
CAUSE = "square-factor"
FIX = "E = (o - t)^2 has no 1/2, so its derivative keeps the 2: delta = 2 (o - t) o (1 - o)."
