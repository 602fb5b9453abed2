"""Single-head scaled dot-product attention in numpy: S = Q K^T / sqrt(d), A = softmax_rows(S),
O = A V, L = sum(dout * O); Q (T, d) = (5, 3), K (5, 3), V (5, 4), dout (5, 4).
A is T x T, so A and A^T have the same shape.
"""

import math

import numpy as np
import torch

from verify import derivation


def loss(Q, K, V, dout):
    A = torch.softmax(Q @ K.T / math.sqrt(Q.shape[1]), dim=-1)
    return (dout * (A @ V)).sum()


def grad(Q, K, V, dout):
    d = Q.shape[1]
    S = Q @ K.T / np.sqrt(d)
    S = S - S.max(axis=1, keepdims=True)
    A = np.exp(S) / np.exp(S).sum(axis=1, keepdims=True)
    dA = dout @ V.T
    dV = A @ dout  # <- wrong
    dS = A * (dA - (dA * A).sum(axis=1, keepdims=True))
    dS = dS / np.sqrt(d)
    dQ = dS @ K
    dK = dS.T @ Q
    return dQ, dK, dV


def grad_fixed(Q, K, V, dout):
    d = Q.shape[1]
    S = Q @ K.T / np.sqrt(d)
    S = S - S.max(axis=1, keepdims=True)
    A = np.exp(S) / np.exp(S).sum(axis=1, keepdims=True)
    dA = dout @ V.T
    dV = A.T @ dout
    dS = A * (dA - (dA * A).sum(axis=1, keepdims=True))
    dS = dS / np.sqrt(d)
    dQ = dS @ K
    dK = dS.T @ Q
    return dQ, dK, dV


SPEC = dict(wrt=("Q", "K", "V"),
            shapes={"Q": ("T", "d"), "K": ("T", "d"), "V": ("T", "dv"), "dout": ("T", "dv")},
            sizes={"T": 5, "d": 3, "dv": 4})
case = derivation(loss, grad, **SPEC, name="k_attn_01")
CAUSE = "transpose"
FIX = "O = A V, so dV = A.T @ dout (each value row collects from every query)."
