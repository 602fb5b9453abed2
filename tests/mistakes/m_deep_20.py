"""Four-layer sigmoid network without biases (note 001), every layer 3 units wide:
J = 1/m sum_i sum_k 1/2 (a^(4)_ki - y_ki)^2, a^(l+1) = sigma(W^(l) a^(l));
x (3, 4), y (3, 4), W1 (3, 3), W2 (3, 3), W3 (3, 3); wrt = (W1, W2, W3).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, y, W1, W2, W3):
    """J = 1/m sum_i sum_k 1/2 (a^(4)_ki - y_ki)^2 with a^(l+1) = sigma(W^(l) a^(l))."""
    a = x
    for W in (W1, W2, W3):
        a = torch.sigmoid(W @ a)
    return 0.5 * ((a - y) ** 2).sum() / x.shape[1]


def grad(x, y, W1, W2, W3):
    Ws = [W1, W2, W3]
    m = x.shape[1]
    a = [x]
    for W in Ws:
        a.append(1 / (1 + np.exp(-np.dot(W, a[-1]))))
    delta = (a[-1] - y) * a[-1] * (1 - a[-1])
    grads = []
    for l in reversed(range(len(Ws))):
        grads.append(np.dot(delta, a[l].T) / m)
        delta = np.dot(Ws[l].T, delta) * a[l] * (1 - a[l])
    return tuple(grads)  # <- wrong


def grad_fixed(x, y, W1, W2, W3):
    Ws = [W1, W2, W3]
    m = x.shape[1]
    a = [x]
    for W in Ws:
        a.append(1 / (1 + np.exp(-np.dot(W, a[-1]))))
    delta = (a[-1] - y) * a[-1] * (1 - a[-1])
    grads = []
    for l in reversed(range(len(Ws))):
        grads.append(np.dot(delta, a[l].T) / m)
        delta = np.dot(Ws[l].T, delta) * a[l] * (1 - a[l])
    return tuple(reversed(grads))


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"x": (3, 4), "y": (3, 4), "W1": (3, 3), "W2": (3, 3), "W3": (3, 3)},
            draws={"y": "uniform",
            "W1": ("normal", 0.6), "W2": ("normal", 0.6), "W3": ("normal", 0.6)})
case = derivation(loss, grad, **SPEC, name="m_deep_20")
CAUSE = "return-order"
FIX = "The gradients were collected from the last layer down: reverse them to (dW1, dW2, dW3)."
