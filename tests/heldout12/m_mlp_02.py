"""A two-layer tanh network with softmax cross-entropy on one-hot targets, torch:
H = tanh(X W1 + b1), P = softmax(H W2 + b2), L = -1/N sum_{n,c} T_nc log P_nc;
X (N, D), W1 (D, H), b1 (H,), W2 (H, C), b2 (C,), T (N, C) one-hot, with N = 5, D = 4, H = 6, C = 3.
"""

import torch

from verify import derivation


def loss(X, W1, b1, W2, b2, T):
    logits = torch.tanh(X @ W1 + b1) @ W2 + b2
    return -(T * torch.log_softmax(logits, dim=1)).sum() / X.shape[0]


def grad(X, W1, b1, W2, b2, T):
    N = X.shape[0]
    H = torch.tanh(X @ W1 + b1)
    P = torch.softmax(H @ W2 + b2, dim=1)
    dlogits = (P - T) / N
    dW2 = H.T @ dlogits
    db2 = dlogits.sum(dim=0)
    dH = dlogits @ W2.T
    dZ1 = dH  # <- wrong
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(dim=0)
    return dW1, db1, dW2, db2


def grad_fixed(X, W1, b1, W2, b2, T):
    N = X.shape[0]
    H = torch.tanh(X @ W1 + b1)
    P = torch.softmax(H @ W2 + b2, dim=1)
    dlogits = (P - T) / N
    dW2 = H.T @ dlogits
    db2 = dlogits.sum(dim=0)
    dH = dlogits @ W2.T
    dZ1 = dH * (1 - H ** 2)
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(dim=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"X": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "C"),
                    "b2": ("C",), "T": ("N", "C")},
            draws={"T": "onehot"}, sizes={"N": 5, "D": 4, "H": 6, "C": 3})
case = derivation(loss, grad, **SPEC, name="m_mlp_02")
CAUSE = "activation-derivative-missing"
FIX = "Back through the tanh the delta is multiplied by tanh' = 1 - H^2."
