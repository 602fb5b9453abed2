"""L-layer sigmoid network (note 001) that keeps every z^(l), bias vectors:
J = 1/m sum_i sum_k 1/2 (a^(3)_ki - y_ki)^2, z^(l+1) = W^(l) a^(l) + b^(l), a = sigma(z);
x (S1, m), y (S3, m), W1 (S2, S1), b1 (S2,), W2 (S3, S2), b2 (S3,).
"""

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
    zs, a = [], [x]
    for W, b in zip(Ws, bs, strict=True):
        zs.append(W @ a[-1] + b[:, None])
        a.append(torch.sigmoid(zs[-1]))
    dA = a[-1] - y
    dW, db = [None] * L, [None] * L
    for l in reversed(range(L)):
        dZ = dA * zs[l] * (1 - zs[l])  # <- wrong
        dW[l] = dZ @ a[l].T / m
        db[l] = dZ.sum(1) / m
        dA = Ws[l].T @ dZ
    return dW[0], db[0], dW[1], db[1]


def grad_fixed(x, y, W1, b1, W2, b2):
    Ws, bs = [W1, W2], [b1, b2]
    L, m = len(Ws), x.shape[1]
    zs, a = [], [x]
    for W, b in zip(Ws, bs, strict=True):
        zs.append(W @ a[-1] + b[:, None])
        a.append(torch.sigmoid(zs[-1]))
    dA = a[-1] - y
    dW, db = [None] * L, [None] * L
    for l in reversed(range(L)):
        dZ = dA * a[l + 1] * (1 - a[l + 1])
        dW[l] = dZ @ a[l].T / m
        db[l] = dZ.sum(1) / m
        dA = Ws[l].T @ dZ
    return dW[0], db[0], dW[1], db[1]


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"x": ("S1", "m"), "y": ("S3", "m"), "W1": ("S2", "S1"), "b1": ("S2",),
            "W2": ("S3", "S2"), "b2": ("S3",)},
            draws={"y": "uniform", "W1": ("normal", 0.5), "W2": ("normal", 0.5)},
            sizes={"S1": 3, "S2": 4, "S3": 2, "m": 4})
case = derivation(loss, grad, **SPEC, name="m_deep_10")
CAUSE = "activation-derivative-of-input"
FIX = "sigma'(z) = a (1 - a) with the activation a = sigma(z), not z (1 - z)."
