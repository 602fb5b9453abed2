"""An L-layer sigmoid network written as a loop, numpy (rows are examples):
a^(0) = X, a^(l+1) = sigmoid(a^(l) W_l + b_l), J = 1/(2m) sum ||a^(L) - Y||^2;
widths 5 -> 7 -> 6 -> 3, m = 11.
"""

import numpy as np
import torch

from verify import derivation


def loss(X, Y, W1, b1, W2, b2, W3, b3):
    a = X
    for W, b in ((W1, b1), (W2, b2), (W3, b3)):
        a = torch.sigmoid(a @ W + b)
    return 0.5 * ((a - Y) ** 2).sum() / X.shape[0]


def grad(X, Y, W1, b1, W2, b2, W3, b3):
    Ws = [W1, W2, W3]
    bs = [b1, b2, b3]
    m = X.shape[0]
    A = [X]
    for W, b in zip(Ws, bs):
        A.append(1 / (1 + np.exp(-(A[-1].dot(W) + b))))
    delta = (A[-1] - Y) * A[-1] * (1 - A[-1])  # <- wrong
    dWs, dbs = [], []
    for l in reversed(range(len(Ws))):
        dWs.insert(0, A[l].T.dot(delta))
        dbs.insert(0, delta.sum(axis=0))
        if l > 0:
            delta = delta.dot(Ws[l].T) * A[l] * (1 - A[l])
    return dWs[0], dbs[0], dWs[1], dbs[1], dWs[2], dbs[2]


def grad_fixed(X, Y, W1, b1, W2, b2, W3, b3):
    Ws = [W1, W2, W3]
    bs = [b1, b2, b3]
    m = X.shape[0]
    A = [X]
    for W, b in zip(Ws, bs):
        A.append(1 / (1 + np.exp(-(A[-1].dot(W) + b))))
    delta = (A[-1] - Y) * A[-1] * (1 - A[-1]) / m
    dWs, dbs = [], []
    for l in reversed(range(len(Ws))):
        dWs.insert(0, A[l].T.dot(delta))
        dbs.insert(0, delta.sum(axis=0))
        if l > 0:
            delta = delta.dot(Ws[l].T) * A[l] * (1 - A[l])
    return dWs[0], dbs[0], dWs[1], dbs[1], dWs[2], dbs[2]


SPEC = dict(wrt=("W1", "b1", "W2", "b2", "W3", "b3"),
            shapes={"X": (11, 5), "Y": (11, 3), "W1": (5, 7), "b1": (7,), "W2": (7, 6),
                    "b2": (6,), "W3": (6, 3), "b3": (3,)},
            draws={"Y": "uniform"})
case = derivation(loss, grad, **SPEC, name="m_deep_01")
CAUSE = "batch-mean"
FIX = "J carries a 1/m, so the output delta must be divided by m."
