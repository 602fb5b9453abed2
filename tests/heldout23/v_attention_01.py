"""Single-head scaled dot-product self-attention under an upstream gradient:
S = Q K^T / sqrt(d), A = softmax(S) row-wise, O = A V, L = sum(G * O);
Q (T, d), K (T, d), V (T, e), G (T, e); T = 4, d = 3, e = 2.
"""

import math

import torch

from verify import derivation


def loss(Q, K, V, G):
    A = torch.softmax(Q @ K.T / math.sqrt(Q.shape[1]), dim=-1)
    return (G * (A @ V)).sum()


def grad(Q, K, V, G):
    d = Q.shape[1]
    A = torch.softmax(Q @ K.T / math.sqrt(d), dim=-1)
    dV = A.T @ G
    dA = G @ V.T
    dS = A * (dA - (dA * A).sum(dim=-1, keepdim=True))
    dQ = dS @ K / math.sqrt(d)
    dK = dS @ Q / math.sqrt(d)  # <- wrong
    return dQ, dK, dV


def grad_fixed(Q, K, V, G):
    d = Q.shape[1]
    A = torch.softmax(Q @ K.T / math.sqrt(d), dim=-1)
    dV = A.T @ G
    dA = G @ V.T
    dS = A * (dA - (dA * A).sum(dim=-1, keepdim=True))
    dQ = dS @ K / math.sqrt(d)
    dK = dS.T @ Q / math.sqrt(d)
    return dQ, dK, dV


SPEC = dict(wrt=("Q", "K", "V"),
            shapes={"Q": ("T", "d"), "K": ("T", "d"), "V": ("T", "e"), "G": ("T", "e")},
            draws={}, sizes={"T": 4, "d": 3, "e": 2})
case = derivation(loss, grad, **SPEC, name="v_attention_01")
CAUSE = "transpose"
FIX = "K enters S = Q K^T through its transpose, so dK = dS^T Q / sqrt(d)."
