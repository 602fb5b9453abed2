"""One LSTM step, lstm_step_backward in numpy (gates i, f, o, g stacked in that order):
next_c = f * prev_c + i * g, next_h = o * tanh(next_c), L = sum(dnext_h * next_h);
x (N, D), prev_h, prev_c (N, H), Wx (D, 4H), Wh (H, 4H), b (4H,) with N = 3, D = 5, H = 2.
"""

import numpy as np
import torch

from verify import derivation


def loss(x, prev_h, prev_c, Wx, Wh, b, dnext_h):
    a = x @ Wx + prev_h @ Wh + b
    i, f, o, g = a.chunk(4, dim=1)
    next_c = torch.sigmoid(f) * prev_c + torch.sigmoid(i) * torch.tanh(g)
    return (dnext_h * torch.sigmoid(o) * torch.tanh(next_c)).sum()


def _sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


def grad(x, prev_h, prev_c, Wx, Wh, b, dnext_h):
    x, prev_h, prev_c, Wx, Wh, b, dnext_h = map(
        np.asarray, (x, prev_h, prev_c, Wx, Wh, b, dnext_h))
    H = prev_h.shape[1]
    a = x @ Wx + prev_h @ Wh + b
    i = _sigmoid(a[:, :H])
    f = _sigmoid(a[:, H:2 * H])
    o = _sigmoid(a[:, 2 * H:3 * H])
    g = np.tanh(a[:, 3 * H:])
    next_c = f * prev_c + i * g
    tc = np.tanh(next_c)
    do = dnext_h * tc
    dc = dnext_h * o * (1 - tc ** 2)
    di = dc * g
    df = dc * next_c  # <- wrong
    dg = dc * i
    da = np.hstack([di * i * (1 - i), df * f * (1 - f), do * o * (1 - o), dg * (1 - g ** 2)])
    return x.T @ da, prev_h.T @ da, da.sum(axis=0)


def grad_fixed(x, prev_h, prev_c, Wx, Wh, b, dnext_h):
    x, prev_h, prev_c, Wx, Wh, b, dnext_h = map(
        np.asarray, (x, prev_h, prev_c, Wx, Wh, b, dnext_h))
    H = prev_h.shape[1]
    a = x @ Wx + prev_h @ Wh + b
    i = _sigmoid(a[:, :H])
    f = _sigmoid(a[:, H:2 * H])
    o = _sigmoid(a[:, 2 * H:3 * H])
    g = np.tanh(a[:, 3 * H:])
    next_c = f * prev_c + i * g
    tc = np.tanh(next_c)
    do = dnext_h * tc
    dc = dnext_h * o * (1 - tc ** 2)
    di = dc * g
    df = dc * prev_c
    dg = dc * i
    da = np.hstack([di * i * (1 - i), df * f * (1 - f), do * o * (1 - o), dg * (1 - g ** 2)])
    return x.T @ da, prev_h.T @ da, da.sum(axis=0)


SPEC = dict(wrt=("Wx", "Wh", "b"),
            shapes={"x": ("N", "D"), "prev_h": ("N", "H"), "prev_c": ("N", "H"),
                    "Wx": ("D", "G"), "Wh": ("H", "G"), "b": ("G",), "dnext_h": ("N", "H")},
            draws={}, sizes={"N": 3, "D": 5, "H": 2, "G": 8})
case = derivation(loss, grad, **SPEC, name="m_lstm_02")
CAUSE = "wrong-operand"
FIX = "The forget gate multiplies the previous cell, so df = dc * prev_c."
