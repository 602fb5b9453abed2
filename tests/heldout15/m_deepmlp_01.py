"""An L-layer sigmoid network with the delta recursion over its layers, numpy:
a^(0) = X, a^(l) = sigma(a^(l-1) W_l), J = 1/(2m) sum (a^(L) - Y)^2;
X (5, 3), W1 (3, 4), W2 (4, 4), W3 (4, 2), Y (5, 2) in (0, 1).
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W1, W2, W3, Y):
    a = X
    for W in (W1, W2, W3):
        a = torch.sigmoid(a @ W)
    return 0.5 * ((a - Y) ** 2).sum() / X.shape[0]


def grad(X, W1, W2, W3, Y):
    m = X.shape[0]
    Ws = [W1, W2, W3]
    a, zs = [X], []
    for W in Ws:
        z = a[-1] @ W
        zs.append(z)
        a.append(1 / (1 + np.exp(-z)))
    delta = (a[-1] - Y) * a[-1] * (1 - a[-1])
    grads = [None] * len(Ws)
    for l in range(len(Ws) - 1, -1, -1):
        grads[l] = a[l].T @ delta / m
        if l > 0:
            gprime = zs[l - 1] * (1 - zs[l - 1])  # <- wrong
            delta = (delta @ Ws[l].T) * gprime
    return tuple(grads)


def grad_fixed(X, W1, W2, W3, Y):
    m = X.shape[0]
    Ws = [W1, W2, W3]
    a, zs = [X], []
    for W in Ws:
        z = a[-1] @ W
        zs.append(z)
        a.append(1 / (1 + np.exp(-z)))
    delta = (a[-1] - Y) * a[-1] * (1 - a[-1])
    grads = [None] * len(Ws)
    for l in range(len(Ws) - 1, -1, -1):
        grads[l] = a[l].T @ delta / m
        if l > 0:
            gprime = a[l] * (1 - a[l])
            delta = (delta @ Ws[l].T) * gprime
    return tuple(grads)


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"X": (5, 3), "W1": (3, 4), "W2": (4, 4), "W3": (4, 2), "Y": (5, 2)},
            draws={"Y": "uniform"})
case = derivation(loss, grad, **SPEC, name="m_deepmlp_01")
CAUSE = "activation-derivative-of-input"
FIX = "sigma'(z) = a (1 - a) is written with the activation a^(l), not the pre-activation z."
