"""Three-layer ReLU regression MLP on a batch, numpy: a1 = relu(X W1), a2 = relu(a1 W2), y = a2 W3,
L = 1/(2N) sum_n ||y_n - T_n||^2; X (5, 4), W1 (4, 4), W2 (4, 4), W3 (4, 2), T (5, 2).
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W1, W2, W3, T):
    a1 = torch.relu(X @ W1)
    a2 = torch.relu(a1 @ W2)
    return 0.5 * ((a2 @ W3 - T) ** 2).sum(dim=1).mean()


def grad(X, W1, W2, W3, T):
    z1 = X @ W1
    a1 = np.maximum(z1, 0)
    z2 = a1 @ W2
    a2 = np.maximum(z2, 0)
    y = a2 @ W3
    N = X.shape[0]
    dy = (y - T) / N
    dW3 = a2.T @ dy
    dz2 = (dy @ W3.T) * (z2 > 0)
    dW2 = X.T @ dz2  # <- wrong
    dz1 = (dz2 @ W2.T) * (z1 > 0)
    dW1 = X.T @ dz1
    return dW1, dW2, dW3


def grad_fixed(X, W1, W2, W3, T):
    z1 = X @ W1
    a1 = np.maximum(z1, 0)
    z2 = a1 @ W2
    a2 = np.maximum(z2, 0)
    y = a2 @ W3
    N = X.shape[0]
    dy = (y - T) / N
    dW3 = a2.T @ dy
    dz2 = (dy @ W3.T) * (z2 > 0)
    dW2 = a1.T @ dz2
    dz1 = (dz2 @ W2.T) * (z1 > 0)
    dW1 = X.T @ dz1
    return dW1, dW2, dW3


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"X": (5, 4), "W1": (4, 4), "W2": (4, 4), "W3": (4, 2), "T": (5, 2)})
case = derivation(loss, grad, **SPEC, name="p_mlp3_25")
CAUSE = "wrong-layer"
FIX = "W2 multiplies the first hidden activation, so dW2 = a1^T dz2, not X^T dz2."
