"""One tanh neuron in plain Python floats: y = tanh(w . x + b), E = 1/2 (y - t)^2;
w (5,), x (5,), b (1,), t (1,).
"""

import math

import torch

from verify import derivation


def loss(w, x, b, t):
    y = torch.tanh(w @ x + b)
    return 0.5 * ((y - t) ** 2).sum()


def grad(w, x, b, t):
    ws = [float(v) for v in w]
    xs = [float(v) for v in x]
    net = sum(wi * xi for wi, xi in zip(ws, xs)) + float(b[0])
    y = math.tanh(net)
    delta = 2 * (y - float(t[0])) * (1 - y * y)  # <- wrong
    dw = [delta * xi for xi in xs]
    return dw, [delta]


def grad_fixed(w, x, b, t):
    ws = [float(v) for v in w]
    xs = [float(v) for v in x]
    net = sum(wi * xi for wi, xi in zip(ws, xs)) + float(b[0])
    y = math.tanh(net)
    delta = (y - float(t[0])) * (1 - y * y)
    dw = [delta * xi for xi in xs]
    return dw, [delta]


SPEC = dict(wrt=("w", "b"), shapes={"w": (5,), "x": (5,), "b": (1,), "t": (1,)})
case = derivation(loss, grad, **SPEC, name="p_neuron_02")
CAUSE = "square-factor"
FIX = "E carries a 1/2, which cancels the 2 from the square: delta = (y - t)(1 - y^2)."
