"""L-layer sigmoid network (note 001) with weight decay on every W^(l) (not the biases):
J = 1/m sum_i sum_k 1/2 (a^(3)_ki - y_ki)^2 + LAMBDA/(2m) sum_l ||W^(l)||^2;
x (S1, m), y (S3, m), W1 (S2, S1), b1 (S2,), W2 (S3, S2), b2 (S3,).
"""

import numpy as np
import torch

from verify import derivation

LAMBDA = 0.1


def loss(x, y, W1, b1, W2, b2):
    """J = 1/m sum_i sum_k 1/2 (a^(3)_ki - y_ki)^2 + LAMBDA/(2m) (||W1||^2 + ||W2||^2)."""
    a = x
    for W, b in ((W1, b1), (W2, b2)):
        a = torch.sigmoid(W @ a + b[:, None])
    m = x.shape[1]
    penalty = LAMBDA / (2 * m) * ((W1 ** 2).sum() + (W2 ** 2).sum())
    return 0.5 * ((a - y) ** 2).sum() / m + penalty


def grad(x, y, W1, b1, W2, b2):
    Ws, bs = [W1, W2], [b1, b2]
    L, m = len(Ws), x.shape[1]
    a = [x]
    for W, b in zip(Ws, bs, strict=True):
        a.append(1 / (1 + np.exp(-(np.dot(W, a[-1]) + b[:, None]))))
    delta = (a[-1] - y) * a[-1] * (1 - a[-1])
    dW, db = [None] * L, [None] * L
    for l in reversed(range(L)):
        dW[l] = np.dot(delta, a[l].T) / m  # <- wrong
        db[l] = np.sum(delta, axis=1) / m
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
        dW[l] = (np.dot(delta, a[l].T) + LAMBDA * Ws[l]) / m
        db[l] = np.sum(delta, axis=1) / m
        delta = np.dot(Ws[l].T, delta) * a[l] * (1 - a[l])
    return dW[0], db[0], dW[1], db[1]


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"x": ("S1", "m"), "y": ("S3", "m"), "W1": ("S2", "S1"), "b1": ("S2",),
            "W2": ("S3", "S2"), "b2": ("S3",)},
            draws={"y": "uniform", "W1": ("normal", 0.5), "W2": ("normal", 0.5)},
            sizes={"S1": 3, "S2": 4, "S3": 2, "m": 3})
case = derivation(loss, grad, **SPEC, name="m_deep_17")
CAUSE = "missing-term"
FIX = "J has the penalty LAMBDA/(2m) sum ||W||^2: add LAMBDA W^(l) / m to every dW^(l)."
