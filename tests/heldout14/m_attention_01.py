"""Single-head scaled dot-product attention under an upstream gradient, torch:
S = Q K^T / sqrt(d), P = softmax(S) over each row (the keys), O = P V, L = sum(dO * O);
Q, K, V, dO (T, d).
"""

import math

import torch

from verify import derivation


def loss(Q, K, V, dO):
    P = torch.softmax(Q @ K.T / math.sqrt(Q.shape[1]), dim=-1)
    return (dO * (P @ V)).sum()


def grad(Q, K, V, dO):
    d = Q.shape[-1]
    S = Q @ K.T / math.sqrt(d)
    P = torch.softmax(S, dim=-1)
    dV = P.T @ dO
    dP = dO @ V.T
    dS = P * (dP - (dP * P).sum(dim=0, keepdim=True))  # <- wrong
    dQ = dS @ K / math.sqrt(d)
    dK = dS.T @ Q / math.sqrt(d)
    return dQ, dK, dV


def grad_fixed(Q, K, V, dO):
    d = Q.shape[-1]
    S = Q @ K.T / math.sqrt(d)
    P = torch.softmax(S, dim=-1)
    dV = P.T @ dO
    dP = dO @ V.T
    dS = P * (dP - (dP * P).sum(dim=-1, keepdim=True))
    dQ = dS @ K / math.sqrt(d)
    dK = dS.T @ Q / math.sqrt(d)
    return dQ, dK, dV


SPEC = dict(wrt=("Q", "K", "V"),
            shapes={"Q": ("T", "d"), "K": ("T", "d"), "V": ("T", "d"), "dO": ("T", "d")},
            draws={}, sizes={"T": 3, "d": 2})
case = derivation(loss, grad, **SPEC, name="m_attention_01")
CAUSE = "reduction-axis"
FIX = "The softmax normalises each row, so its Jacobian sums dP * P along the last axis."
