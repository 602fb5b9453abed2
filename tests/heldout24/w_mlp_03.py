"""A two-layer network in column notation with a ReLU hidden layer as wide as the input and
sigmoid outputs under the mean binary cross-entropy, examples as columns:
H = relu(W1 X + b1), Y = sigma(W2 H + b2), L = -(1/N) sum [T log Y + (1 - T) log(1 - Y)];
X (D, N), W1 (D, D), b1 (D, 1), W2 (K, D), b2 (K, 1), T (K, N).
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, W1, b1, W2, b2, T):
    A2 = W2 @ torch.relu(W1 @ X + b1) + b2
    return F.binary_cross_entropy_with_logits(A2, T, reduction="sum") / X.shape[1]


def grad(X, W1, b1, W2, b2, T):
    N = X.shape[1]
    A1 = W1 @ X + b1
    H = np.maximum(A1, 0.0)
    Y = 1.0 / (1.0 + np.exp(-(W2 @ H + b2)))
    delta2 = (Y - T) / N
    dW2 = delta2 @ X.T  # <- wrong
    db2 = delta2.sum(axis=1, keepdims=True)
    delta1 = (W2.T @ delta2) * (A1 > 0)
    dW1 = delta1 @ X.T
    db1 = delta1.sum(axis=1, keepdims=True)
    return dW1, db1, dW2, db2


def grad_fixed(X, W1, b1, W2, b2, T):
    N = X.shape[1]
    A1 = W1 @ X + b1
    H = np.maximum(A1, 0.0)
    Y = 1.0 / (1.0 + np.exp(-(W2 @ H + b2)))
    delta2 = (Y - T) / N
    dW2 = delta2 @ H.T
    db2 = delta2.sum(axis=1, keepdims=True)
    delta1 = (W2.T @ delta2) * (A1 > 0)
    dW1 = delta1 @ X.T
    db1 = delta1.sum(axis=1, keepdims=True)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"X": ("D", "N"), "W1": ("D", "D"), "b1": ("D", 1), "W2": ("K", "D"),
                    "b2": ("K", 1), "T": ("K", "N")},
            draws={"T": "uniform"}, sizes={"D": 4, "N": 3, "K": 2})
case = derivation(loss, grad, **SPEC, name="w_mlp_03")
CAUSE = "wrong-operand"
FIX = "The second layer's input is the hidden activation, so dW2 = delta2 H^T."
