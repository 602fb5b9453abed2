"""One step of a vanilla RNN written like the course's rnn_step_forward / rnn_step_backward,
numpy: next_h = tanh(x Wx + prev_h Wh + b), L = sum(dnext_h * next_h);
x (N, D), prev_h (N, H), Wx (D, H), Wh (H, H), b (H,) with N = 3, D = 4, H = 5.
"""

import numpy as np
import torch

from verify import derivation


def loss(x, prev_h, Wx, Wh, b, dnext_h):
    return (dnext_h * torch.tanh(x @ Wx + prev_h @ Wh + b)).sum()


def rnn_step_forward(x, prev_h, Wx, Wh, b):
    next_h = np.tanh(x.dot(Wx) + prev_h.dot(Wh) + b)
    cache = (x, prev_h, Wx, Wh, next_h)
    return next_h, cache


def rnn_step_backward(dnext_h, cache):
    x, prev_h, Wx, Wh, next_h = cache
    dz = dnext_h * (1 - next_h ** 2)
    dx = dz.dot(Wx.T)
    dprev_h = dz.dot(Wh.T)
    dWx = x.T.dot(dz)
    dWh = dz.T.dot(prev_h)  # <- wrong
    db = np.sum(dz, axis=0)
    return dx, dprev_h, dWx, dWh, db


def rnn_step_backward_fixed(dnext_h, cache):
    x, prev_h, Wx, Wh, next_h = cache
    dz = dnext_h * (1 - next_h ** 2)
    dx = dz.dot(Wx.T)
    dprev_h = dz.dot(Wh.T)
    dWx = x.T.dot(dz)
    dWh = prev_h.T.dot(dz)
    db = np.sum(dz, axis=0)
    return dx, dprev_h, dWx, dWh, db


def grad(x, prev_h, Wx, Wh, b, dnext_h):
    args = [np.asarray(t) for t in (x, prev_h, Wx, Wh, b)]
    _, cache = rnn_step_forward(*args)
    return rnn_step_backward(np.asarray(dnext_h), cache)


def grad_fixed(x, prev_h, Wx, Wh, b, dnext_h):
    args = [np.asarray(t) for t in (x, prev_h, Wx, Wh, b)]
    _, cache = rnn_step_forward(*args)
    return rnn_step_backward_fixed(np.asarray(dnext_h), cache)


SPEC = dict(wrt=("x", "prev_h", "Wx", "Wh", "b"),
            shapes={"x": ("N", "D"), "prev_h": ("N", "H"), "Wx": ("D", "H"), "Wh": ("H", "H"),
                    "b": ("H",), "dnext_h": ("N", "H")},
            draws={}, sizes={"N": 3, "D": 4, "H": 5})
case = derivation(loss, grad, **SPEC, name="m_rnn_01")
CAUSE = "transpose"
FIX = "Wh[i, j] multiplies prev_h[:, i] into z[:, j], so dWh = prev_h.T.dot(dz)."
