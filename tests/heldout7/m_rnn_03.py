"""A many-to-one tanh RNN classifier over a batch, numpy, h_0 = 0:
h_t = tanh(x_t Wx + h_{t-1} Wh + b), logits = h_T Wy + by, L = mean cross-entropy;
X (T, N, D), Wx (D, H), Wh (H, H), b (H,), Wy (H, C), by (C,), y (N,) labels
with T = 4, N = 3, D = 2, H = 5, C = 3.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, y, Wx, Wh, b, Wy, by):
    h = torch.zeros(X.shape[1], Wh.shape[0], dtype=X.dtype)
    for t in range(X.shape[0]):
        h = torch.tanh(X[t] @ Wx + h @ Wh + b)
    return F.cross_entropy(h @ Wy + by, y)


def grad(X, y, Wx, Wh, b, Wy, by):
    T, N = X.shape[0], X.shape[1]
    hs = [np.zeros((N, Wh.shape[0]))]
    for t in range(T):
        hs.append(np.tanh(X[t] @ Wx + hs[t] @ Wh + b))
    logits = hs[T] @ Wy + by
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(N), y] -= 1
    dlogits = p / N
    dWy, dby = hs[T].T @ dlogits, dlogits.sum(axis=0)
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
    dh = dlogits @ Wy.T
    for t in range(T - 1, -1, -1):
        dz = dh * (1 - hs[t + 1] ** 2)
        dWx += X[t].T @ dz
        dWh += hs[t + 1].T @ dz  # <- wrong
        db += dz.sum(axis=0)
        dh = dz @ Wh.T
    return dWx, dWh, db, dWy, dby


def grad_fixed(X, y, Wx, Wh, b, Wy, by):
    T, N = X.shape[0], X.shape[1]
    hs = [np.zeros((N, Wh.shape[0]))]
    for t in range(T):
        hs.append(np.tanh(X[t] @ Wx + hs[t] @ Wh + b))
    logits = hs[T] @ Wy + by
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(N), y] -= 1
    dlogits = p / N
    dWy, dby = hs[T].T @ dlogits, dlogits.sum(axis=0)
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
    dh = dlogits @ Wy.T
    for t in range(T - 1, -1, -1):
        dz = dh * (1 - hs[t + 1] ** 2)
        dWx += X[t].T @ dz
        dWh += hs[t].T @ dz
        db += dz.sum(axis=0)
        dh = dz @ Wh.T
    return dWx, dWh, db, dWy, dby


SPEC = dict(wrt=("Wx", "Wh", "b", "Wy", "by"),
            shapes={"X": ("T", "N", "D"), "y": ("N",), "Wx": ("D", "H"), "Wh": ("H", "H"),
                    "b": ("H",), "Wy": ("H", "C"), "by": ("C",)},
            draws={"y": ("labels", 3)}, sizes={"T": 4, "N": 3, "D": 2, "H": 5, "C": 3})
case = derivation(loss, grad, **SPEC, name="m_rnn_03")
CAUSE = "wrong-layer"
FIX = "Whh multiplies the previous state, so dWh accumulates hs[t]^T dz (h_{t-1}), not hs[t + 1]^T dz."
