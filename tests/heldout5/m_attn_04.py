"""Batched scaled dot-product attention, torch flat function (self-attention, one head per
batch entry): S = Q K^T / sqrt(d), P = softmax(S), out = P V; loss = sum(dout * out);
Q (3, 5, 4), K (3, 5, 4), V (3, 5, 6), dout (3, 5, 6).
"""

import math

import torch

from verify import derivation


def loss(Q, K, V, dout):
    S = Q @ K.transpose(1, 2) / math.sqrt(Q.shape[-1])
    return (dout * (torch.softmax(S, dim=-1) @ V)).sum()


def grad(Q, K, V, dout):
    scale = 1.0 / math.sqrt(Q.shape[-1])
    S = Q @ K.transpose(1, 2) * scale
    P = torch.softmax(S, dim=-1)
    dV = S.transpose(1, 2) @ dout  # <- wrong
    dP = dout @ V.transpose(1, 2)
    dS = P * (dP - (dP * P).sum(dim=-1, keepdim=True)) * scale
    dQ = dS @ K
    dK = dS.transpose(1, 2) @ Q
    return dQ, dK, dV


def grad_fixed(Q, K, V, dout):
    scale = 1.0 / math.sqrt(Q.shape[-1])
    S = Q @ K.transpose(1, 2) * scale
    P = torch.softmax(S, dim=-1)
    dV = P.transpose(1, 2) @ dout
    dP = dout @ V.transpose(1, 2)
    dS = P * (dP - (dP * P).sum(dim=-1, keepdim=True)) * scale
    dQ = dS @ K
    dK = dS.transpose(1, 2) @ Q
    return dQ, dK, dV


SPEC = dict(wrt=("Q", "K", "V"),
            shapes={"Q": (3, 5, 4), "K": (3, 5, 4), "V": (3, 5, 6), "dout": (3, 5, 6)})
case = derivation(loss, grad, **SPEC, name="m_attn_04")
CAUSE = "wrong-operand"
FIX = "out = P V, so dV = P^T dout with the softmax weights, not the raw scores S."
