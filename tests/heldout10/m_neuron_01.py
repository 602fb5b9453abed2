"""The two-input sigmoid neuron of the computation-graph lecture, gradient in pure Python:
f = sigma(w0 x0 + w1 x1 + w2), L = (f - t)^2 / 2; w (3,), x (2,), t (1,).
"""

import math

import torch

from verify import derivation


def loss(w, x, t):
    f = torch.sigmoid(w[0] * x[0] + w[1] * x[1] + w[2])
    return 0.5 * ((f - t) ** 2).sum()


def grad(w, x, t):
    w0, w1, w2 = w.tolist()
    x0, x1 = x.tolist()
    target = t.tolist()[0]
    dot = w0 * x0 + w1 * x1 + w2
    f = 1.0 / (1.0 + math.exp(-dot))
    ddot = f - target  # <- wrong
    return [x0 * ddot, x1 * ddot, 1.0 * ddot]


def grad_fixed(w, x, t):
    w0, w1, w2 = w.tolist()
    x0, x1 = x.tolist()
    target = t.tolist()[0]
    dot = w0 * x0 + w1 * x1 + w2
    f = 1.0 / (1.0 + math.exp(-dot))
    ddot = (f - target) * (1 - f) * f
    return [x0 * ddot, x1 * ddot, 1.0 * ddot]


SPEC = dict(wrt="w", shapes={"w": (3,), "x": (2,), "t": (1,)}, draws={"t": "uniform"})
case = derivation(loss, grad, **SPEC, name="m_neuron_01")
CAUSE = "activation-derivative-missing"
FIX = "The gate f = sigma(dot) passes back (1 - f) f times its upstream gradient."
