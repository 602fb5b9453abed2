"""Four-layer tanh network without biases (note 001) with an L2 penalty:
J = 1/m sum_i sum_k 1/2 (a^(4)_ki - y_ki)^2 + LAMBDA/2 sum_l ||W^(l)||^2,
a^(l+1) = tanh(W^(l) a^(l)); x (3, 4), y (2, 4), W1 (4, 3), W2 (4, 4), W3 (2, 4).
"""

import torch

from verify import derivation

LAMBDA = 0.1


def loss(x, y, W1, W2, W3):
    """J = 1/m sum_i sum_k 1/2 (a^(4)_ki - y_ki)^2 + LAMBDA/2 sum_l ||W^(l)||^2."""
    a = x
    for W in (W1, W2, W3):
        a = torch.tanh(W @ a)
    penalty = LAMBDA / 2 * sum((W ** 2).sum() for W in (W1, W2, W3))
    return 0.5 * ((a - y) ** 2).sum() / x.shape[1] + penalty


def grad(x, y, W1, W2, W3):
    Ws = [W1, W2, W3]
    m = x.shape[1]
    a = [x]
    for W in Ws:
        a.append(torch.tanh(W @ a[-1]))
    delta = (a[-1] - y) * (1 - a[-1] ** 2)
    dW = [None] * len(Ws)
    for l in reversed(range(len(Ws))):
        dW[l] = delta @ a[l].T / m + LAMBDA / 2 * Ws[l]  # <- wrong
        delta = (Ws[l].T @ delta) * (1 - a[l] ** 2)
    return dW[0], dW[1], dW[2]


def grad_fixed(x, y, W1, W2, W3):
    Ws = [W1, W2, W3]
    m = x.shape[1]
    a = [x]
    for W in Ws:
        a.append(torch.tanh(W @ a[-1]))
    delta = (a[-1] - y) * (1 - a[-1] ** 2)
    dW = [None] * len(Ws)
    for l in reversed(range(len(Ws))):
        dW[l] = delta @ a[l].T / m + LAMBDA * Ws[l]
        delta = (Ws[l].T @ delta) * (1 - a[l] ** 2)
    return dW[0], dW[1], dW[2]


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"x": (3, 4), "y": (2, 4), "W1": (4, 3), "W2": (4, 4), "W3": (2, 4)},
            draws={"y": "uniform",
            "W1": ("normal", 0.5), "W2": ("normal", 0.5), "W3": ("normal", 0.5)})
case = derivation(loss, grad, **SPEC, name="m_deep_18")
CAUSE = "square-factor"
FIX = "d/dW of LAMBDA/2 ||W||^2 is LAMBDA W: the 1/2 cancels the square's 2."
