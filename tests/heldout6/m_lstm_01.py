"""One LSTM cell step in numpy (gates i, f, o, g in that order),
L = sum(Gh * h_new) + sum(Gc * c_new); x (4, 3), h, c (4, 5), Wx (3, 20), Wh (5, 20), b (20,).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, h, c, Wx, Wh, b, Gh, Gc):
    H = h.shape[1]
    a = x @ Wx + h @ Wh + b
    i = torch.sigmoid(a[:, :H])
    f = torch.sigmoid(a[:, H:2 * H])
    o = torch.sigmoid(a[:, 2 * H:3 * H])
    g = torch.tanh(a[:, 3 * H:])
    c_new = f * c + i * g
    h_new = o * torch.tanh(c_new)
    return (Gh * h_new).sum() + (Gc * c_new).sum()


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def grad(x, h, c, Wx, Wh, b, Gh, Gc):
    H = h.shape[1]
    a = x.dot(Wx) + h.dot(Wh) + b
    i = sigmoid(a[:, :H])
    f = sigmoid(a[:, H:2 * H])
    o = sigmoid(a[:, 2 * H:3 * H])
    g = np.tanh(a[:, 3 * H:])
    c_new = f * c + i * g
    tc = np.tanh(c_new)
    do = Gh * tc
    dc = Gc + Gh * o  # <- wrong
    di = dc * g
    dg = dc * i
    df = dc * c
    dc_prev = dc * f
    da = np.concatenate([di * i * (1 - i), df * f * (1 - f), do * o * (1 - o),
                         dg * (1 - g ** 2)], axis=1)
    dWx = x.T.dot(da)
    dWh = h.T.dot(da)
    db = da.sum(axis=0)
    dx = da.dot(Wx.T)
    dh_prev = da.dot(Wh.T)
    return dx, dh_prev, dc_prev, dWx, dWh, db


def grad_fixed(x, h, c, Wx, Wh, b, Gh, Gc):
    H = h.shape[1]
    a = x.dot(Wx) + h.dot(Wh) + b
    i = sigmoid(a[:, :H])
    f = sigmoid(a[:, H:2 * H])
    o = sigmoid(a[:, 2 * H:3 * H])
    g = np.tanh(a[:, 3 * H:])
    c_new = f * c + i * g
    tc = np.tanh(c_new)
    do = Gh * tc
    dc = Gc + Gh * o * (1 - tc ** 2)
    di = dc * g
    dg = dc * i
    df = dc * c
    dc_prev = dc * f
    da = np.concatenate([di * i * (1 - i), df * f * (1 - f), do * o * (1 - o),
                         dg * (1 - g ** 2)], axis=1)
    dWx = x.T.dot(da)
    dWh = h.T.dot(da)
    db = da.sum(axis=0)
    dx = da.dot(Wx.T)
    dh_prev = da.dot(Wh.T)
    return dx, dh_prev, dc_prev, dWx, dWh, db


SPEC = dict(wrt=("x", "h", "c", "Wx", "Wh", "b"),
            shapes={"x": (4, 3), "h": (4, 5), "c": (4, 5), "Wx": (3, 20), "Wh": (5, 20),
                    "b": (20,), "Gh": (4, 5), "Gc": (4, 5)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_lstm_01")
CAUSE = "activation-derivative-missing"
FIX = "h_new = o tanh(c_new), so the cell gradient from h_new is Gh * o * (1 - tanh(c_new)^2)."
