"""A residual block with a sigmoid hidden layer, torch:
s = sigmoid(x W1 + b1), out = x + s W2, L = 1/2 sum (out - T)^2;
x (N, D), W1 (D, H), b1 (H,), W2 (H, D), T (N, D), N = 5, D = 4, H = 6.
"""

import torch

from verify import derivation


def loss(x, T, W1, b1, W2):
    out = x + torch.sigmoid(x @ W1 + b1) @ W2
    return 0.5 * ((out - T) ** 2).sum()


def grad(x, T, W1, b1, W2):
    z = x @ W1 + b1
    s = torch.sigmoid(z)
    out = x + s @ W2
    dout = out - T
    dW2 = s.T @ dout
    ds = dout @ W2.T
    dz = ds * z * (1 - z)  # <- wrong
    dW1 = x.T @ dz
    db1 = dz.sum(0)
    dx = dout + dz @ W1.T
    return dx, dW1, db1, dW2


def grad_fixed(x, T, W1, b1, W2):
    z = x @ W1 + b1
    s = torch.sigmoid(z)
    out = x + s @ W2
    dout = out - T
    dW2 = s.T @ dout
    ds = dout @ W2.T
    dz = ds * s * (1 - s)
    dW1 = x.T @ dz
    db1 = dz.sum(0)
    dx = dout + dz @ W1.T
    return dx, dW1, db1, dW2


SPEC = dict(wrt=("x", "W1", "b1", "W2"),
            shapes={"x": ("N", "D"), "T": ("N", "D"), "W1": ("D", "H"), "b1": ("H",),
                    "W2": ("H", "D")},
            draws={}, sizes={"N": 5, "D": 4, "H": 6})
case = derivation(loss, grad, **SPEC, name="m_resblock_01")
CAUSE = "activation-derivative-of-input"
FIX = "sigmoid'(z) = s (1 - s) is written with the output s, not with the pre-activation z."
