"""Two-layer ReLU network with softmax cross-entropy averaged over the batch:
H = relu(X W1 + b1), S = H W2 + b2, L = (1/N) sum_n -log softmax(S_n)[y_n];
X (N, D), W1 (D, H), b1 (H,), W2 (H, C), b2 (C,), y (N,) class labels.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, W1, b1, W2, b2, y):
    S = torch.relu(X @ W1 + b1) @ W2 + b2
    return F.cross_entropy(S, y)


def grad(X, W1, b1, W2, b2, y):
    A = X @ W1 + b1
    H = torch.relu(A)
    S = H @ W2 + b2
    P = torch.softmax(S, dim=1)
    dS = P - F.one_hot(y, S.shape[1]).to(P.dtype)  # <- wrong
    dW2 = H.T @ dS
    db2 = dS.sum(dim=0)
    dH = dS @ W2.T
    dA = dH * (A > 0).to(dH.dtype)
    dW1 = X.T @ dA
    db1 = dA.sum(dim=0)
    return dW1, db1, dW2, db2


def grad_fixed(X, W1, b1, W2, b2, y):
    A = X @ W1 + b1
    H = torch.relu(A)
    S = H @ W2 + b2
    P = torch.softmax(S, dim=1)
    dS = (P - F.one_hot(y, S.shape[1]).to(P.dtype)) / X.shape[0]
    dW2 = H.T @ dS
    db2 = dS.sum(dim=0)
    dH = dS @ W2.T
    dA = dH * (A > 0).to(dH.dtype)
    dW1 = X.T @ dA
    db1 = dA.sum(dim=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"X": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "C"), "b2": ("C",),
                    "y": ("N",)},
            draws={"y": ("labels", 3)}, sizes={"N": 4, "D": 3, "H": 5, "C": 3})
case = derivation(loss, grad, **SPEC, name="x_mlp_01")
CAUSE = "batch-mean"
FIX = "F.cross_entropy averages over the batch, so dS = (P - Y) / N."
