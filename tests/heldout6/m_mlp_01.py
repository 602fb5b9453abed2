"""A tanh regression network in numpy: h = tanh(X W1 + b1), out = h W2 + b2,
L = mean over the batch of sum_k (out - T)^2; X (10, 4), W1 (4, 6), W2 (6, 3), T (10, 3).
"""

import numpy as np
import torch

from verify import derivation


def loss(X, T, W1, b1, W2, b2):
    out = torch.tanh(X @ W1 + b1) @ W2 + b2
    return ((out - T) ** 2).sum(dim=1).mean()


def grad(X, T, W1, b1, W2, b2):
    N = X.shape[0]
    h = np.tanh(X.dot(W1) + b1)
    out = h.dot(W2) + b2
    dout = (out - T) / N  # <- wrong
    dW2 = h.T.dot(dout)
    db2 = dout.sum(axis=0)
    dh = dout.dot(W2.T)
    dz = dh * (1 - h ** 2)
    dW1 = X.T.dot(dz)
    db1 = dz.sum(axis=0)
    return dW1, db1, dW2, db2


def grad_fixed(X, T, W1, b1, W2, b2):
    N = X.shape[0]
    h = np.tanh(X.dot(W1) + b1)
    out = h.dot(W2) + b2
    dout = 2 * (out - T) / N
    dW2 = h.T.dot(dout)
    db2 = dout.sum(axis=0)
    dh = dout.dot(W2.T)
    dz = dh * (1 - h ** 2)
    dW1 = X.T.dot(dz)
    db1 = dz.sum(axis=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"X": (10, 4), "T": (10, 3), "W1": (4, 6), "b1": (6,), "W2": (6, 3),
                    "b2": (3,)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_mlp_01")
CAUSE = "square-factor"
FIX = "The per-sample loss is a plain sum of squares, so dout = 2 (out - T) / N."
