"""Four-layer network, ReLU hidden layers, linear output, no biases (note 001 layout):
J = 1/m sum_i sum_k 1/2 (out_ki - y_ki)^2, a^(l+1) = relu(W^(l) a^(l)), out = W3 a^(3);
x (4, 4), y (2, 4), W1 (5, 4), W2 (3, 5), W3 (2, 3).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, y, W1, W2, W3):
    """J = 1/m sum_i sum_k 1/2 (out_ki - y_ki)^2 with out = W3 relu(W2 relu(W1 x))."""
    out = W3 @ torch.relu(W2 @ torch.relu(W1 @ x))
    return 0.5 * ((out - y) ** 2).sum() / x.shape[1]


def grad(x, y, W1, W2, W3):
    Ws = [W1, W2, W3]
    m = x.shape[1]
    a = [x]
    for W in Ws[:-1]:
        a.append(np.maximum(np.dot(W, a[-1]), 0))
    out = np.dot(W3, a[-1])
    delta = out - y
    dW = [None] * 3
    for l in reversed(range(3)):
        dW[l] = np.dot(delta, a[l].T) / m
        if l > 0:
            dg = (a[l] >= 0).astype(float)  # <- wrong
            delta = np.dot(Ws[l].T, delta) * dg
    return dW[0], dW[1], dW[2]


def grad_fixed(x, y, W1, W2, W3):
    Ws = [W1, W2, W3]
    m = x.shape[1]
    a = [x]
    for W in Ws[:-1]:
        a.append(np.maximum(np.dot(W, a[-1]), 0))
    out = np.dot(W3, a[-1])
    delta = out - y
    dW = [None] * 3
    for l in reversed(range(3)):
        dW[l] = np.dot(delta, a[l].T) / m
        if l > 0:
            dg = (a[l] > 0).astype(float)
            delta = np.dot(Ws[l].T, delta) * dg
    return dW[0], dW[1], dW[2]


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"x": (4, 4), "y": (2, 4), "W1": (5, 4), "W2": (3, 5), "W3": (2, 3)})
case = derivation(loss, grad, **SPEC, name="m_deep_16")
CAUSE = "mask"
FIX = "a = relu(z) is never negative, so a >= 0 masks nothing: use a > 0."
