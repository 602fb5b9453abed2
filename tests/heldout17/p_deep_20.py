"""Three-layer sigmoid network, numpy, activations kept in a list and deltas propagated in a loop:
a_0 = X, a_{l+1} = sigmoid(a_l W_l), E = 1/2 sum (a_3 - T)^2;
X (3, 5), W0 (5, 4), W1 (4, 4), W2 (4, 2), T (3, 2) targets in (0.1, 0.9).
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W0, W1, W2, T):
    a = X
    for W in (W0, W1, W2):
        a = torch.sigmoid(a @ W)
    return 0.5 * ((a - T) ** 2).sum()


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def grad(X, W0, W1, W2, T):
    Ws = [W0, W1, W2]
    a = [X]
    for W in Ws:
        a.append(sigmoid(a[-1] @ W))
    delta = (a[-1] - T) * a[-1] * (1 - a[-1])
    dWs = [None] * len(Ws)
    for l in range(len(Ws) - 1, -1, -1):
        dWs[l] = a[l].T @ delta
        if l > 0:
            delta = delta @ Ws[l].T  # <- wrong
    return tuple(dWs)


def grad_fixed(X, W0, W1, W2, T):
    Ws = [W0, W1, W2]
    a = [X]
    for W in Ws:
        a.append(sigmoid(a[-1] @ W))
    delta = (a[-1] - T) * a[-1] * (1 - a[-1])
    dWs = [None] * len(Ws)
    for l in range(len(Ws) - 1, -1, -1):
        dWs[l] = a[l].T @ delta
        if l > 0:
            delta = (delta @ Ws[l].T) * a[l] * (1 - a[l])
    return tuple(dWs)


SPEC = dict(wrt=("W0", "W1", "W2"),
            shapes={"X": (3, 5), "W0": (5, 4), "W1": (4, 4), "W2": (4, 2), "T": (3, 2)},
            draws={"T": "uniform"})
case = derivation(loss, grad, **SPEC, name="p_deep_20")
CAUSE = "activation-derivative-missing"
FIX = "The hidden delta needs the sigmoid's derivative: delta = (delta W_l^T) * a_l (1 - a_l)."
