"""Single-head self-attention over one sequence, torch: Q = X Wq, K = X Wk, V = X Wv,
P = softmax(Q K^T / sqrt(E)), O = P V, L = sum(G * O);
X (T, D), Wq, Wk, Wv (D, E), G (T, E) with T = 5, D = 4, E = 3.
"""

import math

import torch

from verify import derivation


def loss(X, Wq, Wk, Wv, G):
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    P = torch.softmax(Q @ K.T / math.sqrt(Q.shape[1]), dim=-1)
    return (G * (P @ V)).sum()


def grad(X, Wq, Wk, Wv, G):
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    scale = 1 / math.sqrt(Q.shape[1])
    P = torch.softmax(Q @ K.T * scale, dim=-1)
    dV = P.T @ G
    dP = G @ V.T
    dS = P * (dP - (dP * P).sum(-1, keepdim=True))
    dS = dS * scale
    dQ = dS @ K
    dK = dS @ Q  # <- wrong
    dWq = X.T @ dQ
    dWk = X.T @ dK
    dWv = X.T @ dV
    return dWq, dWk, dWv


def grad_fixed(X, Wq, Wk, Wv, G):
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    scale = 1 / math.sqrt(Q.shape[1])
    P = torch.softmax(Q @ K.T * scale, dim=-1)
    dV = P.T @ G
    dP = G @ V.T
    dS = P * (dP - (dP * P).sum(-1, keepdim=True))
    dS = dS * scale
    dQ = dS @ K
    dK = dS.T @ Q
    dWq = X.T @ dQ
    dWk = X.T @ dK
    dWv = X.T @ dV
    return dWq, dWk, dWv


SPEC = dict(wrt=("Wq", "Wk", "Wv"),
            shapes={"X": ("T", "D"), "Wq": ("D", "E"), "Wk": ("D", "E"), "Wv": ("D", "E"),
                    "G": ("T", "E")},
            draws={}, sizes={"T": 5, "D": 4, "E": 3})
case = derivation(loss, grad, **SPEC, name="m_attn_01")
CAUSE = "transpose"
FIX = "S[i, j] = Q[i] . K[j], so K's gradient sums over the query index: dK = dS.T @ Q."
