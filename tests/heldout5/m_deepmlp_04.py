"""A four-layer ReLU regression network written out layer by layer in numpy, three hidden
layers of width 7: L = 1/(2N) sum ||out - Y||^2, out = relu(relu(relu(X W1) W2) W3) W4;
X (8, 5), W1 (5, 7), W2 (7, 7), W3 (7, 7), W4 (7, 4), Y (8, 4).
"""

import numpy as np
import torch

from verify import derivation


def loss(X, Y, W1, W2, W3, W4):
    a = torch.relu(X @ W1)
    a = torch.relu(a @ W2)
    a = torch.relu(a @ W3)
    return 0.5 * ((a @ W4 - Y) ** 2).sum() / X.shape[0]


def grad(X, Y, W1, W2, W3, W4):
    N = X.shape[0]
    z1 = X @ W1
    a1 = np.maximum(z1, 0)
    z2 = a1 @ W2
    a2 = np.maximum(z2, 0)
    z3 = a2 @ W3
    a3 = np.maximum(z3, 0)
    out = a3 @ W4
    d4 = (out - Y) / N
    dW4 = a3.T @ d4
    d3 = (d4 @ W4.T) * (z3 > 0)
    dW3 = a2.T @ d3
    d2 = (d3 @ W3.T) * (z2 > 0)
    dW2 = a2.T @ d2  # <- wrong
    d1 = (d2 @ W2.T) * (z1 > 0)
    dW1 = X.T @ d1
    return dW1, dW2, dW3, dW4


def grad_fixed(X, Y, W1, W2, W3, W4):
    N = X.shape[0]
    z1 = X @ W1
    a1 = np.maximum(z1, 0)
    z2 = a1 @ W2
    a2 = np.maximum(z2, 0)
    z3 = a2 @ W3
    a3 = np.maximum(z3, 0)
    out = a3 @ W4
    d4 = (out - Y) / N
    dW4 = a3.T @ d4
    d3 = (d4 @ W4.T) * (z3 > 0)
    dW3 = a2.T @ d3
    d2 = (d3 @ W3.T) * (z2 > 0)
    dW2 = a1.T @ d2
    d1 = (d2 @ W2.T) * (z1 > 0)
    dW1 = X.T @ d1
    return dW1, dW2, dW3, dW4


SPEC = dict(numpy=True, wrt=("W1", "W2", "W3", "W4"),
            shapes={"X": (8, 5), "Y": (8, 4), "W1": (5, 7), "W2": (7, 7), "W3": (7, 7),
                    "W4": (7, 4)})
case = derivation(loss, grad, **SPEC, name="m_deepmlp_04")
CAUSE = "wrong-layer"
FIX = "W2 maps a1 to z2, so its gradient is a1^T d2; a2 belongs to the layer above."
