"""Batched scaled dot-product attention, torch backward written out:
P = softmax(Q K^T / sqrt(E)) over the keys, O = P V, L = sum(G * O);
Q, K, V, G (B, T, E) with B = 2, T = 4, E = 3.
"""

import math

import torch

from verify import derivation


def loss(Q, K, V, G):
    P = torch.softmax(Q @ K.transpose(-2, -1) / math.sqrt(Q.shape[-1]), dim=-1)
    return (G * (P @ V)).sum()


def grad(Q, K, V, G):
    scale = 1.0 / math.sqrt(Q.shape[-1])
    P = torch.softmax(Q @ K.transpose(-2, -1) * scale, dim=-1)
    dV = P.transpose(-2, -1) @ G
    dP = G @ V.transpose(-2, -1)
    dS = P * (dP - (P * dP).sum(dim=-2, keepdim=True))  # <- wrong
    dS = dS * scale
    dQ = dS @ K
    dK = dS.transpose(-2, -1) @ Q
    return dQ, dK, dV


def grad_fixed(Q, K, V, G):
    scale = 1.0 / math.sqrt(Q.shape[-1])
    P = torch.softmax(Q @ K.transpose(-2, -1) * scale, dim=-1)
    dV = P.transpose(-2, -1) @ G
    dP = G @ V.transpose(-2, -1)
    dS = P * (dP - (P * dP).sum(dim=-1, keepdim=True))
    dS = dS * scale
    dQ = dS @ K
    dK = dS.transpose(-2, -1) @ Q
    return dQ, dK, dV


SPEC = dict(wrt=("Q", "K", "V"),
            shapes={"Q": ("B", "T", "E"), "K": ("B", "T", "E"), "V": ("B", "T", "E"),
                    "G": ("B", "T", "E")},
            draws={}, sizes={"B": 2, "T": 4, "E": 3})
case = derivation(loss, grad, **SPEC, name="m_attn_02")
CAUSE = "reduction-axis"
FIX = "The softmax runs over the keys (the last axis), so its backward sums P * dP over dim=-1."
