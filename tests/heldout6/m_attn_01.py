"""Single-head scaled dot-product attention in torch, L = sum(G * P V) with
P = softmax(Q K^T / sqrt(d)); Q, K (5, 4), V (5, 3), G (5, 3).
"""

import math

import torch

from verify import derivation


def loss(Q, K, V, G):
    P = torch.softmax(Q @ K.T / math.sqrt(Q.shape[1]), dim=-1)
    return (G * (P @ V)).sum()


def grad(Q, K, V, G):
    scale = 1.0 / math.sqrt(Q.shape[1])
    S = Q @ K.T * scale
    P = torch.softmax(S, dim=-1)
    dV = P.T @ G
    dP = G @ V.T
    dS = P * (dP - (dP * P).sum(dim=-1, keepdim=True))
    dQ = dS @ K * scale
    dK = dS @ Q * scale  # <- wrong
    return dQ, dK, dV


def grad_fixed(Q, K, V, G):
    scale = 1.0 / math.sqrt(Q.shape[1])
    S = Q @ K.T * scale
    P = torch.softmax(S, dim=-1)
    dV = P.T @ G
    dP = G @ V.T
    dS = P * (dP - (dP * P).sum(dim=-1, keepdim=True))
    dQ = dS @ K * scale
    dK = dS.T @ Q * scale
    return dQ, dK, dV


SPEC = dict(wrt=("Q", "K", "V"),
            shapes={"Q": (5, 4), "K": (5, 4), "V": (5, 3), "G": (5, 3)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_attn_01")
CAUSE = "transpose"
FIX = "S = Q K^T scale, so dK = dS^T Q scale."
