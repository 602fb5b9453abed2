"""A single tanh perceptron on one example, pure Python: o = tanh(w . x + b),
E = 1/2 (t - o)^2; w and x are row vectors (1, D) with D = 5, b and t scalars
(t in (-0.8, 0.8)); the gradient comes back as a list of lists, like w.
"""

import math

import torch

from verify import derivation


def loss(w, x, b, t):
    o = torch.tanh((w * x).sum() + b)
    return 0.5 * (t - o) ** 2


def grad(w, x, b, t):
    w, x = w[0], x[0]
    D = len(w)
    net = sum(float(w[i]) * float(x[i]) for i in range(D)) + float(b)
    o = math.tanh(net)
    delta = (float(t) - o) * (1 - o * o)  # <- wrong
    dw = [delta * float(x[i]) for i in range(D)]
    db = delta
    return [dw], db


def grad_fixed(w, x, b, t):
    w, x = w[0], x[0]
    D = len(w)
    net = sum(float(w[i]) * float(x[i]) for i in range(D)) + float(b)
    o = math.tanh(net)
    delta = (o - float(t)) * (1 - o * o)
    dw = [delta * float(x[i]) for i in range(D)]
    db = delta
    return [dw], db


SPEC = dict(wrt=("w", "b"), shapes={"w": (1, 5), "x": (1, 5), "b": (), "t": ()},
            draws={"t": ("uniform", -0.8, 0.8)}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_perceptron_01")
CAUSE = "sign"
FIX = "dE/do = o - t, so delta = (o - t) * (1 - o^2)."
