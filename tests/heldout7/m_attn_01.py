"""Single-head scaled dot-product self-attention, torch, backward written by hand:
Q = X Wq, K = X Wk, V = X Wv, A = softmax(Q K^T / sqrt(d)) per row, O = A V,
checked through L = sum(G * O); X (T, D), Wq/Wk/Wv (D, d), G (T, d) with T = 6, D = 4, d = 3.
"""

import math

import torch

from verify import derivation


def loss(X, Wq, Wk, Wv, G):
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    A = torch.softmax(Q @ K.T / math.sqrt(Q.shape[-1]), dim=-1)
    return (G * (A @ V)).sum()


def grad(X, Wq, Wk, Wv, G):
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    scale = 1.0 / math.sqrt(Q.shape[-1])
    A = torch.softmax(Q @ K.T * scale, dim=-1)
    dA = G @ V.T
    dV = A.T @ G
    dS = A * (dA - (dA * A).sum(dim=-1, keepdim=True))
    dQ = dS @ K * scale
    dK = dS @ Q * scale  # <- wrong
    dWq = X.T @ dQ
    dWk = X.T @ dK
    dWv = X.T @ dV
    return dWq, dWk, dWv


def grad_fixed(X, Wq, Wk, Wv, G):
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    scale = 1.0 / math.sqrt(Q.shape[-1])
    A = torch.softmax(Q @ K.T * scale, dim=-1)
    dA = G @ V.T
    dV = A.T @ G
    dS = A * (dA - (dA * A).sum(dim=-1, keepdim=True))
    dQ = dS @ K * scale
    dK = dS.T @ Q * scale
    dWq = X.T @ dQ
    dWk = X.T @ dK
    dWv = X.T @ dV
    return dWq, dWk, dWv


SPEC = dict(wrt=("Wq", "Wk", "Wv"),
            shapes={"X": (6, 4), "Wq": (4, 3), "Wk": (4, 3), "Wv": (4, 3), "G": (6, 3)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_attn_01")
CAUSE = "transpose"
FIX = "S = Q K^T, so dK = dS^T Q (scaled); dS Q uses the score gradient untransposed."
