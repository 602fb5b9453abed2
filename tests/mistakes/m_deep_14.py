"""L-layer tanh network (note 001), columns are examples, bias vectors:
J = 1/m sum_i sum_k 1/2 (a^(3)_ki - y_ki)^2, a^(l+1) = tanh(W^(l) a^(l) + b^(l));
x (4, 3), y (2, 3), W1 (5, 4), b1 (5,), W2 (2, 5), b2 (2,).
"""

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
        a.append(torch.tanh(W @ a[-1] + b[:, None]))
    delta = (a[-1] - y) * (1 - a[-1] ** 2)
    dW, db = [None] * L, [None] * L
    for l in reversed(range(L)):
        dW[l] = delta @ a[l].T / m
        db[l] = delta.mean(0)  # <- wrong
        if l > 0:
            delta = (Ws[l].T @ delta) * (1 - a[l] ** 2)
    return dW[0], db[0], dW[1], db[1]


def grad_fixed(x, y, W1, b1, W2, b2):
    Ws, bs = [W1, W2], [b1, b2]
    L, m = len(Ws), x.shape[1]
    a = [x]
    for W, b in zip(Ws, bs, strict=True):
        a.append(torch.tanh(W @ a[-1] + b[:, None]))
    delta = (a[-1] - y) * (1 - a[-1] ** 2)
    dW, db = [None] * L, [None] * L
    for l in reversed(range(L)):
        dW[l] = delta @ a[l].T / m
        db[l] = delta.mean(1)
        if l > 0:
            delta = (Ws[l].T @ delta) * (1 - a[l] ** 2)
    return dW[0], db[0], dW[1], db[1]


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"x": (4, 3), "y": (2, 3), "W1": (5, 4), "b1": (5,), "W2": (2, 5), "b2": (2,)},
            draws={"y": "uniform", "W1": ("normal", 0.5), "W2": ("normal", 0.5)})
case = derivation(loss, grad, **SPEC, name="m_deep_14")
CAUSE = "reduction-axis"
FIX = "b^(l) is shared by the m columns: average delta over dim 1 (the examples), not dim 0."
