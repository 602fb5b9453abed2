"""An L-layer network in the column convention of the lecture notes (examples as columns),
numpy: a^(l) = tanh(W^(l) a^(l-1) + b^(l)) for the hidden layers, a linear output,
J = 1/(2m) sum ||a^(3) - y||^2; X (4, 9), W1 (6, 4), W2 (5, 6), W3 (3, 5), b1 (6, 1),
b2 (5, 1), b3 (3, 1), Y (3, 9).
"""

import numpy as np
import torch

from verify import derivation


def loss(X, Y, W1, b1, W2, b2, W3, b3):
    a = torch.tanh(W1 @ X + b1)
    a = torch.tanh(W2 @ a + b2)
    out = W3 @ a + b3
    return 0.5 * ((out - Y) ** 2).sum() / X.shape[1]


def grad(X, Y, W1, b1, W2, b2, W3, b3):
    m = X.shape[1]
    Ws, bs = [W1, W2, W3], [b1, b2, b3]
    a = [X]
    for l in range(3):
        z = Ws[l] @ a[-1] + bs[l]
        a.append(np.tanh(z) if l < 2 else z)
    delta = (a[3] - Y) / m
    dWs = [None] * 3
    for l in (2, 1, 0):
        dWs[l] = delta @ a[l].T
        if l > 0:
            delta = Ws[l].T @ delta  # <- wrong
    return tuple(dWs)


def grad_fixed(X, Y, W1, b1, W2, b2, W3, b3):
    m = X.shape[1]
    Ws, bs = [W1, W2, W3], [b1, b2, b3]
    a = [X]
    for l in range(3):
        z = Ws[l] @ a[-1] + bs[l]
        a.append(np.tanh(z) if l < 2 else z)
    delta = (a[3] - Y) / m
    dWs = [None] * 3
    for l in (2, 1, 0):
        dWs[l] = delta @ a[l].T
        if l > 0:
            delta = (Ws[l].T @ delta) * (1 - a[l] ** 2)
    return tuple(dWs)


SPEC = dict(numpy=True, wrt=("W1", "W2", "W3"),
            shapes={"X": (4, 9), "Y": (3, 9), "W1": (6, 4), "b1": (6, 1), "W2": (5, 6),
                    "b2": (5, 1), "W3": (3, 5), "b3": (3, 1)})
case = derivation(loss, grad, **SPEC, name="m_deepmlp_03")
CAUSE = "activation-derivative-missing"
FIX = "delta^(l) = (W^(l+1)T delta^(l+1)) .* g'(z^(l)), and for tanh g' = 1 - a^(l)^2 is missing."
