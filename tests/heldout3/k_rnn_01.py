"""One step of a vanilla RNN cell in torch (no autograd):
h = tanh(x Wx + h_prev Wh + b), L = sum(dnext * h); x (N, D) = (3, 4), h_prev (3, 5),
Wx (4, 5), Wh (5, 5), b (5,), dnext (3, 5).
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
    db = dz.sum(dim=0)
    return dx, dh_prev, dWx, dWh, db


def grad_fixed(x, h_prev, Wx, Wh, b, dnext):
    h = torch.tanh(x @ Wx + h_prev @ Wh + b)
    dz = dnext * (1 - h ** 2)
    dx = dz @ Wx.T
    dh_prev = dz @ Wh.T
    dWx = x.T @ dz
    dWh = h_prev.T @ dz
    db = dz.sum(dim=0)
    return dx, dh_prev, dWx, dWh, db


SPEC = dict(wrt=("x", "h_prev", "Wx", "Wh", "b"),
            shapes={"x": ("N", "D"), "h_prev": ("N", "H"), "Wx": ("D", "H"), "Wh": ("H", "H"),
                    "b": ("H",), "dnext": ("N", "H")},
            sizes={"N": 3, "D": 4, "H": 5})
case = derivation(loss, grad, **SPEC, name="k_rnn_01")
CAUSE = "transpose"
FIX = "The hidden-to-hidden matrix is square, but the gradient still goes back through Wh.T."
