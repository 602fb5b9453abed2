"""L-layer sigmoid network without biases (note 001), columns are examples:
J = 1/m sum_i sum_k 1/2 (a^(3)_ki - y_ki)^2, a^(l+1) = sigma(W^(l) a^(l));
x (S1, m), y (S3, m), W1 (S2, S1), W2 (S3, S2).
"""

import torch

from verify import derivation


def loss(x, y, W1, W2):
    """J = 1/m sum_i sum_k 1/2 (a^(3)_ki - y_ki)^2 with a^(l+1) = sigma(W^(l) a^(l))."""
    a = torch.sigmoid(W2 @ torch.sigmoid(W1 @ x))
    return 0.5 * ((a - y) ** 2).sum() / x.shape[1]


def grad(x, y, W1, W2):
    Ws = [W1, W2]
    a = [x]
    for W in Ws:
        a.append(torch.sigmoid(W @ a[-1]))
    delta = (a[-1] - y) * a[-1] * (1 - a[-1])
    grads = [None] * len(Ws)
    for l in reversed(range(len(Ws))):
        grads[l] = delta @ a[l].T / x.shape[0]  # <- wrong
        delta = (Ws[l].T @ delta) * a[l] * (1 - a[l])
    return grads[0], grads[1]


def grad_fixed(x, y, W1, W2):
    Ws = [W1, W2]
    a = [x]
    for W in Ws:
        a.append(torch.sigmoid(W @ a[-1]))
    delta = (a[-1] - y) * a[-1] * (1 - a[-1])
    grads = [None] * len(Ws)
    for l in reversed(range(len(Ws))):
        grads[l] = delta @ a[l].T / x.shape[1]
        delta = (Ws[l].T @ delta) * a[l] * (1 - a[l])
    return grads[0], grads[1]


SPEC = dict(wrt=("W1", "W2"),
            shapes={"x": ("S1", "m"), "y": ("S3", "m"), "W1": ("S2", "S1"), "W2": ("S3", "S2")},
            draws={"y": "uniform", "W1": ("normal", 0.5), "W2": ("normal", 0.5)},
            sizes={"S1": 4, "S2": 3, "S3": 2, "m": 5})
case = derivation(loss, grad, **SPEC, name="m_deep_05")
CAUSE = "wrong-divisor"
FIX = "Examples are the columns: divide by m = x.shape[1], not by the S1 = x.shape[0] input units."
