"""The cs231n-style rnn_step_forward / rnn_step_backward pair in numpy:
next_h = tanh(x Wx + prev_h Wh + b), L = sum(dnext_h * next_h); x (3, 4), prev_h (3, 4),
Wx (4, 4), Wh (4, 4), b (4,), dnext_h (3, 4): input and hidden sizes are both 4.
"""

import numpy as np
import torch

from verify import derivation


def rnn_step_forward(x, prev_h, Wx, Wh, b):
    next_h = np.tanh(x @ Wx + prev_h @ Wh + b)
    return next_h, (x, prev_h, Wx, Wh, next_h)


def rnn_step_backward(dnext_h, cache):
    x, prev_h, Wx, Wh, next_h = cache
    dz = dnext_h * (1 - next_h ** 2)
    dx = dz @ Wx.T
    dprev_h = dz @ Wh.T
    dWx = x.T @ dz
    dWh = prev_h.T @ dz
    db = dz.sum(axis=0)
    return dx, dprev_h, dWh, dWx, db  # <- wrong


def rnn_step_backward_fixed(dnext_h, cache):
    x, prev_h, Wx, Wh, next_h = cache
    dz = dnext_h * (1 - next_h ** 2)
    dx = dz @ Wx.T
    dprev_h = dz @ Wh.T
    dWx = x.T @ dz
    dWh = prev_h.T @ dz
    db = dz.sum(axis=0)
    return dx, dprev_h, dWx, dWh, db


def loss(x, prev_h, Wx, Wh, b, dnext_h):
    return (dnext_h * torch.tanh(x @ Wx + prev_h @ Wh + b)).sum()


def grad(x, prev_h, Wx, Wh, b, dnext_h):
    _, cache = rnn_step_forward(x, prev_h, Wx, Wh, b)
    return rnn_step_backward(dnext_h, cache)


def grad_fixed(x, prev_h, Wx, Wh, b, dnext_h):
    _, cache = rnn_step_forward(x, prev_h, Wx, Wh, b)
    return rnn_step_backward_fixed(dnext_h, cache)


SPEC = dict(wrt=("x", "prev_h", "Wx", "Wh", "b"),
            shapes={"x": (3, 4), "prev_h": (3, 4), "Wx": (4, 4), "Wh": (4, 4), "b": (4,),
                    "dnext_h": (3, 4)})
case = derivation(loss, grad, **SPEC, name="k_rnn_04")
CAUSE = "return-order"
FIX = "Return dWx before dWh, as the caller unpacks dx, dprev_h, dWx, dWh, db."
