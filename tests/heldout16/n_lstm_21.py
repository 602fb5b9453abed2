"""One LSTM step, gates stacked [i, f, g, o] along the columns, numpy:
A = x Wx + h Wh + b, i, f, o = sigmoid, g = tanh, c' = f c + i g, h' = o tanh(c'), L = sum(G * h');
x (3, 4), h (3, 2), c (3, 2), Wx (4, 8), Wh (2, 8), b (8,), G (3, 2).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, h, c, Wx, Wh, b, G):
    i, f, g, o = (x @ Wx + h @ Wh + b).chunk(4, dim=1)
    c_new = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    h_new = torch.sigmoid(o) * torch.tanh(c_new)
    return (G * h_new).sum()


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def grad(x, h, c, Wx, Wh, b, G):
    H = h.shape[1]
    A = x @ Wx + h @ Wh + b
    i = sigmoid(A[:, :H])
    f = sigmoid(A[:, H:2 * H])
    g = np.tanh(A[:, 2 * H:3 * H])
    o = sigmoid(A[:, 3 * H:])
    c_new = f * c + i * g
    tc = np.tanh(c_new)
    do = G * tc
    dc = G * o  # <- wrong
    di, df, dg = dc * g, dc * c, dc * i
    dA = np.concatenate([di * i * (1 - i), df * f * (1 - f), dg * (1 - g ** 2), do * o * (1 - o)], axis=1)
    return x.T @ dA, h.T @ dA, dA.sum(axis=0)


def grad_fixed(x, h, c, Wx, Wh, b, G):
    H = h.shape[1]
    A = x @ Wx + h @ Wh + b
    i = sigmoid(A[:, :H])
    f = sigmoid(A[:, H:2 * H])
    g = np.tanh(A[:, 2 * H:3 * H])
    o = sigmoid(A[:, 3 * H:])
    c_new = f * c + i * g
    tc = np.tanh(c_new)
    do = G * tc
    dc = G * o * (1 - tc ** 2)
    di, df, dg = dc * g, dc * c, dc * i
    dA = np.concatenate([di * i * (1 - i), df * f * (1 - f), dg * (1 - g ** 2), do * o * (1 - o)], axis=1)
    return x.T @ dA, h.T @ dA, dA.sum(axis=0)


SPEC = dict(wrt=("Wx", "Wh", "b"),
            shapes={"x": (3, 4), "h": (3, 2), "c": (3, 2), "Wx": (4, 8), "Wh": (2, 8), "b": (8,), "G": (3, 2)})
case = derivation(loss, grad, **SPEC, name="n_lstm_21")
CAUSE = "activation-derivative-missing"
FIX = "h' = o tanh(c'), so the cell gradient carries tanh's derivative: dc = G * o * (1 - tanh(c')^2)."
