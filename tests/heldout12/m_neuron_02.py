"""A tanh neuron without bias fitted to three targets, pure Python:
y_n = tanh(w_0 x_n0 + w_1 x_n1), L = 1/2 sum_n (y_n - t_n)^2;
w (2,), x (3, 2), t (3,) in (-0.9, 0.9).
"""

import math

import torch

from verify import derivation


def loss(w, x, t):
    return 0.5 * ((torch.tanh(x @ w) - t) ** 2).sum()


def grad(w, x, t):
    w0, w1 = float(w[0]), float(w[1])
    g0 = g1 = 0.0
    for n in range(3):
        x0, x1 = float(x[n][0]), float(x[n][1])
        y = math.tanh(w0 * x0 + w1 * x1)
        dy = y - float(t[n])
        dnet = dy * (1 - y)  # <- wrong
        g0 += dnet * x0
        g1 += dnet * x1
    return [g0, g1]


def grad_fixed(w, x, t):
    w0, w1 = float(w[0]), float(w[1])
    g0 = g1 = 0.0
    for n in range(3):
        x0, x1 = float(x[n][0]), float(x[n][1])
        y = math.tanh(w0 * x0 + w1 * x1)
        dy = y - float(t[n])
        dnet = dy * (1 - y * y)
        g0 += dnet * x0
        g1 += dnet * x1
    return [g0, g1]


SPEC = dict(wrt=("w",), shapes={"w": (2,), "x": (3, 2), "t": (3,)},
            draws={"t": ("uniform", -0.9, 0.9)}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_neuron_02")
CAUSE = "activation-derivative-of-input"
FIX = "tanh'(net) = 1 - y^2, the square of the output, not 1 - y."
