"""Four-layer tanh network (note 001) with the derivatives g'(z) kept per layer, bias vectors:
J = 1/m sum_i sum_k 1/2 (a^(4)_ki - y_ki)^2, a^(l+1) = tanh(W^(l) a^(l) + b^(l));
x (S1, m), y (S4, m), W^(l) (S_(l+1), S_l), b^(l) (S_(l+1),); S2 = S3 = S4.
"""

import torch

from verify import derivation


def loss(x, y, W1, b1, W2, b2, W3, b3):
    """J = 1/m sum_i sum_k 1/2 (a^(4)_ki - y_ki)^2 with a^(l+1) = tanh(W^(l) a^(l) + b^(l))."""
    a = x
    for W, b in ((W1, b1), (W2, b2), (W3, b3)):
        a = torch.tanh(W @ a + b[:, None])
    return 0.5 * ((a - y) ** 2).sum() / x.shape[1]


def grad(x, y, W1, b1, W2, b2, W3, b3):
    Ws, bs = [W1, W2, W3], [b1, b2, b3]
    L, m = len(Ws), x.shape[1]
    a = [x]
    for W, b in zip(Ws, bs, strict=True):
        a.append(torch.tanh(W @ a[-1] + b[:, None]))
    dg = [1 - a_l ** 2 for a_l in a]
    delta = (a[-1] - y) * dg[-1]
    dW, db = [None] * L, [None] * L
    for l in reversed(range(L)):
        dW[l] = delta @ a[l].T / m
        db[l] = delta.sum(1) / m
        if l > 0:
            delta = (Ws[l].T @ delta) * dg[l + 1]  # <- wrong
    return dW[0], db[0], dW[1], db[1], dW[2], db[2]


def grad_fixed(x, y, W1, b1, W2, b2, W3, b3):
    Ws, bs = [W1, W2, W3], [b1, b2, b3]
    L, m = len(Ws), x.shape[1]
    a = [x]
    for W, b in zip(Ws, bs, strict=True):
        a.append(torch.tanh(W @ a[-1] + b[:, None]))
    dg = [1 - a_l ** 2 for a_l in a]
    delta = (a[-1] - y) * dg[-1]
    dW, db = [None] * L, [None] * L
    for l in reversed(range(L)):
        dW[l] = delta @ a[l].T / m
        db[l] = delta.sum(1) / m
        if l > 0:
            delta = (Ws[l].T @ delta) * dg[l]
    return dW[0], db[0], dW[1], db[1], dW[2], db[2]


SPEC = dict(wrt=("W1", "b1", "W2", "b2", "W3", "b3"),
            shapes={"x": ("S1", "m"), "y": ("S4", "m"), "W1": ("S2", "S1"), "b1": ("S2",),
            "W2": ("S3", "S2"), "b2": ("S3",), "W3": ("S4", "S3"), "b3": ("S4",)},
            draws={"y": "uniform",
            "W1": ("normal", 0.5), "W2": ("normal", 0.6), "W3": ("normal", 0.6)},
            sizes={"S1": 4, "S2": 3, "S3": 3, "S4": 3, "m": 3})
case = derivation(loss, grad, **SPEC, name="m_deep_12")
CAUSE = "wrong-layer"
FIX = "delta^(l) takes g'(z^(l)) of its own layer, dg[l], not the next layer's dg[l + 1]."
