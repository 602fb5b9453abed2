"""Single-head scaled dot-product attention, numpy: S = Q K^T / sqrt(d), A = softmax over each row,
O = A V, L = sum(G * O); Q, K, V, G all (T, d); T = 4, d = 3.
"""

import numpy as np
import torch

from verify import derivation


def loss(Q, K, V, G):
    A = torch.softmax(Q @ K.T / Q.shape[1] ** 0.5, dim=1)
    return (G * (A @ V)).sum()


def grad(Q, K, V, G):
    scale = 1.0 / np.sqrt(Q.shape[1])
    S = Q @ K.T * scale
    S = S - S.max(axis=1, keepdims=True)
    A = np.exp(S)
    A /= A.sum(axis=1, keepdims=True)
    dV = A.T @ G
    dA = G @ V.T
    dS = A * (dA - (dA * A).sum(axis=1, keepdims=True))
    dQ = dS @ K * scale
    dK = dS @ Q * scale  # <- wrong
    return dQ, dK, dV


def grad_fixed(Q, K, V, G):
    scale = 1.0 / np.sqrt(Q.shape[1])
    S = Q @ K.T * scale
    S = S - S.max(axis=1, keepdims=True)
    A = np.exp(S)
    A /= A.sum(axis=1, keepdims=True)
    dV = A.T @ G
    dA = G @ V.T
    dS = A * (dA - (dA * A).sum(axis=1, keepdims=True))
    dQ = dS @ K * scale
    dK = dS.T @ Q * scale
    return dQ, dK, dV


SPEC = dict(wrt=("Q", "K", "V"),
            shapes={"Q": ("T", "d"), "K": ("T", "d"), "V": ("T", "d"), "G": ("T", "d")},
            sizes={"T": 4, "d": 3})
case = derivation(loss, grad, **SPEC, name="p_attention_18")
CAUSE = "transpose"
FIX = "S = Q K^T, so the key gradient is dS^T Q (scaled), not dS Q."
