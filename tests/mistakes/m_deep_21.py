"""Three-layer tanh network with a skip connection around the second layer, linear output:
a2 = tanh(W1 x), a3 = tanh(W2 a2) + a2, out = W3 a3, J = 1/m sum_i sum_k 1/2 (out_ki - y_ki)^2;
x (D, m), y (K, m), W1 (S, D), W2 (S, S), W3 (K, S).
"""

import torch

from verify import derivation


def loss(x, y, W1, W2, W3):
    """J = 1/m sum_i sum_k 1/2 (out_ki - y_ki)^2, out = W3 (tanh(W2 a2) + a2), a2 = tanh(W1 x)."""
    a2 = torch.tanh(W1 @ x)
    a3 = torch.tanh(W2 @ a2) + a2
    out = W3 @ a3
    return 0.5 * ((out - y) ** 2).sum() / x.shape[1]


def grad(x, y, W1, W2, W3):
    m = x.shape[1]
    a2 = torch.tanh(W1 @ x)
    r = torch.tanh(W2 @ a2)
    a3 = r + a2
    out = W3 @ a3
    dout = (out - y) / m
    dW3 = dout @ a3.T
    da3 = W3.T @ dout
    dz3 = da3 * (1 - r ** 2)
    dW2 = dz3 @ a2.T
    da2 = W2.T @ dz3  # <- wrong
    dz2 = da2 * (1 - a2 ** 2)
    dW1 = dz2 @ x.T
    return dW1, dW2, dW3


def grad_fixed(x, y, W1, W2, W3):
    m = x.shape[1]
    a2 = torch.tanh(W1 @ x)
    r = torch.tanh(W2 @ a2)
    a3 = r + a2
    out = W3 @ a3
    dout = (out - y) / m
    dW3 = dout @ a3.T
    da3 = W3.T @ dout
    dz3 = da3 * (1 - r ** 2)
    dW2 = dz3 @ a2.T
    da2 = W2.T @ dz3 + da3
    dz2 = da2 * (1 - a2 ** 2)
    dW1 = dz2 @ x.T
    return dW1, dW2, dW3


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"x": ("D", "m"), "y": ("K", "m"), "W1": ("S", "D"), "W2": ("S", "S"),
            "W3": ("K", "S")},
            draws={"W1": ("normal", 0.5), "W2": ("normal", 0.5), "W3": ("normal", 0.5)},
            sizes={"D": 4, "S": 3, "K": 2, "m": 4})
case = derivation(loss, grad, **SPEC, name="m_deep_21")
CAUSE = "missing-term"
FIX = "a2 reaches J twice, through W2 and through the skip connection: add da3 to da2."
