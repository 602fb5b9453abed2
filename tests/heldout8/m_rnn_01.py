"""A vanilla tanh RNN read out at its last step, backprop through time in numpy:
h_0 = 0, h_t = tanh(x_t Wx + h_{t-1} Wh + b), y = h_T Wy, L = 1/2 ||y - Y||^2;
X (T, N, D), Wx (D, H), Wh (H, H), b (H,), Wy (H, K), Y (N, K), T = 4, N = 3, D = 2, H = 5, K = 2.
"""

import numpy as np
import torch

from verify import derivation


def loss(X, Y, Wx, Wh, b, Wy):
    h = torch.zeros(X.shape[1], Wh.shape[0], dtype=X.dtype)
    for t in range(X.shape[0]):
        h = torch.tanh(X[t] @ Wx + h @ Wh + b)
    return 0.5 * ((h @ Wy - Y) ** 2).sum()


def grad(X, Y, Wx, Wh, b, Wy):
    X, Y = np.asarray(X), np.asarray(Y)
    Wx, Wh, b, Wy = (np.asarray(a) for a in (Wx, Wh, b, Wy))
    hs = [np.zeros((X.shape[1], Wh.shape[0]))]
    for t in range(X.shape[0]):
        hs.append(np.tanh(X[t] @ Wx + hs[-1] @ Wh + b))
    dy = hs[-1] @ Wy - Y
    dWy = hs[-1].T @ dy
    dh = dy @ Wy.T
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
    for t in reversed(range(X.shape[0])):
        dz = dh * (1 - hs[t + 1] ** 2)
        dWx += X[t].T @ dz
        dWh += hs[t].T @ dz
        db += dz.sum(axis=0)
        dh = dz @ Wh  # <- wrong
    return dWx, dWh, db, dWy


def grad_fixed(X, Y, Wx, Wh, b, Wy):
    X, Y = np.asarray(X), np.asarray(Y)
    Wx, Wh, b, Wy = (np.asarray(a) for a in (Wx, Wh, b, Wy))
    hs = [np.zeros((X.shape[1], Wh.shape[0]))]
    for t in range(X.shape[0]):
        hs.append(np.tanh(X[t] @ Wx + hs[-1] @ Wh + b))
    dy = hs[-1] @ Wy - Y
    dWy = hs[-1].T @ dy
    dh = dy @ Wy.T
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
    for t in reversed(range(X.shape[0])):
        dz = dh * (1 - hs[t + 1] ** 2)
        dWx += X[t].T @ dz
        dWh += hs[t].T @ dz
        db += dz.sum(axis=0)
        dh = dz @ Wh.T
    return dWx, dWh, db, dWy


SPEC = dict(wrt=("Wx", "Wh", "b", "Wy"),
            shapes={"X": ("T", "N", "D"), "Y": ("N", "K"), "Wx": ("D", "H"), "Wh": ("H", "H"),
                    "b": ("H",), "Wy": ("H", "K")},
            draws={}, sizes={"T": 4, "N": 3, "D": 2, "H": 5, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_rnn_01")
CAUSE = "transpose"
FIX = "h_t enters the next step as h_t Wh, so the error sent back is dz Wh^T."
