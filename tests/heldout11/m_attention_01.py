"""Single-head scaled dot-product self-attention over one sequence, torch:
Q = X Wq, K = X Wk, V = X Wv, A = softmax(Q K^T / sqrt(E)) row-wise, O = A V, L = sum(dout * O);
X (T, D), Wq, Wk, Wv (D, E), dout (T, E) with T = 4, D = 3, E = 2.
"""

import math

import torch

from verify import derivation


def loss(X, Wq, Wk, Wv, dout):
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    A = torch.softmax(Q @ K.T / math.sqrt(Wq.shape[1]), dim=-1)
    return (dout * (A @ V)).sum()


def grad(X, Wq, Wk, Wv, dout):
    scale = 1.0 / math.sqrt(Wq.shape[1])
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    A = torch.softmax(Q @ K.T * scale, dim=-1)
    dV = A.T @ dout
    dA = dout @ V.T
    dS = A * (dA - (dA * A).sum(dim=-1, keepdim=True))
    dQ = dS @ K * scale
    dK = dS @ Q * scale  # <- wrong
    return X.T @ dQ, X.T @ dK, X.T @ dV


def grad_fixed(X, Wq, Wk, Wv, dout):
    scale = 1.0 / math.sqrt(Wq.shape[1])
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    A = torch.softmax(Q @ K.T * scale, dim=-1)
    dV = A.T @ dout
    dA = dout @ V.T
    dS = A * (dA - (dA * A).sum(dim=-1, keepdim=True))
    dQ = dS @ K * scale
    dK = dS.T @ Q * scale
    return X.T @ dQ, X.T @ dK, X.T @ dV


SPEC = dict(wrt=("Wq", "Wk", "Wv"),
            shapes={"X": ("T", "D"), "Wq": ("D", "E"), "Wk": ("D", "E"), "Wv": ("D", "E"),
                    "dout": ("T", "E")},
            draws={}, sizes={"T": 4, "D": 3, "E": 2})
case = derivation(loss, grad, **SPEC, name="m_attention_01")
CAUSE = "transpose"
FIX = "S = Q K^T, so the keys get dS^T Q (each key is hit by a column of dS)."
