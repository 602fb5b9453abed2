"""A single tanh neuron with squared error, torch:
y_n = tanh(x_n . w + b), L = 1/2 sum_n (y_n - t_n)^2;
x (5, 4), w (4,), b (1,), t (5,) with targets in (-0.9, 0.9).
"""

import torch

from verify import derivation


def loss(x, w, b, t):
    y = torch.tanh(x @ w + b)
    return 0.5 * ((y - t) ** 2).sum()


def grad(x, w, b, t):
    z = x @ w + b
    y = torch.tanh(z)
    e = t - y  # <- wrong
    delta = e * (1 - y ** 2)
    dw = x.T @ delta
    db = delta.sum().reshape(1)
    return dw, db


def grad_fixed(x, w, b, t):
    z = x @ w + b
    y = torch.tanh(z)
    e = y - t
    delta = e * (1 - y ** 2)
    dw = x.T @ delta
    db = delta.sum().reshape(1)
    return dw, db


SPEC = dict(wrt=("w", "b"),
            shapes={"x": (5, 4), "w": (4,), "b": (1,), "t": (5,)},
            draws={"t": ("uniform", -0.9, 0.9)}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_neuron_01")
CAUSE = "sign"
FIX = "The error of 1/2 (y - t)^2 is y - t, not t - y."
