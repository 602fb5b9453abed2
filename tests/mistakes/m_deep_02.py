"""L-layer sigmoid network (note 001), columns are examples, bias vectors:
J = 1/m sum_i sum_k 1/2 (a^(3)_ki - y_ki)^2, a^(l+1) = sigma(W^(l) a^(l) + b^(l));
x (4, 3), y (2, 3), W1 (3, 4), b1 (3,), W2 (2, 3), b2 (2,).
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
    delta = (y - a[-1]) * a[-1] * (1 - a[-1])  # <- wrong
    dW, db = [None] * L, [None] * L
    for l in reversed(range(L)):
        dW[l] = np.dot(delta, a[l].T) / m
        db[l] = np.sum(delta, axis=1) / m
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
            shapes={"x": (4, 3), "y": (2, 3), "W1": (3, 4), "b1": (3,), "W2": (2, 3), "b2": (2,)},
            draws={"y": "uniform", "W1": ("normal", 0.5), "W2": ("normal", 0.5)})
case = derivation(loss, grad, **SPEC, name="m_deep_02")
CAUSE = "sign"
FIX = "delta^(L) starts from a^(L) - y, not y - a^(L)."
