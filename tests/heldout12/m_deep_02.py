"""A three-layer tanh network with a linear head and mean squared error, torch:
h1 = tanh(x W1), h2 = tanh(h1 W2), out = h2 W3, L = 1/(2N) sum (out - y)^2;
x (N, D), W1 (D, H), W2 (H, H), W3 (H, K), y (N, K), with N = 3, D = 4, H = 4, K = 2.
"""

import torch

from verify import derivation


def loss(x, W1, W2, W3, y):
    out = torch.tanh(torch.tanh(x @ W1) @ W2) @ W3
    return ((out - y) ** 2).sum() / (2 * x.shape[0])


def grad(x, W1, W2, W3, y):
    h1 = torch.tanh(x @ W1)
    h2 = torch.tanh(h1 @ W2)
    out = h2 @ W3
    dz3 = (out - y) / x.shape[0]
    dW3 = h2.T @ dz3
    dh2 = dz3 @ W3.T
    dz2 = dh2 * (1 - h2 ** 2)
    dW2 = h2.T @ dz2  # <- wrong
    dh1 = dz2 @ W2.T
    dz1 = dh1 * (1 - h1 ** 2)
    dW1 = x.T @ dz1
    return dW1, dW2, dW3


def grad_fixed(x, W1, W2, W3, y):
    h1 = torch.tanh(x @ W1)
    h2 = torch.tanh(h1 @ W2)
    out = h2 @ W3
    dz3 = (out - y) / x.shape[0]
    dW3 = h2.T @ dz3
    dh2 = dz3 @ W3.T
    dz2 = dh2 * (1 - h2 ** 2)
    dW2 = h1.T @ dz2
    dh1 = dz2 @ W2.T
    dz1 = dh1 * (1 - h1 ** 2)
    dW1 = x.T @ dz1
    return dW1, dW2, dW3


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"x": ("N", "D"), "W1": ("D", "H"), "W2": ("H", "H"), "W3": ("H", "K"),
                    "y": ("N", "K")},
            draws={}, sizes={"N": 3, "D": 4, "H": 4, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_deep_02")
CAUSE = "wrong-layer"
FIX = "W2 multiplies h1, so its gradient is h1^T dz2, not h2^T dz2."
