"""Self-attention with query, key and value projections under an upstream gradient, torch:
Q = X Wq, K = X Wk, V = X Wv, A = softmax(Q K^T / sqrt(D)) row by row, Y = A V, L = sum(dY * Y);
X (T, D), Wq, Wk, Wv (D, D), dY (T, D).
"""

import math

import torch

from verify import derivation


def loss(X, Wq, Wk, Wv, dY):
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    A = torch.softmax(Q @ K.T / math.sqrt(Q.shape[1]), dim=1)
    return (dY * (A @ V)).sum()


def grad(X, Wq, Wk, Wv, dY):
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    scale = 1.0 / math.sqrt(Q.shape[1])
    A = torch.softmax(Q @ K.T * scale, dim=1)
    dA = dY @ V.T
    dV = A.T @ dY
    dS = A * (dA - (dA * A).sum(1, keepdim=True))
    dQ = dS @ K * scale
    dK = dS.T @ Q * scale
    dWq = X.T @ dQ
    dWk = X.T @ dK
    dWv = X.T @ dK  # <- wrong
    return dWq, dWk, dWv


def grad_fixed(X, Wq, Wk, Wv, dY):
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    scale = 1.0 / math.sqrt(Q.shape[1])
    A = torch.softmax(Q @ K.T * scale, dim=1)
    dA = dY @ V.T
    dV = A.T @ dY
    dS = A * (dA - (dA * A).sum(1, keepdim=True))
    dQ = dS @ K * scale
    dK = dS.T @ Q * scale
    dWq = X.T @ dQ
    dWk = X.T @ dK
    dWv = X.T @ dV
    return dWq, dWk, dWv


SPEC = dict(wrt=("Wq", "Wk", "Wv"),
            shapes={"X": ("T", "D"), "Wq": ("D", "D"), "Wk": ("D", "D"), "Wv": ("D", "D"),
                    "dY": ("T", "D")},
            draws={}, sizes={"T": 4, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_attention_02")
CAUSE = "wrong-operand"
FIX = "The value projection's gradient is X^T dV."
