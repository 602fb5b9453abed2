"""The two-layer sigmoid network of the lecture notes (i -> j -> k), batched in numpy, with
E = 1/2 sum (O_k - t_k)^2: H = sigma(X W1), O = sigma(H W2);
X (6, 4), W1 (4, 7), W2 (7, 3), T (6, 3) targets in (0, 1).
"""

import numpy as np
import torch

from verify import derivation


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def loss(X, T, W1, W2):
    O = torch.sigmoid(torch.sigmoid(X @ W1) @ W2)
    return 0.5 * ((O - T) ** 2).sum()


def grad(X, T, W1, W2):
    H = sigmoid(X @ W1)
    O = sigmoid(H @ W2)
    delta_k = (O - T) * O * (1 - O)
    dW2 = H.T @ delta_k
    delta_j = delta_k @ W2.T  # <- wrong
    dW1 = X.T @ delta_j
    return dW1, dW2


def grad_fixed(X, T, W1, W2):
    H = sigmoid(X @ W1)
    O = sigmoid(H @ W2)
    delta_k = (O - T) * O * (1 - O)
    dW2 = H.T @ delta_k
    delta_j = (delta_k @ W2.T) * H * (1 - H)
    dW1 = X.T @ delta_j
    return dW1, dW2


SPEC = dict(numpy=True, wrt=("W1", "W2"),
            shapes={"X": (6, 4), "T": (6, 3), "W1": (4, 7), "W2": (7, 3)},
            draws={"T": "uniform"})
case = derivation(loss, grad, **SPEC, name="m_mlp_02")
CAUSE = "activation-derivative-missing"
FIX = "The hidden delta needs the hidden sigmoid's derivative: delta_j = (delta_k W2^T) H (1 - H)."
