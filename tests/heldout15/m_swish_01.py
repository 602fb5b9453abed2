"""A two-layer regressor with a swish (SiLU) hidden layer, numpy:
z = X W1, h = z sigma(z), y = h w2, L = mean_i (y_i - t_i)^2;
X (6, 4), W1 (4, 5), w2 (5,), t (6,).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(X, W1, w2, t):
    return ((F.silu(X @ W1) @ w2 - t) ** 2).mean()


def grad(X, W1, w2, t):
    N = X.shape[0]
    z = X @ W1
    s = 1 / (1 + np.exp(-z))
    h = z * s
    y = h @ w2
    dy = 2 * (y - t) / N
    dw2 = h.T @ dy
    dh = np.outer(dy, w2)
    dz = dh  # <- wrong
    dW1 = X.T @ dz
    return dW1, dw2


def grad_fixed(X, W1, w2, t):
    N = X.shape[0]
    z = X @ W1
    s = 1 / (1 + np.exp(-z))
    h = z * s
    y = h @ w2
    dy = 2 * (y - t) / N
    dw2 = h.T @ dy
    dh = np.outer(dy, w2)
    dz = dh * (s + z * s * (1 - s))
    dW1 = X.T @ dz
    return dW1, dw2


SPEC = dict(wrt=("W1", "w2"), shapes={"X": (6, 4), "W1": (4, 5), "w2": (5,), "t": (6,)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_swish_01")
CAUSE = "activation-derivative-missing"
FIX = "Multiply by the swish derivative: dz = dh * (s + z s (1 - s))."
