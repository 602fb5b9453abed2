"""Single-head scaled dot-product self-attention under an upstream gradient G:
S = Q K^T / sqrt(d), P = softmax(S) row-wise, O = P V, L = sum(G * O);
Q, K, V, G all (T, d).
"""

import math

import torch

from verify import derivation


def loss(Q, K, V, G):
    d = Q.shape[1]
    P = torch.softmax(Q @ K.T / math.sqrt(d), dim=1)
    return (G * (P @ V)).sum()


def grad(Q, K, V, G):
    scale = 1.0 / math.sqrt(Q.shape[1])
    S = Q @ K.T * scale
    P = torch.softmax(S, dim=1)
    dV = P.T @ G
    dP = G @ V.T
    dS = P * (dP - (dP * P).sum(dim=1, keepdim=True))
    dQ = dS @ K * scale
    dK = dS @ Q * scale  # <- wrong
    return dQ, dK, dV


def grad_fixed(Q, K, V, G):
    scale = 1.0 / math.sqrt(Q.shape[1])
    S = Q @ K.T * scale
    P = torch.softmax(S, dim=1)
    dV = P.T @ G
    dP = G @ V.T
    dS = P * (dP - (dP * P).sum(dim=1, keepdim=True))
    dQ = dS @ K * scale
    dK = dS.T @ Q * scale
    return dQ, dK, dV


SPEC = dict(wrt=("Q", "K", "V"),
            shapes={"Q": ("T", "d"), "K": ("T", "d"), "V": ("T", "d"), "G": ("T", "d")},
            draws={}, sizes={"T": 4, "d": 3})
case = derivation(loss, grad, **SPEC, name="w_attention_01")
CAUSE = "transpose"
FIX = "Keys enter S through K^T, so dK = dS^T Q / sqrt(d)."
