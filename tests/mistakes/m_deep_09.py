"""L-layer tanh network (note 001), the backward loop over dJ/da, bias vectors:
J = 1/m sum_i sum_k 1/2 (a^(3)_ki - y_ki)^2, a^(l+1) = tanh(W^(l) a^(l) + b^(l));
x (3, 4), y (2, 4), W1 (4, 3), b1 (4,), W2 (2, 4), b2 (2,).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, y, W1, b1, W2, b2):
    """J = 1/m sum_i sum_k 1/2 (a^(3)_ki - y_ki)^2 with a^(l+1) = tanh(W^(l) a^(l) + b^(l))."""
    a = x
    for W, b in ((W1, b1), (W2, b2)):
        a = torch.tanh(W @ a + b[:, None])
    return 0.5 * ((a - y) ** 2).sum() / x.shape[1]


def grad(x, y, W1, b1, W2, b2):
    Ws, bs = [W1, W2], [b1, b2]
    L, m = len(Ws), x.shape[1]
    a = [x]
    for W, b in zip(Ws, bs, strict=True):
        a.append(np.tanh(np.dot(W, a[-1]) + b[:, None]))
    dA = a[-1] - y
    dW, db = [None] * L, [None] * L
    for l in reversed(range(L)):
        dg = 1 - a[l + 1]  # <- wrong
        dZ = dA * dg
        dW[l] = np.dot(dZ, a[l].T) / m
        db[l] = np.sum(dZ, axis=1) / m
        dA = np.dot(Ws[l].T, dZ)
    return dW[0], db[0], dW[1], db[1]


def grad_fixed(x, y, W1, b1, W2, b2):
    Ws, bs = [W1, W2], [b1, b2]
    L, m = len(Ws), x.shape[1]
    a = [x]
    for W, b in zip(Ws, bs, strict=True):
        a.append(np.tanh(np.dot(W, a[-1]) + b[:, None]))
    dA = a[-1] - y
    dW, db = [None] * L, [None] * L
    for l in reversed(range(L)):
        dg = 1 - a[l + 1] ** 2
        dZ = dA * dg
        dW[l] = np.dot(dZ, a[l].T) / m
        db[l] = np.sum(dZ, axis=1) / m
        dA = np.dot(Ws[l].T, dZ)
    return dW[0], db[0], dW[1], db[1]


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"x": (3, 4), "y": (2, 4), "W1": (4, 3), "b1": (4,), "W2": (2, 4), "b2": (2,)},
            draws={"y": "uniform", "W1": ("normal", 0.5), "b1": ("normal", 0.5),
            "W2": ("normal", 0.5), "b2": ("normal", 0.5)})
case = derivation(loss, grad, **SPEC, name="m_deep_09")
CAUSE = "activation-derivative-of-input"
FIX = "tanh'(z) = 1 - a^2: square the activation."
