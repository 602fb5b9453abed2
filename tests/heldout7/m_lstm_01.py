"""One LSTM step with the four gates stacked [i, f, o, g], numpy:
a = x Wx + h Wh + b, i, f, o = sigma(.), g = tanh(.), c' = f c + i g, h' = o tanh(c'),
checked through L = sum(G * h'); x (3, 4), h (3, 5), c (3, 5), Wx (4, 20), Wh (5, 20), b (20,),
G (3, 5): a batch of 3, 4 inputs, 5 hidden units.
"""

import numpy as np
import torch

from verify import derivation


def loss(x, h, c, Wx, Wh, b, G):
    i, f, o, g = (x @ Wx + h @ Wh + b).chunk(4, dim=-1)
    c2 = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    return (G * torch.sigmoid(o) * torch.tanh(c2)).sum()


def sig(v):
    return 1.0 / (1.0 + np.exp(-v))


def grad(x, h, c, Wx, Wh, b, G):
    H = h.shape[1]
    a = x @ Wx + h @ Wh + b
    i, f, o = sig(a[:, :H]), sig(a[:, H:2 * H]), sig(a[:, 2 * H:3 * H])
    g = np.tanh(a[:, 3 * H:])
    c2 = f * c + i * g
    tc = np.tanh(c2)
    do = G * tc
    dc2 = G * o * (1 - c2 ** 2)  # <- wrong
    di, df, dg = dc2 * g, dc2 * c, dc2 * i
    da = np.hstack([di * i * (1 - i), df * f * (1 - f), do * o * (1 - o), dg * (1 - g ** 2)])
    dWx = x.T @ da
    dWh = h.T @ da
    db = da.sum(axis=0)
    dh = da @ Wh.T
    dc = dc2 * f
    return dWx, dWh, db, dh, dc


def grad_fixed(x, h, c, Wx, Wh, b, G):
    H = h.shape[1]
    a = x @ Wx + h @ Wh + b
    i, f, o = sig(a[:, :H]), sig(a[:, H:2 * H]), sig(a[:, 2 * H:3 * H])
    g = np.tanh(a[:, 3 * H:])
    c2 = f * c + i * g
    tc = np.tanh(c2)
    do = G * tc
    dc2 = G * o * (1 - tc ** 2)
    di, df, dg = dc2 * g, dc2 * c, dc2 * i
    da = np.hstack([di * i * (1 - i), df * f * (1 - f), do * o * (1 - o), dg * (1 - g ** 2)])
    dWx = x.T @ da
    dWh = h.T @ da
    db = da.sum(axis=0)
    dh = da @ Wh.T
    dc = dc2 * f
    return dWx, dWh, db, dh, dc


SPEC = dict(wrt=("Wx", "Wh", "b", "h", "c"),
            shapes={"x": (3, 4), "h": (3, 5), "c": (3, 5), "Wx": (4, 20), "Wh": (5, 20),
                    "b": (20,), "G": (3, 5)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_lstm_01")
CAUSE = "activation-derivative-of-input"
FIX = "d tanh(c')/dc' = 1 - tanh(c')^2 = 1 - tc^2, not 1 - c'^2."
