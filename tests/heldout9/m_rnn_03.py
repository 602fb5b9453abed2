"""The second layer of a stacked tanh RNN, one step, numpy: its input is the first layer's
hidden state, so D = H: h_next = tanh(x Wx + h_prev Wh + b), L = sum(G * h_next);
x, h_prev, G (N, H), Wx, Wh (H, H), b (H,) with N = 4, H = 5.
"""

import numpy as np
import torch

from verify import derivation


def loss(x, h_prev, Wx, Wh, b, G):
    return (G * torch.tanh(x @ Wx + h_prev @ Wh + b)).sum()


def grad(x, h_prev, Wx, Wh, b, G):
    x, h_prev, Wx, Wh, b, G = (np.asarray(a) for a in (x, h_prev, Wx, Wh, b, G))
    h_next = np.tanh(x @ Wx + h_prev @ Wh + b)
    dz = G * (1 - h_next ** 2)
    dWx = x.T @ dz
    dWh = h_prev.T @ dz
    db = dz.sum(axis=0)
    return dWh, dWx, db  # <- wrong


def grad_fixed(x, h_prev, Wx, Wh, b, G):
    x, h_prev, Wx, Wh, b, G = (np.asarray(a) for a in (x, h_prev, Wx, Wh, b, G))
    h_next = np.tanh(x @ Wx + h_prev @ Wh + b)
    dz = G * (1 - h_next ** 2)
    dWx = x.T @ dz
    dWh = h_prev.T @ dz
    db = dz.sum(axis=0)
    return dWx, dWh, db


SPEC = dict(wrt=("Wx", "Wh", "b"),
            shapes={"x": ("N", "H"), "h_prev": ("N", "H"), "Wx": ("H", "H"), "Wh": ("H", "H"),
                    "b": ("H",), "G": ("N", "H")},
            draws={}, sizes={"N": 4, "H": 5})
case = derivation(loss, grad, **SPEC, name="m_rnn_03")
CAUSE = "return-order"
FIX = "wrt lists Wx before Wh, so return dWx, dWh, db."
