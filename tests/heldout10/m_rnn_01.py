"""One step of a vanilla RNN, torch backward:
h = tanh(x Wx + h_prev Wh + b), L = sum(dnext * h);
x (N, D), h_prev (N, H), Wx (D, H), Wh (H, H), b (H,) with N = 3, D = 4, H = 5.
"""

import torch

from verify import derivation


def loss(x, h_prev, Wx, Wh, b, dnext):
    return (dnext * torch.tanh(x @ Wx + h_prev @ Wh + b)).sum()


def grad(x, h_prev, Wx, Wh, b, dnext):
    h = torch.tanh(x @ Wx + h_prev @ Wh + b)
    dz = dnext * (1 - h ** 2)
    dx = dz @ Wx.T
    dh_prev = dz @ Wh  # <- wrong
    dWx = x.T @ dz
    dWh = h_prev.T @ dz
    db = dz.sum(0)
    return dx, dh_prev, dWx, dWh, db


def grad_fixed(x, h_prev, Wx, Wh, b, dnext):
    h = torch.tanh(x @ Wx + h_prev @ Wh + b)
    dz = dnext * (1 - h ** 2)
    dx = dz @ Wx.T
    dh_prev = dz @ Wh.T
    dWx = x.T @ dz
    dWh = h_prev.T @ dz
    db = dz.sum(0)
    return dx, dh_prev, dWx, dWh, db


SPEC = dict(wrt=("x", "h_prev", "Wx", "Wh", "b"),
            shapes={"x": ("N", "D"), "h_prev": ("N", "H"), "Wx": ("D", "H"),
                    "Wh": ("H", "H"), "b": ("H",), "dnext": ("N", "H")},
            draws={}, sizes={"N": 3, "D": 4, "H": 5})
case = derivation(loss, grad, **SPEC, name="m_rnn_01")
CAUSE = "transpose"
FIX = "The recurrence multiplies h_prev by Wh on the right, so dh_prev = dz @ Wh.T."
