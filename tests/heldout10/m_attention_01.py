"""Single-head scaled dot-product attention, torch backward:
S = Q K^T / sqrt(d), A = softmax(S) over keys, O = A V, L = sum(dO * O);
Q, K, V, dO (T, d) with T = 4 positions and d = 3.
"""

import math

import torch

from verify import derivation


def loss(Q, K, V, dO):
    A = torch.softmax(Q @ K.T / math.sqrt(Q.shape[1]), dim=-1)
    return (dO * (A @ V)).sum()


def grad(Q, K, V, dO):
    scale = 1.0 / math.sqrt(Q.shape[1])
    A = torch.softmax(Q @ K.T * scale, dim=-1)
    dV = A.T @ dO
    dA = dO @ V.T
    dS = A * (dA - (dA * A).sum(dim=-1, keepdim=True))
    dQ = dS @ K * scale
    dK = dS @ Q * scale  # <- wrong
    return dQ, dK, dV


def grad_fixed(Q, K, V, dO):
    scale = 1.0 / math.sqrt(Q.shape[1])
    A = torch.softmax(Q @ K.T * scale, dim=-1)
    dV = A.T @ dO
    dA = dO @ V.T
    dS = A * (dA - (dA * A).sum(dim=-1, keepdim=True))
    dQ = dS @ K * scale
    dK = dS.T @ Q * scale
    return dQ, dK, dV


SPEC = dict(wrt=("Q", "K", "V"),
            shapes={"Q": ("T", "d"), "K": ("T", "d"), "V": ("T", "d"), "dO": ("T", "d")},
            draws={}, sizes={"T": 4, "d": 3})
case = derivation(loss, grad, **SPEC, name="m_attention_01")
CAUSE = "transpose"
FIX = "S = Q K^T, so dK = dS^T Q (scaled); dS Q only fits because S is square."
