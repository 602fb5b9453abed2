"""Two-layer sigmoid network in column-vector notation, examples as columns:
h = sigma(W1 x + b1), y = W2 h + b2, E = 1/2 sum ||y - t||^2;
X (D, N), W1 (H, D), b1 (H, 1), W2 (H, H), b2 (H, 1), T (H, N): as many outputs as hidden units.
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W1, b1, W2, b2, T):
    Y = W2 @ torch.sigmoid(W1 @ X + b1) + b2
    return 0.5 * ((Y - T) ** 2).sum()


def grad(X, W1, b1, W2, b2, T):
    Z1 = W1 @ X + b1
    H = 1.0 / (1.0 + np.exp(-Z1))
    Y = W2 @ H + b2
    delta2 = Y - T
    delta1 = (W2 @ delta2) * H * (1.0 - H)  # <- wrong
    dW2 = delta2 @ H.T
    dW1 = delta1 @ X.T
    db1 = np.sum(delta1, axis=1, keepdims=True)
    return dW1, db1, dW2


def grad_fixed(X, W1, b1, W2, b2, T):
    Z1 = W1 @ X + b1
    H = 1.0 / (1.0 + np.exp(-Z1))
    Y = W2 @ H + b2
    delta2 = Y - T
    delta1 = (W2.T @ delta2) * H * (1.0 - H)
    dW2 = delta2 @ H.T
    dW1 = delta1 @ X.T
    db1 = np.sum(delta1, axis=1, keepdims=True)
    return dW1, db1, dW2


SPEC = dict(wrt=("W1", "b1", "W2"),
            shapes={"X": ("D", "N"), "W1": ("H", "D"), "b1": ("H", 1), "W2": ("H", "H"),
                    "b2": ("H", 1), "T": ("H", "N")},
            draws={}, sizes={"D": 3, "N": 2, "H": 4})
case = derivation(loss, grad, **SPEC, name="w_mlp_02")
CAUSE = "transpose"
FIX = "The hidden error is carried back through the transposed weights: delta1 = (W2^T delta2) h (1 - h)."
