"""A three-layer tanh network with equal hidden widths, numpy:
a1 = tanh(x W1), a2 = tanh(a1 W2), out = a2 W3, L = 1/2 sum (out - t)^2;
x (N, H), W1 (H, H), W2 (H, H), W3 (H, K), t (N, K) with N = 4, H = 3, K = 2.
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W1, W2, W3, t):
    out = torch.tanh(torch.tanh(x @ W1) @ W2) @ W3
    return 0.5 * ((out - t) ** 2).sum()


def grad(x, W1, W2, W3, t):
    x, W1, W2, W3, t = map(np.asarray, (x, W1, W2, W3, t))
    a1 = np.tanh(x @ W1)
    a2 = np.tanh(a1 @ W2)
    out = a2 @ W3
    d3 = out - t
    dW3 = a2.T @ d3
    d2 = (d3 @ W3.T) * (1 - a2 ** 2)
    dW2 = a2.T @ d2  # <- wrong
    d1 = (d2 @ W2.T) * (1 - a1 ** 2)
    dW1 = x.T @ d1
    return dW1, dW2, dW3


def grad_fixed(x, W1, W2, W3, t):
    x, W1, W2, W3, t = map(np.asarray, (x, W1, W2, W3, t))
    a1 = np.tanh(x @ W1)
    a2 = np.tanh(a1 @ W2)
    out = a2 @ W3
    d3 = out - t
    dW3 = a2.T @ d3
    d2 = (d3 @ W3.T) * (1 - a2 ** 2)
    dW2 = a1.T @ d2
    d1 = (d2 @ W2.T) * (1 - a1 ** 2)
    dW1 = x.T @ d1
    return dW1, dW2, dW3


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"x": ("N", "H"), "W1": ("H", "H"), "W2": ("H", "H"), "W3": ("H", "K"),
                    "t": ("N", "K")},
            draws={}, sizes={"N": 4, "H": 3, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_deepmlp_02")
CAUSE = "wrong-layer"
FIX = "W2's gradient takes the layer's input a1, not its output: dW2 = a1^T d2."
