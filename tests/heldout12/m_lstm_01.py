"""One LSTM step (gates i, f, o, g stacked in that order), with gradients arriving from the next step, numpy:
a = x Wx + h_prev Wh + b, i, f, o = sigma(a_i), sigma(a_f), sigma(a_o), g = tanh(a_g),
c = f * c_prev + i * g, h = o * tanh(c), E = sum(dh_next * h) + sum(dc_next * c);
x (2, 3), h_prev (2, 2), c_prev (2, 2), Wx (3, 8), Wh (2, 8), b (8,), dh_next (2, 2), dc_next (2, 2).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, h_prev, c_prev, Wx, Wh, b, dh_next, dc_next):
    H = h_prev.shape[1]
    a = x @ Wx + h_prev @ Wh + b
    i, f, o = (torch.sigmoid(a[:, k * H:(k + 1) * H]) for k in range(3))
    g = torch.tanh(a[:, 3 * H:])
    c = f * c_prev + i * g
    h = o * torch.tanh(c)
    return (dh_next * h).sum() + (dc_next * c).sum()


def sigmoid(v):
    return 0.5 * (1.0 + np.tanh(0.5 * v))


def grad(x, h_prev, c_prev, Wx, Wh, b, dh_next, dc_next):
    H = h_prev.shape[1]
    a = x @ Wx + h_prev @ Wh + b
    i = sigmoid(a[:, :H])
    f = sigmoid(a[:, H:2 * H])
    o = sigmoid(a[:, 2 * H:3 * H])
    g = np.tanh(a[:, 3 * H:])
    c = f * c_prev + i * g
    tc = np.tanh(c)
    do = dh_next * tc
    dc = dh_next * o * (1 - tc ** 2)  # <- wrong
    di = dc * g
    df = dc * c_prev
    dg = dc * i
    da = np.concatenate([di * i * (1 - i), df * f * (1 - f), do * o * (1 - o),
                         dg * (1 - g ** 2)], axis=1)
    dWx = x.T @ da
    dWh = h_prev.T @ da
    db = da.sum(axis=0)
    dc_prev = dc * f
    return dWx, dWh, db, dc_prev


def grad_fixed(x, h_prev, c_prev, Wx, Wh, b, dh_next, dc_next):
    H = h_prev.shape[1]
    a = x @ Wx + h_prev @ Wh + b
    i = sigmoid(a[:, :H])
    f = sigmoid(a[:, H:2 * H])
    o = sigmoid(a[:, 2 * H:3 * H])
    g = np.tanh(a[:, 3 * H:])
    c = f * c_prev + i * g
    tc = np.tanh(c)
    do = dh_next * tc
    dc = dc_next + dh_next * o * (1 - tc ** 2)
    di = dc * g
    df = dc * c_prev
    dg = dc * i
    da = np.concatenate([di * i * (1 - i), df * f * (1 - f), do * o * (1 - o),
                         dg * (1 - g ** 2)], axis=1)
    dWx = x.T @ da
    dWh = h_prev.T @ da
    db = da.sum(axis=0)
    dc_prev = dc * f
    return dWx, dWh, db, dc_prev


SPEC = dict(wrt=("Wx", "Wh", "b", "c_prev"),
            shapes={"x": (2, 3), "h_prev": (2, 2), "c_prev": (2, 2), "Wx": (3, 8), "Wh": (2, 8),
                    "b": (8,), "dh_next": (2, 2), "dc_next": (2, 2)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_lstm_01")
CAUSE = "missing-term"
FIX = "The cell state also flows straight to the next step, so dc = dc_next + dh_next o (1 - tanh(c)^2)."
