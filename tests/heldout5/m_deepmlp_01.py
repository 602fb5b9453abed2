"""A three-layer sigmoid network trained on a batch of m examples, numpy, with the delta
recursion in a loop: J = 1/(2m) sum_n ||a^(3)_n - y_n||^2, a^(l+1) = sigma(a^(l) W^(l+1));
the 1/m is put into the output delta once; X (8, 5), W1 (5, 7), W2 (7, 6), W3 (6, 3), Y (8, 3).
"""

import numpy as np
import torch

from verify import derivation


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def loss(X, Y, W1, W2, W3):
    a = X
    for W in (W1, W2, W3):
        a = torch.sigmoid(a @ W)
    return 0.5 * ((a - Y) ** 2).sum() / X.shape[0]


def grad(X, Y, W1, W2, W3):
    m = X.shape[0]
    Ws = [W1, W2, W3]
    a = [X]
    for W in Ws:
        a.append(sigmoid(a[-1] @ W))
    delta = (a[-1] - Y) * a[-1] * (1 - a[-1]) / m
    grads = [None] * len(Ws)
    for l in reversed(range(len(Ws))):
        grads[l] = a[l].T @ delta / m  # <- wrong
        if l > 0:
            delta = (delta @ Ws[l].T) * a[l] * (1 - a[l])
    return tuple(grads)


def grad_fixed(X, Y, W1, W2, W3):
    m = X.shape[0]
    Ws = [W1, W2, W3]
    a = [X]
    for W in Ws:
        a.append(sigmoid(a[-1] @ W))
    delta = (a[-1] - Y) * a[-1] * (1 - a[-1]) / m
    grads = [None] * len(Ws)
    for l in reversed(range(len(Ws))):
        grads[l] = a[l].T @ delta
        if l > 0:
            delta = (delta @ Ws[l].T) * a[l] * (1 - a[l])
    return tuple(grads)


SPEC = dict(numpy=True, wrt=("W1", "W2", "W3"),
            shapes={"X": (8, 5), "Y": (8, 3), "W1": (5, 7), "W2": (7, 6), "W3": (6, 3)},
            draws={"Y": "uniform"})
case = derivation(loss, grad, **SPEC, name="m_deepmlp_01")
CAUSE = "batch-mean"
FIX = "The 1/m is already inside the output delta; dividing each weight gradient by m again is one too many."
