"""A single sigmoid neuron on one example, in plain Python floats:
o = sigma(sum_i w_i x_i + b), E = 1/2 (o - t)^2; x (1, I), w (1, I), b (1, 1), t (1, 1)
with t in (0.1, 0.9) and I = 5 (the weights are kept as a list of one row).
"""

import math

import torch

from verify import derivation


def loss(x, w, b, t):
    o = torch.sigmoid((w * x).sum() + b)
    return 0.5 * ((o - t) ** 2).sum()


def grad(x, w, b, t):
    row = [float(v) for v in x[0]]
    net = float(b[0][0])
    for i, xi in enumerate(row):
        net += float(w[0][i]) * xi
    o = 1.0 / (1.0 + math.exp(-net))
    delta = 2 * (o - float(t[0][0])) * o * (1 - o)  # <- wrong
    dw = [[delta * xi for xi in row]]
    db = [[delta]]
    return dw, db


def grad_fixed(x, w, b, t):
    row = [float(v) for v in x[0]]
    net = float(b[0][0])
    for i, xi in enumerate(row):
        net += float(w[0][i]) * xi
    o = 1.0 / (1.0 + math.exp(-net))
    delta = (o - float(t[0][0])) * o * (1 - o)
    dw = [[delta * xi for xi in row]]
    db = [[delta]]
    return dw, db


SPEC = dict(wrt=("w", "b"),
            shapes={"x": (1, "I"), "w": (1, "I"), "b": (1, 1), "t": (1, 1)},
            draws={"t": "uniform"}, sizes={"I": 5})
case = derivation(loss, grad, **SPEC, name="m_neuron_01")
CAUSE = "square-factor"
FIX = "With E = 1/2 (o - t)^2 the 2 of the square cancels the 1/2: delta = (o - t) o (1 - o)."
