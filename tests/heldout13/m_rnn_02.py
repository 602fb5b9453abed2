"""One step of a tanh RNN cell over a batch under an upstream gradient, torch:
h' = tanh(x Wx + h Wh + b), L = sum(G * h'); x (N, D), h (N, H), Wx (D, H), Wh (H, H), b (H,),
G (N, H) with N = 2, D = H = 3; the gradients are asked in the order (Wx, Wh, b).
"""

import torch

from verify import derivation


def loss(x, h, Wx, Wh, b, G):
    return (G * torch.tanh(x @ Wx + h @ Wh + b)).sum()


def grad(x, h, Wx, Wh, b, G):
    h_new = torch.tanh(x @ Wx + h @ Wh + b)
    da = G * (1 - h_new ** 2)
    dWx = x.T @ da
    dWh = h.T @ da
    db = da.sum(0)
    return dWh, dWx, db  # <- wrong


def grad_fixed(x, h, Wx, Wh, b, G):
    h_new = torch.tanh(x @ Wx + h @ Wh + b)
    da = G * (1 - h_new ** 2)
    dWx = x.T @ da
    dWh = h.T @ da
    db = da.sum(0)
    return dWx, dWh, db


SPEC = dict(wrt=("Wx", "Wh", "b"),
            shapes={"x": ("N", "D"), "h": ("N", "H"), "Wx": ("D", "H"), "Wh": ("H", "H"),
                    "b": ("H",), "G": ("N", "H")},
            draws={}, sizes={"N": 2, "D": 3, "H": 3})
case = derivation(loss, grad, **SPEC, name="m_rnn_02")
CAUSE = "return-order"
FIX = "wrt asks for Wx first, so return dWx, dWh, db."
