"""A deep tanh classifier written as a loop over layers, numpy:
a^(0) = X, a^(l+1) = tanh(a^(l) W_l + b_l) for three hidden layers, then a linear output and
cross-entropy; widths 4 -> 6 -> 6 -> 5 -> 3, X (13, 4), y (13,) in 0..2.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, y, W1, b1, W2, b2, W3, b3, W4, b4):
    a = X
    for W, b in ((W1, b1), (W2, b2), (W3, b3)):
        a = torch.tanh(a @ W + b)
    return F.cross_entropy(a @ W4 + b4, y)


def grad(X, y, W1, b1, W2, b2, W3, b3, W4, b4):
    Ws = [W1, W2, W3, W4]
    bs = [b1, b2, b3, b4]
    N = X.shape[0]
    A = [X]
    Z = []
    for l in range(3):
        Z.append(A[-1] @ Ws[l] + bs[l])
        A.append(np.tanh(Z[-1]))
    scores = A[-1] @ W4 + b4
    p = np.exp(scores - scores.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(N), y] -= 1
    dscores = p / N
    dWs = [None] * 4
    dbs = [None] * 4
    dWs[3] = A[3].T @ dscores
    dbs[3] = dscores.sum(axis=0)
    da = dscores @ W4.T
    for l in reversed(range(3)):
        dz = da * (1 - Z[l] ** 2)  # <- wrong
        dWs[l] = A[l].T @ dz
        dbs[l] = dz.sum(axis=0)
        da = dz @ Ws[l].T
    return dWs[0], dbs[0], dWs[1], dbs[1], dWs[2], dbs[2], dWs[3], dbs[3]


def grad_fixed(X, y, W1, b1, W2, b2, W3, b3, W4, b4):
    Ws = [W1, W2, W3, W4]
    bs = [b1, b2, b3, b4]
    N = X.shape[0]
    A = [X]
    Z = []
    for l in range(3):
        Z.append(A[-1] @ Ws[l] + bs[l])
        A.append(np.tanh(Z[-1]))
    scores = A[-1] @ W4 + b4
    p = np.exp(scores - scores.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(N), y] -= 1
    dscores = p / N
    dWs = [None] * 4
    dbs = [None] * 4
    dWs[3] = A[3].T @ dscores
    dbs[3] = dscores.sum(axis=0)
    da = dscores @ W4.T
    for l in reversed(range(3)):
        dz = da * (1 - A[l + 1] ** 2)
        dWs[l] = A[l].T @ dz
        dbs[l] = dz.sum(axis=0)
        da = dz @ Ws[l].T
    return dWs[0], dbs[0], dWs[1], dbs[1], dWs[2], dbs[2], dWs[3], dbs[3]


SPEC = dict(wrt=("W1", "b1", "W2", "b2", "W3", "b3", "W4", "b4"),
            shapes={"X": (13, 4), "y": (13,), "W1": (4, 6), "b1": (6,), "W2": (6, 6),
                    "b2": (6,), "W3": (6, 5), "b3": (5,), "W4": (5, 3), "b4": (3,)},
            draws={"y": ("labels", 3)})
case = derivation(loss, grad, **SPEC, name="m_deep_02")
CAUSE = "activation-derivative-of-input"
FIX = "tanh' must use the layer's output: dz = da * (1 - a^(l+1)^2), not 1 - z^2."
