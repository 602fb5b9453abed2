"""Batched cross-attention, torch flat function: queries from one sequence, keys and values
from another: S = Q K^T / sqrt(d), P = softmax over the keys (last axis), out = P V;
loss = sum(dout * out); Q (3, 4, 5), K (3, 6, 5), V (3, 6, 7), dout (3, 4, 7).
"""

import math

import torch

from verify import derivation


def loss(Q, K, V, dout):
    S = Q @ K.transpose(-2, -1) / math.sqrt(Q.shape[-1])
    return (dout * (torch.softmax(S, dim=-1) @ V)).sum()


def grad(Q, K, V, dout):
    scale = 1.0 / math.sqrt(Q.shape[-1])
    S = Q @ K.transpose(-2, -1) * scale
    P = torch.softmax(S, dim=-1)
    dV = P.transpose(-2, -1) @ dout
    dP = dout @ V.transpose(-2, -1)
    dS = P * (dP - (dP * P).sum(dim=1, keepdim=True))  # <- wrong
    dQ = dS @ K * scale
    dK = dS.transpose(-2, -1) @ Q * scale
    return dQ, dK, dV


def grad_fixed(Q, K, V, dout):
    scale = 1.0 / math.sqrt(Q.shape[-1])
    S = Q @ K.transpose(-2, -1) * scale
    P = torch.softmax(S, dim=-1)
    dV = P.transpose(-2, -1) @ dout
    dP = dout @ V.transpose(-2, -1)
    dS = P * (dP - (dP * P).sum(dim=-1, keepdim=True))
    dQ = dS @ K * scale
    dK = dS.transpose(-2, -1) @ Q * scale
    return dQ, dK, dV


SPEC = dict(wrt=("Q", "K", "V"),
            shapes={"Q": (3, 4, 5), "K": (3, 6, 5), "V": (3, 6, 7), "dout": (3, 4, 7)})
case = derivation(loss, grad, **SPEC, name="m_attn_02")
CAUSE = "reduction-axis"
FIX = "The softmax is over the keys (last axis), so its backward sums dP * P over dim=-1, not dim=1."
