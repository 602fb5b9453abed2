"""A multi-output sigmoid perceptron with F.mse_loss over every output, torch:
O = sigmoid(X W + b), L = mse_loss(O, T) = 1/(N K) sum_{n,k} (O - T)^2;
X (N, D), W (D, K), b (K,), T (N, K) in (0.1, 0.9), N = 7, D = 4, K = 3.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, T, W, b):
    return F.mse_loss(torch.sigmoid(X @ W + b), T)


def grad(X, T, W, b):
    N = X.shape[0]
    O = torch.sigmoid(X @ W + b)
    dO = 2 * (O - T) / N  # <- wrong
    dZ = dO * O * (1 - O)
    dW = X.T @ dZ
    db = dZ.sum(dim=0)
    return dW, db


def grad_fixed(X, T, W, b):
    N = X.shape[0]
    O = torch.sigmoid(X @ W + b)
    dO = 2 * (O - T) / (N * T.shape[1])
    dZ = dO * O * (1 - O)
    dW = X.T @ dZ
    db = dZ.sum(dim=0)
    return dW, db


SPEC = dict(wrt=("W", "b"),
            shapes={"X": ("N", "D"), "T": ("N", "K"), "W": ("D", "K"), "b": ("K",)},
            draws={"T": "uniform"}, sizes={"N": 7, "D": 4, "K": 3})
case = derivation(loss, grad, **SPEC, name="m_mperc_01")
CAUSE = "wrong-divisor"
FIX = "mse_loss averages over all N*K outputs, so dO = 2 (O - T) / (N * K)."
