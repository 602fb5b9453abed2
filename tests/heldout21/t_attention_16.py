"""Scaled dot-product self-attention (one head, no mask), torch, manual backward.

A = softmax(Q K^T / sqrt(d)), O = A V, L = sum(G * O); Q (4, 3), K (4, 3), V (4, 2), G (4, 2).
Gradients with respect to Q, K and V.
Mistake: dK = dS Q instead of dS^T Q; the score matrix is square (4 queries, 4 keys), so
the shapes still agree and nothing crashes.
"""

import math

import torch

from verify import derivation


def loss(Q, K, V, G):
    d = Q.shape[1]
    A = torch.softmax(Q @ K.T / d ** 0.5, dim=1)
    return (G * (A @ V)).sum()


def grad(Q, K, V, G):
    d = Q.shape[-1]
    scale = 1.0 / math.sqrt(d)
    S = Q @ K.T * scale
    A = torch.softmax(S, dim=-1)
    dV = A.T @ G
    dA = G @ V.T
    dS = A * (dA - (dA * A).sum(dim=-1, keepdim=True))
    dQ = dS @ K * scale
    dK = dS @ Q * scale  # <- wrong
    return dQ, dK, dV


def grad_fixed(Q, K, V, G):
    d = Q.shape[-1]
    scale = 1.0 / math.sqrt(d)
    S = Q @ K.T * scale
    A = torch.softmax(S, dim=-1)
    dV = A.T @ G
    dA = G @ V.T
    dS = A * (dA - (dA * A).sum(dim=-1, keepdim=True))
    dQ = dS @ K * scale
    dK = dS.T @ Q * scale
    return dQ, dK, dV


SPEC = dict(wrt=("Q", "K", "V"), shapes={"Q": (4, 3), "K": (4, 3), "V": (4, 2), "G": (4, 2)})
case = derivation(loss, grad, **SPEC, name="t_attention_16")
CAUSE = "transpose"
FIX = "S = Q K^T gives dK = dS^T Q: the score gradient must be transposed before multiplying Q."
