"""Two-layer sigmoid MLP, squared error averaged over the batch, numpy:
H = sigmoid(X W1 + b1), O = sigmoid(H W2 + b2), L = 1/N sum_n 1/2 ||O_n - T_n||^2;
X (N, D), W1 (D, H), b1 (H,), W2 (H, K), b2 (K,), T (N, K); N = 6, D = 4, H = 5, K = 3.
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W1, b1, W2, b2, T):
    H = torch.sigmoid(X @ W1 + b1)
    O = torch.sigmoid(H @ W2 + b2)
    return 0.5 * ((O - T) ** 2).sum() / X.shape[0]


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def grad(X, W1, b1, W2, b2, T):
    N = X.shape[0]
    H = sigmoid(X @ W1 + b1)
    O = sigmoid(H @ W2 + b2)
    dO = O - T  # <- wrong
    delta2 = dO * O * (1 - O)
    dW2 = H.T @ delta2
    db2 = delta2.sum(axis=0)
    delta1 = (delta2 @ W2.T) * H * (1 - H)
    dW1 = X.T @ delta1
    db1 = delta1.sum(axis=0)
    return dW1, db1, dW2, db2


def grad_fixed(X, W1, b1, W2, b2, T):
    N = X.shape[0]
    H = sigmoid(X @ W1 + b1)
    O = sigmoid(H @ W2 + b2)
    dO = (O - T) / N
    delta2 = dO * O * (1 - O)
    dW2 = H.T @ delta2
    db2 = delta2.sum(axis=0)
    delta1 = (delta2 @ W2.T) * H * (1 - H)
    dW1 = X.T @ delta1
    db1 = delta1.sum(axis=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"X": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "K"),
                    "b2": ("K",), "T": ("N", "K")},
            sizes={"N": 6, "D": 4, "H": 5, "K": 3}, draws={"T": "uniform"})
case = derivation(loss, grad, **SPEC, name="n_mlp_07")
CAUSE = "batch-mean"
FIX = "The loss averages over the N examples, so the output error is dO = (O - T) / N."
