"""L-layer sigmoid network (note 001), columns are examples, bias vectors, batch of m = 2:
J = 1/m sum_i sum_k 1/2 (a^(3)_ki - y_ki)^2, a^(l+1) = sigma(W^(l) a^(l) + b^(l));
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
    a = [x]
    for W, b in zip(Ws, bs, strict=True):
        a.append(torch.sigmoid(W @ a[-1] + b[:, None]))
    delta = 2 * (a[-1] - y) * a[-1] * (1 - a[-1])  # <- wrong
    dW, db = [None] * L, [None] * L
    for l in reversed(range(L)):
        dW[l] = delta @ a[l].T / m
        db[l] = delta.sum(1) / m
        if l > 0:
            delta = (Ws[l].T @ delta) * a[l] * (1 - a[l])
    return dW[0], db[0], dW[1], db[1]


def grad_fixed(x, y, W1, b1, W2, b2):
    Ws, bs = [W1, W2], [b1, b2]
    L, m = len(Ws), x.shape[1]
    a = [x]
    for W, b in zip(Ws, bs, strict=True):
        a.append(torch.sigmoid(W @ a[-1] + b[:, None]))
    delta = (a[-1] - y) * a[-1] * (1 - a[-1])
    dW, db = [None] * L, [None] * L
    for l in reversed(range(L)):
        dW[l] = delta @ a[l].T / m
        db[l] = delta.sum(1) / m
        if l > 0:
            delta = (Ws[l].T @ delta) * a[l] * (1 - a[l])
    return dW[0], db[0], dW[1], db[1]


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"x": ("S1", "m"), "y": ("S3", "m"), "W1": ("S2", "S1"), "b1": ("S2",),
            "W2": ("S3", "S2"), "b2": ("S3",)},
            draws={"y": "uniform", "W1": ("normal", 0.5), "W2": ("normal", 0.5)},
            sizes={"S1": 3, "S2": 4, "S3": 2, "m": 2})
case = derivation(loss, grad, **SPEC, name="m_deep_01")
CAUSE = "square-factor"
FIX = "J has the 1/2: delta^(L) = (a^(L) - y) .* g'(z^(L)), without the 2."
