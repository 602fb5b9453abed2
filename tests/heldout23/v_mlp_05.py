"""Two-layer ReLU regression network with the batch mean of the halved squared error:
h = relu(X W1 + b1), out = h W2 + b2, L = 1/(2N) sum ||out - Y||^2;
X (N, D), W1 (D, H), b1 (H,), W2 (H, K), b2 (K,), Y (N, K); N = 4, D = 3, H = 3, K = 2.
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W1, b1, W2, b2, Y):
    out = torch.relu(X @ W1 + b1) @ W2 + b2
    return 0.5 * ((out - Y) ** 2).sum() / X.shape[0]


def grad(X, W1, b1, W2, b2, Y):
    N = X.shape[0]
    z1 = X @ W1 + b1
    h = np.maximum(0, z1)
    out = h @ W2 + b2
    dout = (out - Y) / N
    dW2 = h.T @ dout
    db2 = dout.sum(axis=0)
    dh = dout @ W2.T
    dz1 = dh * (z1 > 0)
    dW1 = h.T @ dz1  # <- wrong
    db1 = dz1.sum(axis=0)
    return dW1, db1, dW2, db2


def grad_fixed(X, W1, b1, W2, b2, Y):
    N = X.shape[0]
    z1 = X @ W1 + b1
    h = np.maximum(0, z1)
    out = h @ W2 + b2
    dout = (out - Y) / N
    dW2 = h.T @ dout
    db2 = dout.sum(axis=0)
    dh = dout @ W2.T
    dz1 = dh * (z1 > 0)
    dW1 = X.T @ dz1
    db1 = dz1.sum(axis=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"X": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "K"),
                    "b2": ("K",), "Y": ("N", "K")},
            draws={}, sizes={"N": 4, "D": 3, "H": 3, "K": 2})
case = derivation(loss, grad, **SPEC, name="v_mlp_05")
CAUSE = "wrong-operand"
FIX = "W1 multiplies the layer's input, so dW1 = X^T dz1."
