"""Scaled dot-product attention, gradients for the queries and keys (numpy):
S = Q K^T / sqrt(d), A = softmax(S) row-wise, O = A V, L = sum(G * O);
Q (4, 3), K (4, 3), V (4, 2), G (4, 2).
"""

import numpy as np
import torch

from verify import derivation


def loss(Q, K, V, G):
    A = torch.softmax(Q @ K.T / Q.shape[1] ** 0.5, dim=1)
    return (G * (A @ V)).sum()


def grad(Q, K, V, G):
    d = Q.shape[1]
    S = Q @ K.T / np.sqrt(d)
    A = np.exp(S - S.max(axis=1, keepdims=True))
    A /= A.sum(axis=1, keepdims=True)
    dA = G @ V.T
    dS = A * (dA - (dA * A).sum(axis=1, keepdims=True))
    dK = dS.T @ Q / np.sqrt(d)
    dQ = dS @ K / np.sqrt(d)
    return dK, dQ  # <- wrong


def grad_fixed(Q, K, V, G):
    d = Q.shape[1]
    S = Q @ K.T / np.sqrt(d)
    A = np.exp(S - S.max(axis=1, keepdims=True))
    A /= A.sum(axis=1, keepdims=True)
    dA = G @ V.T
    dS = A * (dA - (dA * A).sum(axis=1, keepdims=True))
    dK = dS.T @ Q / np.sqrt(d)
    dQ = dS @ K / np.sqrt(d)
    return dQ, dK


SPEC = dict(wrt=("Q", "K"), shapes={"Q": (4, 3), "K": (4, 3), "V": (4, 2), "G": (4, 2)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="v_attention_02")
CAUSE = "return-order"
FIX = "wrt is (Q, K), so return dQ before dK."
