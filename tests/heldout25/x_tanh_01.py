"""Two-layer tanh network for regression, summed squared error:
Z1 = x W1, H = tanh(Z1), y = H W2, L = sum (y - t)^2; x (5, 3), W1 (3, 4), W2 (4, 1), t (5, 1).
"""

import torch

from verify import derivation


def loss(x, W1, W2, t):
    return ((torch.tanh(x @ W1) @ W2 - t) ** 2).sum()


def grad(x, W1, W2, t):
    Z1 = x @ W1
    H = torch.tanh(Z1)
    y = H @ W2
    dy = 2 * (y - t)
    dW2 = H.T @ dy
    dH = dy @ W2.T
    dZ1 = dH * (1 - Z1 ** 2)  # <- wrong
    dW1 = x.T @ dZ1
    return dW1, dW2


def grad_fixed(x, W1, W2, t):
    Z1 = x @ W1
    H = torch.tanh(Z1)
    y = H @ W2
    dy = 2 * (y - t)
    dW2 = H.T @ dy
    dH = dy @ W2.T
    dZ1 = dH * (1 - H ** 2)
    dW1 = x.T @ dZ1
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"), shapes={"x": (5, 3), "W1": (3, 4), "W2": (4, 1), "t": (5, 1)}, draws={},
            sizes={})
case = derivation(loss, grad, **SPEC, name="x_tanh_01")
CAUSE = "activation-derivative-of-input"
FIX = "tanh'(z) = 1 - tanh(z)^2, so dZ1 = dH * (1 - H ** 2)."
