"""A tanh RNN in column notation with a given initial state, backpropagation through time:
h_t = tanh(Wx x_t + Wh h_{t-1}), L = sum_t G_t . h_t;
X (4, 2) (rows x_t), Wx (3, 2), Wh (3, 3), h0 (3,), G (4, 3).
"""

import numpy as np
import torch

from verify import derivation


def loss(X, Wx, Wh, h0, G):
    h = h0
    total = 0.0
    for t in range(X.shape[0]):
        h = torch.tanh(Wx @ X[t] + Wh @ h)
        total = total + G[t] @ h
    return total


def grad(X, Wx, Wh, h0, G):
    hs = [h0]
    for x in X:
        hs.append(np.tanh(Wx @ x + Wh @ hs[-1]))
    dWx = np.zeros_like(Wx)
    dWh = np.zeros_like(Wh)
    dh = np.zeros_like(h0)
    for t in range(len(X) - 1, -1, -1):
        dh = dh + G[t]
        dz = dh * (1 - hs[t + 1] ** 2)
        dWx += np.outer(dz, X[t])
        dWh += np.outer(dz, hs[t + 1])  # <- wrong
        dh = Wh.T @ dz
    return dWx, dWh


def grad_fixed(X, Wx, Wh, h0, G):
    hs = [h0]
    for x in X:
        hs.append(np.tanh(Wx @ x + Wh @ hs[-1]))
    dWx = np.zeros_like(Wx)
    dWh = np.zeros_like(Wh)
    dh = np.zeros_like(h0)
    for t in range(len(X) - 1, -1, -1):
        dh = dh + G[t]
        dz = dh * (1 - hs[t + 1] ** 2)
        dWx += np.outer(dz, X[t])
        dWh += np.outer(dz, hs[t])
        dh = Wh.T @ dz
    return dWx, dWh


SPEC = dict(wrt=("Wx", "Wh"),
            shapes={"X": (4, 2), "Wx": (3, 2), "Wh": (3, 3), "h0": (3,), "G": (4, 3)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="v_rnn_02")
CAUSE = "wrong-layer"
FIX = "Wh multiplies the previous state, so its gradient at step t is outer(dz_t, h_{t-1}), which is hs[t]."
