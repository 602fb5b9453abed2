"""Scaled dot-product attention in numpy, L = sum(G * P V), P = softmax(Q K^T / sqrt(d));
Q, K, V, G all (6, 4).
"""

import numpy as np
import torch

from verify import derivation


def loss(Q, K, V, G):
    P = torch.softmax(Q @ K.T / Q.shape[1] ** 0.5, dim=1)
    return (G * (P @ V)).sum()


def grad(Q, K, V, G):
    d = Q.shape[1]
    S = Q @ K.T / np.sqrt(d)
    P = np.exp(S - S.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    dV = P.T @ G
    dP = G @ K.T  # <- wrong
    dS = P * (dP - (dP * P).sum(axis=1, keepdims=True))
    dQ = dS @ K / np.sqrt(d)
    dK = dS.T @ Q / np.sqrt(d)
    return dQ, dK, dV


def grad_fixed(Q, K, V, G):
    d = Q.shape[1]
    S = Q @ K.T / np.sqrt(d)
    P = np.exp(S - S.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    dV = P.T @ G
    dP = G @ V.T
    dS = P * (dP - (dP * P).sum(axis=1, keepdims=True))
    dQ = dS @ K / np.sqrt(d)
    dK = dS.T @ Q / np.sqrt(d)
    return dQ, dK, dV


SPEC = dict(wrt=("Q", "K", "V"),
            shapes={"Q": (6, 4), "K": (6, 4), "V": (6, 4), "G": (6, 4)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_attn_02")
CAUSE = "wrong-operand"
FIX = "The output is P V, so dP = G V^T."
