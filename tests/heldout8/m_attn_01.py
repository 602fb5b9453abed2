"""Single-head scaled dot-product self-attention on one sequence, torch:
Q = X Wq, K = X Wk, V = X Wv, A = softmax(Q K^T / sqrt(dk), dim=-1), O = A V, L = sum(G * O);
X (T, D), Wq, Wk, Wv (D, dk), G (T, dk), T = 5, D = 4, dk = 3.
"""

import math

import torch

from verify import derivation


def loss(X, G, Wq, Wk, Wv):
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    A = torch.softmax(Q @ K.T / math.sqrt(Q.shape[-1]), dim=-1)
    return (G * (A @ V)).sum()


def grad(X, G, Wq, Wk, Wv):
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    scale = 1.0 / math.sqrt(Q.shape[-1])
    A = torch.softmax(Q @ K.T * scale, dim=-1)
    dV = A.T @ G
    dA = G @ V.T
    dS = A * (dA - (dA * A).sum(-1, keepdim=True)) * scale
    dQ = dS @ K
    dK = dS @ Q  # <- wrong
    return X.T @ dQ, X.T @ dK, X.T @ dV


def grad_fixed(X, G, Wq, Wk, Wv):
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    scale = 1.0 / math.sqrt(Q.shape[-1])
    A = torch.softmax(Q @ K.T * scale, dim=-1)
    dV = A.T @ G
    dA = G @ V.T
    dS = A * (dA - (dA * A).sum(-1, keepdim=True)) * scale
    dQ = dS @ K
    dK = dS.T @ Q
    return X.T @ dQ, X.T @ dK, X.T @ dV


SPEC = dict(wrt=("Wq", "Wk", "Wv"),
            shapes={"X": ("T", "D"), "G": ("T", "dk"), "Wq": ("D", "dk"), "Wk": ("D", "dk"),
                    "Wv": ("D", "dk")},
            draws={}, sizes={"T": 5, "D": 4, "dk": 3})
case = derivation(loss, grad, **SPEC, name="m_attn_01")
CAUSE = "transpose"
FIX = "S = Q K^T, so the key gradient is dS^T Q; dS Q only has the right shape because S is square."
