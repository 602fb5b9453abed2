"""Scaled dot-product self-attention on one sequence, torch flat function, queries, keys and
values given: S = Q K^T / sqrt(d), P = softmax(S) by rows, out = P V, loss = sum(dout * out);
Q (5, 4), K (5, 4), V (5, 6), dout (5, 6).
"""

import math

import torch

from verify import derivation


def loss(Q, K, V, dout):
    S = Q @ K.T / math.sqrt(Q.shape[-1])
    P = torch.softmax(S, dim=-1)
    return (dout * (P @ V)).sum()


def grad(Q, K, V, dout):
    scale = 1.0 / math.sqrt(Q.shape[-1])
    S = Q @ K.T * scale
    E = torch.exp(S - S.max(dim=-1, keepdim=True).values)
    P = E / E.sum(dim=-1, keepdim=True)
    dV = P.T @ dout
    dP = dout @ V.T
    dS = P * (dP - (dP * P).sum(dim=-1, keepdim=True))
    dQ = dS @ K * scale
    dK = dS @ Q * scale  # <- wrong
    return dQ, dK, dV


def grad_fixed(Q, K, V, dout):
    scale = 1.0 / math.sqrt(Q.shape[-1])
    S = Q @ K.T * scale
    E = torch.exp(S - S.max(dim=-1, keepdim=True).values)
    P = E / E.sum(dim=-1, keepdim=True)
    dV = P.T @ dout
    dP = dout @ V.T
    dS = P * (dP - (dP * P).sum(dim=-1, keepdim=True))
    dQ = dS @ K * scale
    dK = dS.T @ Q * scale
    return dQ, dK, dV


SPEC = dict(wrt=("Q", "K", "V"),
            shapes={"Q": (5, 4), "K": (5, 4), "V": (5, 6), "dout": (5, 6)})
case = derivation(loss, grad, **SPEC, name="m_attn_01")
CAUSE = "transpose"
FIX = "Since S = Q K^T, the keys' gradient is dS^T Q (times the scale), not dS Q."
