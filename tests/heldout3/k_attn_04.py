"""Scaled dot-product attention in torch (no autograd): S = Q K^T / sqrt(d), A = softmax(S),
O = A V, L = sum(dout * O); Q (T, d) = (6, 4), K (6, 4), V (6, 2), dout (6, 2).
"""

import torch

from verify import derivation


def loss(Q, K, V, dout):
    A = torch.softmax(Q @ K.T / Q.shape[-1] ** 0.5, dim=-1)
    return (dout * (A @ V)).sum()


def grad(Q, K, V, dout):
    d = Q.shape[-1]
    scale = d ** -0.5
    A = torch.softmax(Q @ K.T * scale, dim=-1)
    dV = A.T @ dout
    dA = dout @ V.T
    dS = A * (dA - (dA * A).sum(dim=-1, keepdim=True))
    dS = dS / d  # <- wrong
    dQ = dS @ K
    dK = dS.T @ Q
    return dQ, dK, dV


def grad_fixed(Q, K, V, dout):
    d = Q.shape[-1]
    scale = d ** -0.5
    A = torch.softmax(Q @ K.T * scale, dim=-1)
    dV = A.T @ dout
    dA = dout @ V.T
    dS = A * (dA - (dA * A).sum(dim=-1, keepdim=True))
    dS = dS * scale
    dQ = dS @ K
    dK = dS.T @ Q
    return dQ, dK, dV


SPEC = dict(wrt=("Q", "K", "V"), shapes={"Q": (6, 4), "K": (6, 4), "V": (6, 2), "dout": (6, 2)})
case = derivation(loss, grad, **SPEC, name="k_attn_04")
CAUSE = "wrong-coefficient"
FIX = "The scores are scaled by 1/sqrt(d), so the backward multiplies by the same scale, not 1/d."
