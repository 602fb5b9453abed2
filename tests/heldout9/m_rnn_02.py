"""Backpropagation through time for a vanilla tanh RNN over a whole sequence, numpy:
h_t = tanh(x_t Wx + h_{t-1} Wh + b) for t = 1..T from h0, L = sum_t sum(G_t * h_t);
x (N, T, D), h0 (N, H), Wx (D, H), Wh (H, H), b (H,), G (N, T, H) with N = 2, T = 3, D = 3, H = 4.
"""

import numpy as np
import torch

from verify import derivation


def loss(x, h0, Wx, Wh, b, G):
    h, total = h0, 0.0
    for t in range(x.shape[1]):
        h = torch.tanh(x[:, t] @ Wx + h @ Wh + b)
        total = total + (G[:, t] * h).sum()
    return total


def grad(x, h0, Wx, Wh, b, G):
    x, h0, Wx, Wh, b, G = (np.asarray(a) for a in (x, h0, Wx, Wh, b, G))
    T = x.shape[1]
    hs = [h0]
    for t in range(T):
        hs.append(np.tanh(x[:, t] @ Wx + hs[-1] @ Wh + b))
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
    dnext = np.zeros_like(h0)
    for t in reversed(range(T)):
        dh = G[:, t] + dnext
        dz = dh * (1 - hs[t + 1] ** 2)
        dWx += x[:, t].T @ dz
        dWh += hs[t + 1].T @ dz  # <- wrong
        db += dz.sum(axis=0)
        dnext = dz @ Wh.T
    return dWx, dWh, db


def grad_fixed(x, h0, Wx, Wh, b, G):
    x, h0, Wx, Wh, b, G = (np.asarray(a) for a in (x, h0, Wx, Wh, b, G))
    T = x.shape[1]
    hs = [h0]
    for t in range(T):
        hs.append(np.tanh(x[:, t] @ Wx + hs[-1] @ Wh + b))
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
    dnext = np.zeros_like(h0)
    for t in reversed(range(T)):
        dh = G[:, t] + dnext
        dz = dh * (1 - hs[t + 1] ** 2)
        dWx += x[:, t].T @ dz
        dWh += hs[t].T @ dz
        db += dz.sum(axis=0)
        dnext = dz @ Wh.T
    return dWx, dWh, db


SPEC = dict(wrt=("Wx", "Wh", "b"),
            shapes={"x": ("N", "T", "D"), "h0": ("N", "H"), "Wx": ("D", "H"), "Wh": ("H", "H"),
                    "b": ("H",), "G": ("N", "T", "H")},
            draws={}, sizes={"N": 2, "T": 3, "D": 3, "H": 4})
case = derivation(loss, grad, **SPEC, name="m_rnn_02")
CAUSE = "wrong-layer"
FIX = "At step t, Wh multiplies the previous state h_{t-1} = hs[t], so dWh += hs[t].T @ dz."
