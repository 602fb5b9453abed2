"""A tanh RNN over S steps in row notation, numpy backpropagation through time:
h_t = tanh(x_t Wx + h_(t-1) Wh + b), L = sum_t G_t . h_t;
X (S, D), h0 (H,), Wx (D, H), Wh (H, H), b (H,), G (S, H).
"""

import numpy as np
import torch

from verify import derivation


def loss(X, h0, Wx, Wh, b, G):
    h = h0
    total = 0.0
    for t in range(X.shape[0]):
        h = torch.tanh(X[t] @ Wx + h @ Wh + b)
        total = total + (G[t] * h).sum()
    return total


def grad(X, h0, Wx, Wh, b, G):
    S = X.shape[0]
    hs = [h0]
    for t in range(S):
        hs.append(np.tanh(X[t] @ Wx + hs[t] @ Wh + b))
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
    dh_next = np.zeros_like(h0)
    for t in reversed(range(S)):
        dh = G[t] + dh_next
        da = dh * (1.0 - hs[t + 1] ** 2)
        dWx += np.outer(X[t], da)
        dWh += np.outer(hs[t + 1], da)  # <- wrong
        db += da
        dh_next = da @ Wh.T
    return dWx, dWh, db


def grad_fixed(X, h0, Wx, Wh, b, G):
    S = X.shape[0]
    hs = [h0]
    for t in range(S):
        hs.append(np.tanh(X[t] @ Wx + hs[t] @ Wh + b))
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
    dh_next = np.zeros_like(h0)
    for t in reversed(range(S)):
        dh = G[t] + dh_next
        da = dh * (1.0 - hs[t + 1] ** 2)
        dWx += np.outer(X[t], da)
        dWh += np.outer(hs[t], da)
        db += da
        dh_next = da @ Wh.T
    return dWx, dWh, db


SPEC = dict(wrt=("Wx", "Wh", "b"),
            shapes={"X": ("S", "D"), "h0": ("H",), "Wx": ("D", "H"), "Wh": ("H", "H"), "b": ("H",),
                    "G": ("S", "H")},
            draws={}, sizes={"S": 3, "D": 2, "H": 3})
case = derivation(loss, grad, **SPEC, name="w_rnn_02")
CAUSE = "wrong-layer"
FIX = "Wh multiplies the previous state, so its gradient at step t is outer(h_(t-1), da_t)."
