"""Residual block, numpy: y = x + relu(x W1 + b1) W2, L = sum(G * y);
x (N, D), W1 (D, M), b1 (M,), W2 (M, D), G (N, D); N = 4, D = 3, M = 5.
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W1, b1, W2, G):
    return (G * (x + torch.relu(x @ W1 + b1) @ W2)).sum()


def grad(x, W1, b1, W2, G):
    pre = x @ W1 + b1
    h = np.maximum(0, pre)
    dW2 = h.T @ G
    dh = (G @ W2.T) * (pre > 0)
    dW1 = x.T @ dh
    dx = dh @ W1.T  # <- wrong
    return dx, dW1, dW2


def grad_fixed(x, W1, b1, W2, G):
    pre = x @ W1 + b1
    h = np.maximum(0, pre)
    dW2 = h.T @ G
    dh = (G @ W2.T) * (pre > 0)
    dW1 = x.T @ dh
    dx = G + dh @ W1.T
    return dx, dW1, dW2


SPEC = dict(wrt=("x", "W1", "W2"),
            shapes={"x": ("N", "D"), "W1": ("D", "M"), "b1": ("M",), "W2": ("M", "D"), "G": ("N", "D")},
            sizes={"N": 4, "D": 3, "M": 5})
case = derivation(loss, grad, **SPEC, name="p_resblock_34")
CAUSE = "missing-term"
FIX = "The skip connection carries G straight to x: dx = G + dh W1^T."
