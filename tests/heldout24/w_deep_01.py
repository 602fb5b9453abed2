"""A three-layer sigmoid network in column notation, backpropagated with the delta recursion:
a^0 = x, a^l = sigma(W^l a^(l-1)), E = 1/2 sum ||a^3 - t||^2,
delta^3 = (a^3 - t) a^3 (1 - a^3), delta^l = (W^(l+1)^T delta^(l+1)) a^l (1 - a^l), dE/dW^l = delta^l a^(l-1)^T;
x (D, N), W1 (H, D), W2 (H, H), W3 (K, H), t (K, N).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W1, W2, W3, t):
    a = torch.sigmoid(W3 @ torch.sigmoid(W2 @ torch.sigmoid(W1 @ x)))
    return 0.5 * ((a - t) ** 2).sum()


def grad(x, W1, W2, W3, t):
    Ws = [W1, W2, W3]
    a = [x]
    for W in Ws:
        a.append(1.0 / (1.0 + np.exp(-(W @ a[-1]))))
    L = len(Ws)
    dWs = [None] * L
    delta = (a[L] - t) * a[L] * (1.0 - a[L])
    dWs[L - 1] = delta @ a[L - 1].T
    for l in range(L - 2, -1, -1):
        delta = Ws[l + 1].T @ delta  # <- wrong
        dWs[l] = delta @ a[l].T
    return dWs[0], dWs[1], dWs[2]


def grad_fixed(x, W1, W2, W3, t):
    Ws = [W1, W2, W3]
    a = [x]
    for W in Ws:
        a.append(1.0 / (1.0 + np.exp(-(W @ a[-1]))))
    L = len(Ws)
    dWs = [None] * L
    delta = (a[L] - t) * a[L] * (1.0 - a[L])
    dWs[L - 1] = delta @ a[L - 1].T
    for l in range(L - 2, -1, -1):
        delta = (Ws[l + 1].T @ delta) * a[l + 1] * (1.0 - a[l + 1])
        dWs[l] = delta @ a[l].T
    return dWs[0], dWs[1], dWs[2]


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"x": ("D", "N"), "W1": ("H", "D"), "W2": ("H", "H"), "W3": ("K", "H"),
                    "t": ("K", "N")},
            draws={"t": "uniform"}, sizes={"D": 3, "H": 4, "K": 2, "N": 2})
case = derivation(loss, grad, **SPEC, name="w_deep_01")
CAUSE = "activation-derivative-missing"
FIX = "Each hidden delta carries its layer's sigmoid derivative: delta^l = (W^(l+1)^T delta^(l+1)) a^l (1 - a^l)."
