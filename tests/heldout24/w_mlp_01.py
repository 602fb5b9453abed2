"""Two-layer tanh network with a per-example squared error averaged over the batch:
H = tanh(X W1 + b1), Y = H W2 + b2, L = (1/N) sum_n 1/2 ||Y_n - T_n||^2;
X (N, D), W1 (D, H), b1 (H,), W2 (H, K), b2 (K,), T (N, K).
"""

import torch

from verify import derivation


def loss(X, W1, b1, W2, b2, T):
    Y = torch.tanh(X @ W1 + b1) @ W2 + b2
    return 0.5 * ((Y - T) ** 2).sum(dim=1).mean()


def grad(X, W1, b1, W2, b2, T):
    N = X.shape[0]
    A = X @ W1 + b1
    H = torch.tanh(A)
    Y = H @ W2 + b2
    dY = Y - T  # <- wrong
    dW2 = H.T @ dY
    dH = dY @ W2.T
    dA = dH * (1 - H ** 2)
    dW1 = X.T @ dA
    return dW1, dW2


def grad_fixed(X, W1, b1, W2, b2, T):
    N = X.shape[0]
    A = X @ W1 + b1
    H = torch.tanh(A)
    Y = H @ W2 + b2
    dY = (Y - T) / N
    dW2 = H.T @ dY
    dH = dY @ W2.T
    dA = dH * (1 - H ** 2)
    dW1 = X.T @ dA
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"),
            shapes={"X": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "K"),
                    "b2": ("K",), "T": ("N", "K")},
            draws={}, sizes={"N": 3, "D": 4, "H": 5, "K": 2})
case = derivation(loss, grad, **SPEC, name="w_mlp_01")
CAUSE = "batch-mean"
FIX = "The loss is a mean over the N examples, so dY = (Y - T) / N."
