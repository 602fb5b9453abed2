"""One tanh RNN step with a linear read-out and a 1/2 sum-of-squares loss, numpy backward:
h = tanh(x Wx + h_prev Wh + b), s = h Wy, L = 1/2 sum (s - y)^2;
x (N, D), h_prev (N, H), Wx (D, H), Wh (H, H), b (H,), Wy (H, K), y (N, K),
N = 4, D = 3, H = 5, K = 2.
"""

import numpy as np
import torch

from verify import derivation


def loss(x, h_prev, y, Wx, Wh, b, Wy):
    h = torch.tanh(x @ Wx + h_prev @ Wh + b)
    return 0.5 * ((h @ Wy - y) ** 2).sum()


def grad(x, h_prev, y, Wx, Wh, b, Wy):
    x, h_prev, y, Wx, Wh, b, Wy = map(np.asarray, (x, h_prev, y, Wx, Wh, b, Wy))
    h = np.tanh(x @ Wx + h_prev @ Wh + b)
    ds = h @ Wy - y
    dWy = h.T @ ds
    dh = ds @ Wy.T
    dz = dh  # <- wrong
    dWx = x.T @ dz
    dWh = h_prev.T @ dz
    db = dz.sum(axis=0)
    return dWx, dWh, db, dWy


def grad_fixed(x, h_prev, y, Wx, Wh, b, Wy):
    x, h_prev, y, Wx, Wh, b, Wy = map(np.asarray, (x, h_prev, y, Wx, Wh, b, Wy))
    h = np.tanh(x @ Wx + h_prev @ Wh + b)
    ds = h @ Wy - y
    dWy = h.T @ ds
    dh = ds @ Wy.T
    dz = dh * (1 - h ** 2)
    dWx = x.T @ dz
    dWh = h_prev.T @ dz
    db = dz.sum(axis=0)
    return dWx, dWh, db, dWy


SPEC = dict(wrt=("Wx", "Wh", "b", "Wy"),
            shapes={"x": ("N", "D"), "h_prev": ("N", "H"), "y": ("N", "K"),
                    "Wx": ("D", "H"), "Wh": ("H", "H"), "b": ("H",), "Wy": ("H", "K")},
            draws={}, sizes={"N": 4, "D": 3, "H": 5, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_rnn_02")
CAUSE = "activation-derivative-missing"
FIX = "The step goes through tanh, so dz = dh * (1 - h**2)."
