"""Two-layer sigmoid network, one example, column-vector notation:
a1 = sigma(W1 x + b1), y = sigma(W2 a1 + b2), E = 1/2 ||y - t||^2;
x (D,), W1 (H, D), b1 (H,), W2 (K, H), b2 (K,), t (K,) in (0, 1); D = 3, H = 4, K = 4.
"""

import numpy as np
import torch

from verify import derivation


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def loss(x, W1, b1, W2, b2, t):
    y = torch.sigmoid(W2 @ torch.sigmoid(W1 @ x + b1) + b2)
    return 0.5 * ((y - t) ** 2).sum()


def grad(x, W1, b1, W2, b2, t):
    a1 = sigmoid(W1 @ x + b1)
    y = sigmoid(W2 @ a1 + b2)
    delta2 = (y - t) * y * (1 - y)
    delta1 = (W2 @ delta2) * a1 * (1 - a1)  # <- wrong
    dW2 = np.outer(delta2, a1)
    dW1 = np.outer(delta1, x)
    return dW1, dW2


def grad_fixed(x, W1, b1, W2, b2, t):
    a1 = sigmoid(W1 @ x + b1)
    y = sigmoid(W2 @ a1 + b2)
    delta2 = (y - t) * y * (1 - y)
    delta1 = (W2.T @ delta2) * a1 * (1 - a1)
    dW2 = np.outer(delta2, a1)
    dW1 = np.outer(delta1, x)
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"),
            shapes={"x": ("D",), "W1": ("H", "D"), "b1": ("H",), "W2": ("K", "H"), "b2": ("K",),
                    "t": ("K",)},
            draws={"t": "uniform"}, sizes={"D": 3, "H": 4, "K": 4})
case = derivation(loss, grad, **SPEC, name="v_mlp_03")
CAUSE = "transpose"
FIX = "The error flows back through the transpose of the forward weights: delta1 = (W2^T delta2) * a1 (1 - a1)."
