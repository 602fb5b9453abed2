"""A single tanh neuron with a half sum of squares, pure Python:
z_i = w . x_i, o_i = tanh(z_i), L = 1/2 sum_i (o_i - t_i)^2; x (4, 3), w (3,), t (4,).
"""

import math

import torch

from verify import derivation


def loss(x, w, t):
    return 0.5 * ((torch.tanh(x @ w) - t) ** 2).sum()


def grad(x, w, t):
    x, w, t = x.tolist(), w.tolist(), t.tolist()
    dw = [0.0 for _ in w]
    for xi, ti in zip(x, t):
        z = sum(a * b for a, b in zip(w, xi))
        o = math.tanh(z)
        g = 1 - z ** 2  # <- wrong
        delta = (o - ti) * g
        dw = [d + delta * a for d, a in zip(dw, xi)]
    return dw


def grad_fixed(x, w, t):
    x, w, t = x.tolist(), w.tolist(), t.tolist()
    dw = [0.0 for _ in w]
    for xi, ti in zip(x, t):
        z = sum(a * b for a, b in zip(w, xi))
        o = math.tanh(z)
        g = 1 - o ** 2
        delta = (o - ti) * g
        dw = [d + delta * a for d, a in zip(dw, xi)]
    return dw


SPEC = dict(wrt="w", shapes={"x": (4, 3), "w": (3,), "t": (4,)},
            draws={"t": ("uniform", -0.9, 0.9)})
case = derivation(loss, grad, **SPEC, name="m_neuron_02")
CAUSE = "activation-derivative-of-input"
FIX = "tanh'(z) = 1 - tanh(z)^2 = 1 - o^2, not 1 - z^2."
