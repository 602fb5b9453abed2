"""L-layer sigmoid network (note 001) trained with torch's mse_loss, columns are examples:
J = mse_loss(a^(3), y) = 1/(S3 m) sum_k sum_i (a^(3)_ki - y_ki)^2 (no 1/2);
x (S1, m), y (S3, m), W1 (S2, S1), b1 (S2,), W2 (S3, S2), b2 (S3,).
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, y, W1, b1, W2, b2):
    """J = mse_loss(a^(3), y), the mean of squares over all S3 m elements."""
    a = x
    for W, b in ((W1, b1), (W2, b2)):
        a = torch.sigmoid(W @ a + b[:, None])
    return F.mse_loss(a, y)


def grad(x, y, W1, b1, W2, b2):
    Ws, bs = [W1, W2], [b1, b2]
    a = [x]
    for W, b in zip(Ws, bs, strict=True):
        a.append(1 / (1 + np.exp(-(np.dot(W, a[-1]) + b[:, None]))))
    dA = (a[-1] - y) / x.shape[1]  # <- wrong
    delta = dA * a[-1] * (1 - a[-1])
    dW, db = [None] * 2, [None] * 2
    for l in (1, 0):
        dW[l] = np.dot(delta, a[l].T)
        db[l] = delta.sum(axis=1)
        delta = np.dot(Ws[l].T, delta) * a[l] * (1 - a[l])
    return dW[0], db[0], dW[1], db[1]


def grad_fixed(x, y, W1, b1, W2, b2):
    Ws, bs = [W1, W2], [b1, b2]
    a = [x]
    for W, b in zip(Ws, bs, strict=True):
        a.append(1 / (1 + np.exp(-(np.dot(W, a[-1]) + b[:, None]))))
    dA = 2 * (a[-1] - y) / y.size
    delta = dA * a[-1] * (1 - a[-1])
    dW, db = [None] * 2, [None] * 2
    for l in (1, 0):
        dW[l] = np.dot(delta, a[l].T)
        db[l] = delta.sum(axis=1)
        delta = np.dot(Ws[l].T, delta) * a[l] * (1 - a[l])
    return dW[0], db[0], dW[1], db[1]


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"x": ("S1", "m"), "y": ("S3", "m"), "W1": ("S2", "S1"), "b1": ("S2",),
            "W2": ("S3", "S2"), "b2": ("S3",)},
            draws={"y": "uniform", "W1": ("normal", 0.5), "W2": ("normal", 0.5)},
            sizes={"S1": 3, "S2": 4, "S3": 3, "m": 3})
case = derivation(loss, grad, **SPEC, name="m_deep_06")
CAUSE = "mse-convention"
FIX = "mse_loss averages all S3 m elements with no 1/2: dJ/da^(3) = 2 (a^(3) - y) / (S3 m)."
