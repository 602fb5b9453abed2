"""Two-layer MLP (sigmoid hidden layer, linear output) with a halved squared error
averaged over the batch, torch: H = sigma(X W1 + b1), Y = H W2 + b2,
L = (1/(2N)) sum_n ||Y_n - T_n||^2; X (N, D), W1 (D, H), b1 (H,), W2 (H, K), b2 (K,), T (N, K).
"""

import torch

from verify import derivation


def loss(X, W1, b1, W2, b2, T):
    H = torch.sigmoid(X @ W1 + b1)
    Y = H @ W2 + b2
    return 0.5 * ((Y - T) ** 2).sum() / X.shape[0]


def grad(X, W1, b1, W2, b2, T):
    N = X.shape[0]
    H = torch.sigmoid(X @ W1 + b1)
    Y = H @ W2 + b2
    dY = Y - T  # <- wrong
    dW2 = H.T @ dY
    db2 = dY.sum(0)
    dH = dY @ W2.T
    dZ = dH * H * (1 - H)
    dW1 = X.T @ dZ
    db1 = dZ.sum(0)
    return dW1, db1, dW2, db2


def grad_fixed(X, W1, b1, W2, b2, T):
    N = X.shape[0]
    H = torch.sigmoid(X @ W1 + b1)
    Y = H @ W2 + b2
    dY = (Y - T) / N
    dW2 = H.T @ dY
    db2 = dY.sum(0)
    dH = dY @ W2.T
    dZ = dH * H * (1 - H)
    dW1 = X.T @ dZ
    db1 = dZ.sum(0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"X": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "K"),
                    "b2": ("K",), "T": ("N", "K")},
            draws={}, sizes={"N": 2, "D": 3, "H": 4, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_mlp_01")
CAUSE = "batch-mean"
FIX = "The loss divides by N, so the output error is dY = (Y - T) / N."
