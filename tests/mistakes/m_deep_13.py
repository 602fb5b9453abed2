"""L-layer sigmoid network (note 001), columns are examples, as many examples as units:
J = 1/m sum_i sum_k 1/2 (a^(3)_ki - y_ki)^2, a^(l+1) = sigma(W^(l) a^(l) + b^(l));
x (S1, m), y (S3, m), W1 (S2, S1), b1 (S2,), W2 (S3, S2), b2 (S3,).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, y, W1, b1, W2, b2):
    """J = 1/m sum_i sum_k 1/2 (a^(3)_ki - y_ki)^2 with a^(l+1) = sigma(W^(l) a^(l) + b^(l))."""
    a = x
    for W, b in ((W1, b1), (W2, b2)):
        a = torch.sigmoid(W @ a + b[:, None])
    return 0.5 * ((a - y) ** 2).sum() / x.shape[1]


def grad(x, y, W1, b1, W2, b2):
    Ws, bs = [W1, W2], [b1, b2]
    L, m = len(Ws), x.shape[1]
    a = [x]
    for W, b in zip(Ws, bs, strict=True):
        a.append(1 / (1 + np.exp(-(np.dot(W, a[-1]) + b[:, None]))))
    delta = (a[-1] - y) * a[-1] * (1 - a[-1])
    dW, db = [None] * L, [None] * L
    for l in reversed(range(L)):
        dW[l] = np.dot(delta, a[l].T) / m
        db[l] = np.sum(delta, axis=0) / m  # <- wrong
        if l > 0:
            delta = np.dot(Ws[l].T, delta) * a[l] * (1 - a[l])
    return dW[0], db[0], dW[1], db[1]


def grad_fixed(x, y, W1, b1, W2, b2):
    Ws, bs = [W1, W2], [b1, b2]
    L, m = len(Ws), x.shape[1]
    a = [x]
    for W, b in zip(Ws, bs, strict=True):
        a.append(1 / (1 + np.exp(-(np.dot(W, a[-1]) + b[:, None]))))
    delta = (a[-1] - y) * a[-1] * (1 - a[-1])
    dW, db = [None] * L, [None] * L
    for l in reversed(range(L)):
        dW[l] = np.dot(delta, a[l].T) / m
        db[l] = np.sum(delta, axis=1) / m
        if l > 0:
            delta = np.dot(Ws[l].T, delta) * a[l] * (1 - a[l])
    return dW[0], db[0], dW[1], db[1]


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"x": ("S1", "m"), "y": ("S3", "m"), "W1": ("S2", "S1"), "b1": ("S2",),
            "W2": ("S3", "S2"), "b2": ("S3",)},
            draws={"y": "uniform", "W1": ("normal", 0.5), "W2": ("normal", 0.5)},
            sizes={"S1": 4, "S2": 3, "S3": 3, "m": 3})
case = derivation(loss, grad, **SPEC, name="m_deep_13")
CAUSE = "reduction-axis"
FIX = "Examples are columns: sum delta over axis 1 (the m examples), not over the units."
