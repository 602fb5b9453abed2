"""Four-layer tanh network without biases (note 001), square hidden weights:
J = 1/m sum_i sum_k 1/2 (a^(4)_ki - y_ki)^2, a^(l+1) = tanh(W^(l) a^(l));
x (4, 5), y (3, 5), W1 (3, 4), W2 (3, 3), W3 (3, 3).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, y, W1, W2, W3):
    """J = 1/m sum_i sum_k 1/2 (a^(4)_ki - y_ki)^2 with a^(l+1) = tanh(W^(l) a^(l))."""
    a = x
    for W in (W1, W2, W3):
        a = torch.tanh(W @ a)
    return 0.5 * ((a - y) ** 2).sum() / x.shape[1]


def grad(x, y, W1, W2, W3):
    Ws = [W1, W2, W3]
    m = x.shape[1]
    a = [x]
    for W in Ws:
        a.append(np.tanh(np.dot(W, a[-1])))
    delta = (a[-1] - y) * (1 - a[-1] ** 2)
    dW = [None] * len(Ws)
    for l in reversed(range(len(Ws))):
        dW[l] = np.dot(delta, a[l].T) / m
        if l > 0:
            delta = np.dot(Ws[l], delta) * (1 - a[l] ** 2)  # <- wrong
    return dW[0], dW[1], dW[2]


def grad_fixed(x, y, W1, W2, W3):
    Ws = [W1, W2, W3]
    m = x.shape[1]
    a = [x]
    for W in Ws:
        a.append(np.tanh(np.dot(W, a[-1])))
    delta = (a[-1] - y) * (1 - a[-1] ** 2)
    dW = [None] * len(Ws)
    for l in reversed(range(len(Ws))):
        dW[l] = np.dot(delta, a[l].T) / m
        if l > 0:
            delta = np.dot(Ws[l].T, delta) * (1 - a[l] ** 2)
    return dW[0], dW[1], dW[2]


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"x": (4, 5), "y": (3, 5), "W1": (3, 4), "W2": (3, 3), "W3": (3, 3)},
            draws={"W1": ("normal", 0.5), "W2": ("normal", 0.6), "W3": ("normal", 0.6)})
case = derivation(loss, grad, **SPEC, name="m_deep_07")
CAUSE = "transpose"
FIX = "delta^(l) = (W^(l)T delta^(l+1)) .* g'(z^(l)): use Ws[l].T, not Ws[l]."
