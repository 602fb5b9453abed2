"""One RNN step in torch tensor math: h = tanh(x Wx + h_prev Wh + b),
loss = sum(dh * h) for a given upstream gradient dh; x (N, D), h_prev (N, H), Wx (D, H),
Wh (H, H), b (H,), dh (N, H), N = 2, D = 3, H = 4. Gradients of Wx, Wh, b.
"""

import torch

from verify import derivation


def loss(x, h_prev, Wx, Wh, b, dh):
    return (dh * torch.tanh(x @ Wx + h_prev @ Wh + b)).sum()


def grad(x, h_prev, Wx, Wh, b, dh):
    h = torch.tanh(x @ Wx + h_prev @ Wh + b)
    dpre = dh * (1 - h * h)
    dWx = x.T @ dpre
    dWh = dpre.T @ h_prev  # <- wrong
    db = dpre.sum(0)
    return dWx, dWh, db


def grad_fixed(x, h_prev, Wx, Wh, b, dh):
    h = torch.tanh(x @ Wx + h_prev @ Wh + b)
    dpre = dh * (1 - h * h)
    dWx = x.T @ dpre
    dWh = h_prev.T @ dpre
    db = dpre.sum(0)
    return dWx, dWh, db


SPEC = dict(wrt=("Wx", "Wh", "b"),
            shapes={"x": ("N", "D"), "h_prev": ("N", "H"), "Wx": ("D", "H"), "Wh": ("H", "H"),
                    "b": ("H",), "dh": ("N", "H")},
            sizes={"N": 2, "D": 3, "H": 4})
case = derivation(loss, grad, **SPEC, name="m_rnn_02")
CAUSE = "transpose"
FIX = "dWh = h_prev^T dpre (rows index the previous state); dpre^T h_prev is its transpose."
