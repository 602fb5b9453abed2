"""One LSTM step written like the course's lstm_step_forward / lstm_step_backward, numpy,
with upstream gradients for both outputs: L = sum(dnext_h * next_h) + sum(dnext_c * next_c);
x (2, 3), prev_h and prev_c (2, 4), Wx (3, 16), Wh (4, 16), b (16,): N = 2, D = 3, H = 4,
the gates stacked i, f, o, g along the 4H columns.
"""

import numpy as np
import torch

from verify import derivation


def loss(x, prev_h, prev_c, Wx, Wh, b, dnext_h, dnext_c):
    H = prev_h.shape[1]
    ai, af, ao, ag = (x @ Wx + prev_h @ Wh + b).split(H, dim=1)
    next_c = torch.sigmoid(af) * prev_c + torch.sigmoid(ai) * torch.tanh(ag)
    next_h = torch.sigmoid(ao) * torch.tanh(next_c)
    return (dnext_h * next_h).sum() + (dnext_c * next_c).sum()


def sigmoid(x):
    return 0.5 * (1 + np.tanh(x / 2))


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    H = prev_h.shape[1]
    a = x.dot(Wx) + prev_h.dot(Wh) + b
    i = sigmoid(a[:, :H])
    f = sigmoid(a[:, H:2 * H])
    o = sigmoid(a[:, 2 * H:3 * H])
    g = np.tanh(a[:, 3 * H:])
    next_c = f * prev_c + i * g
    next_h = o * np.tanh(next_c)
    cache = (x, prev_h, prev_c, Wx, Wh, i, f, o, g, next_c)
    return next_h, next_c, cache


def lstm_step_backward(dnext_h, dnext_c, cache):
    x, prev_h, prev_c, Wx, Wh, i, f, o, g, next_c = cache
    tanh_c = np.tanh(next_c)
    do = dnext_h * tanh_c
    dc = dnext_h * o * (1 - tanh_c ** 2)  # <- wrong
    di = dc * g
    df = dc * prev_c
    dg = dc * i
    dprev_c = dc * f
    da = np.hstack((di * i * (1 - i), df * f * (1 - f), do * o * (1 - o), dg * (1 - g ** 2)))
    dx = da.dot(Wx.T)
    dprev_h = da.dot(Wh.T)
    dWx = x.T.dot(da)
    dWh = prev_h.T.dot(da)
    db = da.sum(axis=0)
    return dx, dprev_h, dprev_c, dWx, dWh, db


def lstm_step_backward_fixed(dnext_h, dnext_c, cache):
    x, prev_h, prev_c, Wx, Wh, i, f, o, g, next_c = cache
    tanh_c = np.tanh(next_c)
    do = dnext_h * tanh_c
    dc = dnext_c + dnext_h * o * (1 - tanh_c ** 2)
    di = dc * g
    df = dc * prev_c
    dg = dc * i
    dprev_c = dc * f
    da = np.hstack((di * i * (1 - i), df * f * (1 - f), do * o * (1 - o), dg * (1 - g ** 2)))
    dx = da.dot(Wx.T)
    dprev_h = da.dot(Wh.T)
    dWx = x.T.dot(da)
    dWh = prev_h.T.dot(da)
    db = da.sum(axis=0)
    return dx, dprev_h, dprev_c, dWx, dWh, db


def grad(x, prev_h, prev_c, Wx, Wh, b, dnext_h, dnext_c):
    args = [np.asarray(a) for a in (x, prev_h, prev_c, Wx, Wh, b)]
    _, _, cache = lstm_step_forward(*args)
    return lstm_step_backward(np.asarray(dnext_h), np.asarray(dnext_c), cache)


def grad_fixed(x, prev_h, prev_c, Wx, Wh, b, dnext_h, dnext_c):
    args = [np.asarray(a) for a in (x, prev_h, prev_c, Wx, Wh, b)]
    _, _, cache = lstm_step_forward(*args)
    return lstm_step_backward_fixed(np.asarray(dnext_h), np.asarray(dnext_c), cache)


SPEC = dict(wrt=("x", "prev_h", "prev_c", "Wx", "Wh", "b"),
            shapes={"x": (2, 3), "prev_h": (2, 4), "prev_c": (2, 4), "Wx": (3, 16),
                    "Wh": (4, 16), "b": (16,), "dnext_h": (2, 4), "dnext_c": (2, 4)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_lstm_02")
CAUSE = "missing-term"
FIX = "next_c reaches the loss directly as well as through next_h, so dc = dnext_c + dnext_h * o * (1 - tanh_c^2)."
