"""One step of a vanilla RNN, CS231n's rnn_step_forward / rnn_step_backward, numpy:
next_h = tanh(x Wx + prev_h Wh + b), loss = sum(dnext_h * next_h); x (N, D), prev_h (N, H),
Wx (D, H), Wh (H, H), b (H,), dnext_h (N, H), N = 3, D = 4, H = 5.
Gradients of x, prev_h, Wx, Wh, b.
"""

import numpy as np
import torch

from verify import derivation


def rnn_step_forward(x, prev_h, Wx, Wh, b):
    a = x @ Wx + prev_h @ Wh + b
    next_h = np.tanh(a)
    return next_h, (x, prev_h, Wx, Wh, a, next_h)


def rnn_step_backward(dnext_h, cache):
    x, prev_h, Wx, Wh, a, next_h = cache
    da = dnext_h * (1 - a ** 2)  # <- wrong
    dx = da @ Wx.T
    dprev_h = da @ Wh.T
    dWx = x.T @ da
    dWh = prev_h.T @ da
    db = da.sum(axis=0)
    return dx, dprev_h, dWx, dWh, db


def rnn_step_backward_fixed(dnext_h, cache):
    x, prev_h, Wx, Wh, a, next_h = cache
    da = dnext_h * (1 - next_h ** 2)
    dx = da @ Wx.T
    dprev_h = da @ Wh.T
    dWx = x.T @ da
    dWh = prev_h.T @ da
    db = da.sum(axis=0)
    return dx, dprev_h, dWx, dWh, db


def loss(x, prev_h, Wx, Wh, b, dnext_h):
    return (dnext_h * torch.tanh(x @ Wx + prev_h @ Wh + b)).sum()


def grad(x, prev_h, Wx, Wh, b, dnext_h):
    _, cache = rnn_step_forward(x, prev_h, Wx, Wh, b)
    return rnn_step_backward(dnext_h, cache)


def grad_fixed(x, prev_h, Wx, Wh, b, dnext_h):
    _, cache = rnn_step_forward(x, prev_h, Wx, Wh, b)
    return rnn_step_backward_fixed(dnext_h, cache)


SPEC = dict(wrt=("x", "prev_h", "Wx", "Wh", "b"), numpy=True,
            shapes={"x": ("N", "D"), "prev_h": ("N", "H"), "Wx": ("D", "H"), "Wh": ("H", "H"),
                    "b": ("H",), "dnext_h": ("N", "H")},
            sizes={"N": 3, "D": 4, "H": 5})
case = derivation(loss, grad, **SPEC, name="m_rnn_01")
CAUSE = "activation-derivative-of-input"
FIX = "tanh'(a) = 1 - tanh(a)^2 = 1 - next_h^2: square the cached output, not the pre-activation a."
